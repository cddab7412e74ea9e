using System.Globalization;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Interview;
using static PmOpsBot.Bot.Cards.AdaptiveCard;

namespace PmOpsBot.Bot.Cards;

/// <summary>Renders replies as Adaptive Cards 1.5 (Teams, Agents Playground, Web Chat, the terminal).</summary>
public sealed class AdaptiveCardReplyRenderer : IReplyRenderer
{
    public IActivity Render(Reply reply) => reply switch
    {
        Reply.Text text => MessageFactory.Text(text.Message),
        _ => CardActivity(RenderCard(reply)),
    };

    public JObject RenderCard(Reply reply) => reply switch
    {
        Reply.Welcome welcome => WelcomeCard(welcome),
        Reply.Help help => HelpCard(help),
        Reply.InterviewPrompt prompt => PromptCard(prompt),
        Reply.ConfirmAbandon abandon => AbandonCard(abandon),
        Reply.ConfirmForget => PrivacyCards.ConfirmForget(),
        Reply.DecisionCard decision => DecisionCard(decision),
        Reply.HandoverCard handover => HandoverCards.Handover(handover),
        Reply.DigestCard digest => DigestCards.Digest(digest.Content),
        Reply.DigestOffer => DigestCards.Offer(),
        PmOpsBot.Core.CheckIns.CheckInHistoryReply history => CheckInCards.History(history),
        PmOpsBot.Core.CheckIns.CheckInPromptReply prompt => CheckInCards.Prompt(prompt.SubscriptionId, prompt.DigestDate, prompt.Initiatives, prompt.Reminder),
        Reply.CareerQuestion question => CareerFitCards.Question(question.Progress, question.CanGoBack),
        Reply.CareerResult career => CareerFitCards.Result(career.Result),
        Reply.CareerReuseOffer offer => CareerFitCards.OfferReuse(offer.AnsweredAt),
        Reply.InitiativeList list => HandoverCards.List(list),
        Reply.ChooseInitiative choose => HandoverCards.Choose(choose),
        Reply.NoSuchInitiative missing => HandoverCards.NotFound(missing),
        Reply.OwnerRequest request => HandoverCards.OwnerRequest(request),
        _ => Card([Text(reply.GetType().Name)]),
    };

    private static IActivity CardActivity(JObject card)
    {
        var activity = MessageFactory.Attachment(new Attachment { ContentType = ContentType, Content = card });
        activity.Summary = card["body"]?.FirstOrDefault()?["text"]?.ToString();
        return activity;
    }

    private static JObject WelcomeCard(Reply.Welcome welcome) => Card(
        [
            Heading(string.IsNullOrWhiteSpace(welcome.UserName) ? "Hi, I'm PmOpsBot" : $"Hi {Escape(welcome.UserName)}, I'm PmOpsBot"),
            Text("Tell me about a piece of work and I'll tell you whether to run it as a project or as operations, and why."),
            Text("Type “new initiative” or just describe the work in a sentence.", spacing: "None"),
        ],
        Submit("Start an interview", "new", style: "positive"),
        Submit("Which career fits me?", "career"),
        Submit("Help", "help"));

    private static JObject HelpCard(Reply.Help help) => Card(
        [
            Heading("What I can do"),
            Text("Describe some work and I'll decide, with reasons, whether it should run as a project or as operations. Type a command or use the buttons."),
            Facts(
            [
                ("new initiative", "start the interview"),
                ("back", "change your previous answer"),
                ("skip", "skip the current question"),
                ("status", "where am I?"),
                ("cancel", "stop the interview, nothing is saved"),
                ("restart", "start the interview again"),
                ("career fit", "which career suits you"),
                ("forget me", "delete your data (asks first)"),
            ]),
            help.InInterview ? Text("You're in an interview: answer the question below with a button or in your own words.", subtle: true) : null,
        ],
        help.InInterview ? null : Submit("Start an interview", "new", style: "positive"),
        Submit("Which career fits me?", "career"));

    private static JObject AbandonCard(Reply.ConfirmAbandon abandon) => Card(
        [
            Text($"You're in the middle of “{Escape(abandon.OpenInterviewName)}”. Drop it and start a new one?", weight: "Bolder"),
        ],
        Submit("Yes, start a new one", "confirm", style: "destructive"),
        Submit("No, keep going", "decline"));

    private static JObject PromptCard(Reply.InterviewPrompt prompt)
    {
        var step = prompt.StepKey;
        var navigation = new List<JObject>();
        if (prompt.CanGoBack) navigation.Add(Submit("Back", "back", step: step));

        switch (prompt.Progress)
        {
            case InterviewProgress.AskName name:
                navigation.Add(Submit("Cancel", "cancel", step: step));
                return Card(
                    [Heading("New initiative"), Note(name.Note), Text("What do you call it? Type a short name, for example “CRM rollout” or “Payroll”."), ActionSet(navigation)]);

            case InterviewProgress.AskDescription description:
                navigation.Add(Submit("Skip", "skip", step: step));
                navigation.Add(Submit("Cancel", "cancel", step: step));
                return Card(
                [
                    Heading(Escape(description.Name)), Note(description.Note),
                    Text("Describe it in a sentence or two: what changes, by when, who does the work, how often it happens."),
                    Text("For example: “Move the Leeds office to the new building by June” or “Answer customer emails every day within 4 hours”.", subtle: true),
                    ActionSet(navigation),
                ]);

            case InterviewProgress.ConfirmInferred confirm:
                navigation.Add(Submit("Cancel", "cancel", step: step));
                return Card(
                [
                    Heading("Here's what I read"), Note(confirm.Note),
                    // One line per phrase read: "“go live in March” → project (timeframe, rhythm)".
                    Facts(confirm.Inferred.GroupBy(s => (s.Evidence, s.Leaning)).Select(g =>
                        (Escape(g.Key.Evidence), $"{LeaningName(g.Key.Leaning)} ({string.Join(", ", g.Select(s => InterviewScript.TopicOf(s.Dimension).ToLowerInvariant()))})"))),
                    Text("Is that right? If so, I'll only ask about the rest."),
                    ActionSet([Submit("Yes, that's right", "answer", "yes", step, "positive"), Submit("No, ask me", "answer", "no", step)]),
                    ActionSet(navigation),
                ]);

            case InterviewProgress.AskQuestion question:
                navigation.Add(Submit("Skip", "skip", step: step));
                navigation.Add(Submit("Cancel", "cancel", step: step));
                return Card(
                [
                    Text($"Question {question.Number} of {question.Total} · {question.Question.Topic}", subtle: true, size: "Small"),
                    Note(question.Note),
                    Text(question.Question.Prompt, size: "Medium", weight: "Bolder"),
                    question.Suggested is { } hint ? Text($"Your description suggests {LeaningName(hint.Leaning)} ({hint.Evidence}).", subtle: true) : null,
                    ActionSet(question.Question.Options.Select(o => Submit($"{o.Key}) {o.Label}", "answer", o.Key, step))),
                    Text($"Or type your answer, for example {question.Question.Example}.", subtle: true, size: "Small"),
                    ActionSet(navigation),
                ]);

            default:
                return Card([Text("All questions are answered.")]);
        }
    }

    private static JObject DecisionCard(Reply.DecisionCard decision)
    {
        var result = decision.Result;
        var guidance = decision.Guidance;
        var confidence = result.Confidence.ToString("P0", CultureInfo.InvariantCulture);
        return Card(
            [
                Text(Escape(decision.Initiative.Name), subtle: true),
                Heading(guidance.Headline),
                Text($"Confidence {confidence} · {guidance.Summary}"),
                decision.Rationale is { } rationale ? Text($"In short: {Escape(rationale)}", subtle: true) : null,
                guidance.HandoffAdvice is { } advice ? Container([Text(advice, weight: "Bolder", color: "Warning")], "warning") : null,
                Bullets("What points to a project", result.ForProject.Select(Because), "Accent"),
                Bullets("What points to operations", result.ForOperations.Select(Because), "Accent"),
                Bullets("Undecided", result.Neutral.Select(Because)),
                Bullets(guidance.PracticesTitle, guidance.Practices),
                Bullets(guidance.MeasuresTitle, guidance.Measures),
            ],
            Submit(decision.Initiative.NeedsHandover ? "Plan the handover" : "Owners", "handover-show", initiative: decision.Initiative.Id),
            Submit("Which career fits me?", "career"),
            Submit("Start over", "new"));
    }

    private static string Because(DimensionSignal signal) => $"{InterviewScript.TopicOf(signal.Dimension)}: {Escape(signal.Evidence)}";

    private static JObject? Note(string? note) => note is null ? null : Text(note, color: "Attention");

    private static string LeaningName(Leaning leaning) => leaning switch
    {
        Leaning.Project => "project",
        Leaning.Operations => "operations",
        _ => "both",
    };
}
