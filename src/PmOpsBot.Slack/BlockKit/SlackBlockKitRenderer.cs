using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Initiatives;
using static PmOpsBot.Slack.BlockKit.Blocks;

namespace PmOpsBot.Slack.BlockKit;

/// <summary>
/// Renders replies as Slack Block Kit, with the same facts, buttons and inputs as the Adaptive Cards Teams gets.
/// The message travels as the activity's channelData; its text is the fallback. It decides nothing.
/// </summary>
public sealed class SlackBlockKitRenderer : IReplyRenderer
{
    public IActivity Render(Reply reply)
    {
        var message = RenderMessage(reply);
        var activity = MessageFactory.Text(message.Text);
        activity.ChannelData = message;
        return activity;
    }

    public SlackMessage RenderMessage(Reply reply)
    {
        var message = reply switch
        {
            Reply.Text text => TextMessage(text.Message),
            Reply.Welcome welcome => WelcomeMessage(welcome),
            Reply.Help help => HelpMessage(help),
            Reply.InterviewPrompt prompt => InterviewBlocks.Prompt(prompt),
            Reply.ConfirmAbandon abandon => AbandonMessage(abandon),
            Reply.ConfirmForget => PrivacyBlocks.ConfirmForget(),
            Reply.DecisionCard decision => InterviewBlocks.Decision(decision),
            Reply.HandoverCard handover => HandoverBlocks.Handover(handover),
            Reply.DigestCard digest => DigestBlocks.Digest(digest.Content),
            Reply.DigestOffer => DigestBlocks.Offer(),
            CheckInHistoryReply history => CheckInBlocks.History(history),
            CheckInPromptReply prompt => CheckInBlocks.Prompt(prompt.SubscriptionId, prompt.DigestDate, prompt.Initiatives, prompt.Reminder),
            Reply.CareerQuestion question => CareerFitBlocks.Question(question.Progress, question.CanGoBack),
            Reply.CareerResult career => CareerFitBlocks.Result(career.Result),
            Reply.CareerReuseOffer offer => CareerFitBlocks.OfferReuse(offer.AnsweredAt),
            Reply.InitiativeList list => HandoverBlocks.List(list),
            Reply.ChooseInitiative choose => HandoverBlocks.Choose(choose),
            Reply.NoSuchInitiative missing => HandoverBlocks.NotFound(missing),
            Reply.OwnerRequest request => HandoverBlocks.OwnerRequest(request),
            // Delivery opens the private chat; when it hands the whole thing here, show what is inside.
            Reply.DirectMessage direct => RenderMessage(direct.Message),
            _ => TextMessage(reply.GetType().Name),
        };
        return new SlackMessage { Text = message.Text, Blocks = message.Blocks, Thread = message.Thread, ForOnePerson = SlackAudience.IsForOnePerson(reply) };
    }

    /// <summary>The private check-in prompt to an owner: the Slack twin of <c>CheckInCards.Prompt</c>.</summary>
    public static SlackMessage CheckInPrompt(Guid subscriptionId, DateOnly digestDate, IReadOnlyList<Initiative> initiatives, bool reminder) =>
        CheckInBlocks.Prompt(subscriptionId, digestDate, initiatives, reminder);

    private static SlackMessage TextMessage(string message)
    {
        var escaped = Mrkdwn.Escape(message);
        return BlockKitMessage.Compose(escaped, Lines(null, escaped.Split('\n')));
    }

    private static SlackMessage WelcomeMessage(Reply.Welcome welcome)
    {
        var greeting = string.IsNullOrWhiteSpace(welcome.UserName) ? "Hi, I'm PmOpsBot" : $"Hi {welcome.UserName}, I'm PmOpsBot";
        return BlockKitMessage.Compose(
            string.IsNullOrWhiteSpace(welcome.UserName) ? greeting : $"Hi {Mrkdwn.Escape(welcome.UserName)}, I'm PmOpsBot",
            [
                Header(greeting),
                Section("Tell me about a piece of work and I'll tell you whether to run it as a project or as operations, and why."),
                Section("Type “new initiative” or just describe the work in a sentence."),
                .. Actions(
                [
                    Button("Start an interview", new ButtonValue("new"), ButtonStyle.Primary),
                    Button("Which career fits me?", new ButtonValue("career")),
                    Button("Help", new ButtonValue("help")),
                ]),
            ]);
    }

    private static SlackMessage HelpMessage(Reply.Help help)
    {
        var buttons = new List<Newtonsoft.Json.Linq.JObject>();
        if (!help.InInterview) buttons.Add(Button("Start an interview", new ButtonValue("new"), ButtonStyle.Primary));
        buttons.Add(Button("Which career fits me?", new ButtonValue("career")));
        return BlockKitMessage.Compose("What I can do",
        [
            Header("What I can do"),
            Section("Describe some work and I'll decide, with reasons, whether it should run as a project or as operations. Type a command or use the buttons."),
            .. Fields(
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
            help.InInterview ? Context("You're in an interview: answer the question below with a button or in your own words.") : null,
            .. Actions(buttons),
        ]);
    }

    private static SlackMessage AbandonMessage(Reply.ConfirmAbandon abandon)
    {
        var question = $"You're in the middle of “{Mrkdwn.Escape(abandon.OpenInterviewName)}”. Drop it and start a new one?";
        return BlockKitMessage.Compose(question,
        [
            Section(Mrkdwn.Bold(question)),
            .. Actions(
            [
                Button("Yes, start a new one", new ButtonValue("confirm"), ButtonStyle.Danger),
                Button("No, keep going", new ButtonValue("decline")),
            ]),
        ]);
    }
}
