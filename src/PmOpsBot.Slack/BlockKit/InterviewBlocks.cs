using System.Globalization;
using Newtonsoft.Json.Linq;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Interview;
using static PmOpsBot.Slack.BlockKit.Blocks;
using static PmOpsBot.Slack.BlockKit.Mrkdwn;

namespace PmOpsBot.Slack.BlockKit;

/// <summary>The interview's steps and the decision it ends with; every interview button carries the step key.</summary>
public static class InterviewBlocks
{
    public static SlackMessage Prompt(Reply.InterviewPrompt prompt)
    {
        var step = prompt.StepKey;
        var navigation = new List<JObject>();
        if (prompt.CanGoBack) navigation.Add(Button("Back", new ButtonValue("back", Step: step)));

        switch (prompt.Progress)
        {
            case InterviewProgress.AskName name:
                navigation.Add(Button("Cancel", new ButtonValue("cancel", Step: step)));
                return BlockKitMessage.Compose("New initiative: what do you call it?",
                [
                    Header("New initiative"),
                    Note(name.Note),
                    Section("What do you call it? Type a short name, for example “CRM rollout” or “Payroll”."),
                    .. Actions(navigation),
                ]);

            case InterviewProgress.AskDescription description:
                navigation.Add(Button("Skip", new ButtonValue("skip", Step: step)));
                navigation.Add(Button("Cancel", new ButtonValue("cancel", Step: step)));
                return BlockKitMessage.Compose($"Describe “{Escape(description.Name)}” in a sentence or two.",
                [
                    Header(description.Name),
                    Note(description.Note),
                    Section("Describe it in a sentence or two: what changes, by when, who does the work, how often it happens."),
                    Context("For example: “Move the Leeds office to the new building by June” or “Answer customer emails every day within 4 hours”."),
                    .. Actions(navigation),
                ]);

            case InterviewProgress.ConfirmInferred confirm:
                navigation.Add(Button("Cancel", new ButtonValue("cancel", Step: step)));
                return BlockKitMessage.Compose("Here's what I read. Is that right?",
                [
                    Header("Here's what I read"),
                    Note(confirm.Note),
                    // One line per phrase read: "“go live in March” → project (timeframe, rhythm)".
                    .. Lines(null, confirm.Inferred.GroupBy(s => (s.Evidence, s.Leaning)).Select(g =>
                        $"{Bold(Escape(g.Key.Evidence))} → {LeaningName(g.Key.Leaning)} ({string.Join(", ", g.Select(s => InterviewScript.TopicOf(s.Dimension).ToLowerInvariant()))})")),
                    Section("Is that right? If so, I'll only ask about the rest."),
                    .. Actions([Button("Yes, that's right", new ButtonValue("answer", "yes", step), ButtonStyle.Primary), Button("No, ask me", new ButtonValue("answer", "no", step))]),
                    .. Actions(navigation),
                ]);

            case InterviewProgress.AskQuestion question:
                navigation.Add(Button("Skip", new ButtonValue("skip", Step: step)));
                navigation.Add(Button("Cancel", new ButtonValue("cancel", Step: step)));
                return BlockKitMessage.Compose($"Question {question.Number} of {question.Total}: {Escape(question.Question.Prompt)}",
                [
                    Context($"Question {question.Number} of {question.Total} · {Escape(question.Question.Topic)}"),
                    Note(question.Note),
                    Section(Bold(Escape(question.Question.Prompt))),
                    question.Suggested is { } hint ? Context($"Your description suggests {LeaningName(hint.Leaning)} ({Escape(hint.Evidence)}).") : null,
                    .. Actions(question.Question.Options.Select(o => Button($"{o.Key}) {o.Label}", new ButtonValue("answer", o.Key, step)))),
                    Context($"Or type your answer, for example {Escape(question.Question.Example)}."),
                    .. Actions(navigation),
                ]);

            default:
                return BlockKitMessage.Compose("All questions are answered.", [Section("All questions are answered.")]);
        }
    }

    public static SlackMessage Decision(Reply.DecisionCard decision)
    {
        var result = decision.Result;
        var guidance = decision.Guidance;
        var initiative = decision.Initiative;
        var confidence = result.Confidence.ToString("P0", CultureInfo.InvariantCulture);
        return BlockKitMessage.Compose($"{Escape(initiative.Name)}: {Escape(guidance.Headline)} (confidence {confidence})",
        [
            Context(Escape(initiative.Name)),
            Header(guidance.Headline),
            Section($"Confidence {confidence} · {Escape(guidance.Summary)}"),
            decision.Rationale is { } rationale ? Context($"In short: {Escape(rationale)}") : null,
            guidance.HandoffAdvice is { } advice ? Section($":warning: {Bold(Escape(advice))}") : null,
            .. Bullets("What points to a project", result.ForProject.Select(Because)),
            .. Bullets("What points to operations", result.ForOperations.Select(Because)),
            .. Bullets("Undecided", result.Neutral.Select(Because)),
            .. Bullets(guidance.PracticesTitle, guidance.Practices.Select(Escape)),
            .. Bullets(guidance.MeasuresTitle, guidance.Measures.Select(Escape)),
            .. Actions(
            [
                Button(initiative.NeedsHandover ? "Plan the handover" : "Owners", new ButtonValue("handover-show", Initiative: initiative.Id)),
                Button("Which career fits me?", new ButtonValue("career")),
                Button("Start over", new ButtonValue("new")),
            ]),
        ]);
    }

    private static string Because(DimensionSignal signal) => $"{Escape(InterviewScript.TopicOf(signal.Dimension))}: {Escape(signal.Evidence)}";

    /// <summary>A re-ask or a move explained ("Sorry, I didn't catch that"): it may quote what was typed.</summary>
    private static JObject? Note(string? note) => note is null ? null : Section($":warning: {Escape(note)}");

    private static string LeaningName(Leaning leaning) => leaning switch
    {
        Leaning.Project => "project",
        Leaning.Operations => "operations",
        _ => "both",
    };
}
