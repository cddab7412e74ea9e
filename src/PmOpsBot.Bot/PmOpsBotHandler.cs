using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using PmOpsBot.Bot.Activities;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Bot.State;
using PmOpsBot.Core.Conversation;

namespace PmOpsBot.Bot;

/// <summary>
/// The bot: turns an activity into a call on the core and the core's replies into activities.
/// One state read and one write per turn, turns of one person serialised, state saved before any
/// reply is sent so a reply never promises something that was not kept.
/// </summary>
public sealed class PmOpsBotHandler(
    ConversationFlow flow,
    ChatStateStore states,
    TurnLocks locks,
    ReplyDelivery delivery,
    PrivateChats privateChats,
    TurnInterviewLog interviewLog,
    ILogger<PmOpsBotHandler> logger) : TeamsActivityHandler
{
    /// <summary>Typed messages longer than this are cut: no question needs an essay, and it keeps state small.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>Said after the replies to a message that was cut to <see cref="MaxTextLength"/>.</summary>
    public static readonly string CutNote = $"Your message was long, so I only read its first {MaxTextLength.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} characters.";

    /// <summary>A turn that keeps losing write races is given up after this many tries (the person is asked to resend).</summary>
    public const int MaxTurnAttempts = 3;

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (ChatContextReader.IsGroup(activity))
        {
            // In channels and group chats the bot answers only when @mentioned (button presses on its own
            // cards carry no mention), and the mention is not part of the answer.
            var buttonPress = activity.Value is not null && string.IsNullOrWhiteSpace(activity.Text);
            if (!buttonPress && !ChatContextReader.MentionsBot(activity)) return;
            turnContext.Activity.RemoveRecipientMention();
        }

        var mentions = MentionReader.PeopleMentioned(activity);
        if (!TryReadInput(activity, out var input, out var problem, out var cut))
        {
            await turnContext.SendActivityAsync(problem, cancellationToken: cancellationToken);
            return;
        }

        input = input with { Mentions = mentions };
        await RunTurnAsync(turnContext, async (state, context) =>
        {
            var replies = await flow.HandleAsync(state, context, input, cancellationToken);
            return cut ? [.. replies, new Reply.Text(CutNote)] : replies;
        }, cancellationToken);
    }

    protected override Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        // Handled here rather than through the Teams member-added dispatch, which looks every member
        // up through the connector: the welcome needs no more than "the bot was added".
        var activity = turnContext.Activity;
        var botAdded = activity.MembersAdded?.Any(m => m.Id == activity.Recipient?.Id) == true;
        var userAddedToChatWithBot = !ChatContextReader.IsGroup(activity) && activity.MembersAdded?.Any(m => m.Id == activity.From?.Id) == true;
        return botAdded || userAddedToChatWithBot ? WelcomeAsync(turnContext, cancellationToken) : Task.CompletedTask;
    }

    protected override Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        WelcomeAsync(turnContext, cancellationToken);

    // Teams (and the Playground) may send installationUpdate and conversationUpdate together: whichever
    // comes first welcomes (and offers the digest in a team); the other finds the welcome done.
    private Task WelcomeAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        RunTurnAsync(turnContext, (state, context) => Task.FromResult(flow.Installed(state, context)), cancellationToken);

    private async Task RunTurnAsync(ITurnContext turnContext, Func<ChatState, ChatContext, Task<IReadOnlyList<Reply>>> handle, CancellationToken cancellationToken)
    {
        var key = ChatStateStore.KeyFor(turnContext.Activity);
        var context = ChatContextReader.Read(turnContext.Activity);
        IReadOnlyList<Reply> replies;
        using (await locks.AcquireAsync(key, cancellationToken))
        {
            bool firstPrivateTurn;
            StateSaved saved;
            using var heldLogWrites = interviewLog.BeginTurn();
            for (var attempt = 1; ; attempt++)
            {
                heldLogWrites.Discard();
                var document = await states.LoadAsync(key, cancellationToken);
                replies = await handle(document.State, context);
                firstPrivateTurn = !context.IsGroup && !document.State.PrivateChatRecorded;
                document.State.PrivateChatRecorded |= firstPrivateTurn;
                try
                {
                    saved = await states.SaveAsync(key, document, heldLogWrites.Held, cancellationToken);
                    break;
                }
                catch (Exception exception) when (ChatStateStore.IsWriteConflict(exception) && attempt < MaxTurnAttempts)
                {
                    // Another instance saved this person's state since it was read (two quick messages landing on two
                    // instances): the turn is replayed on what that instance saved, so neither message is lost.
                    // The core's writes are idempotent per interview (the initiative's id is the interview's), so a
                    // replayed turn does not repeat them.
                    logger.LogInformation("Turn for {Key} lost a write race (attempt {Attempt}); replaying it on the newer state", key, attempt);
                }
            }

            if (saved.InterviewsWritten)
            {
                // With the state, in its transaction: a lost race or a crash wrote neither.
                heldLogWrites.Discard();
                foreach (var refused in saved.Refused)
                    logger.LogWarning("Could not record the open interview {Session} for {Key}: its id is another tenant's", refused.SessionId, key);
            }
            else
            {
                // Only now that the state holding them is saved: a lost race or a crash before this leaves no orphan rows.
                await CommitLogWritesAsync(heldLogWrites, key, cancellationToken);
            }

            if (firstPrivateTurn)
            {
                // Remembered once, so the bot can later ask this person to accept an ownership.
                await privateChats.RememberAsync(turnContext.Activity, context.TenantId, [context.User.Id, context.ChannelAccountId ?? ""], cancellationToken);
            }
        }

        if (replies.Count == 0) return;
        await delivery.DeliverAsync(turnContext, context, replies, cancellationToken);
        logger.LogInformation("Turn {Channel}/{Conversation}: {Count} replies ({Kinds})", context.ChannelId, context.ConversationId, replies.Count,
            string.Join(",", replies.Select(r => r.GetType().Name)));
    }

    private async Task CommitLogWritesAsync(TurnInterviewLog.Scope held, string key, CancellationToken cancellationToken)
    {
        try
        {
            await held.CommitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The answers are saved; the digest just won't list this interview as unfinished until its next write.
            logger.LogWarning(exception, "Could not record the open interview for {Key}", key);
        }
    }

    private static bool TryReadInput(IMessageActivity activity, out UserInput input, out string problem, out bool cut)
    {
        problem = "";
        cut = false;
        var text = activity.Text?.Trim();
        if (activity.Value is not null && string.IsNullOrEmpty(text))
            return CardSubmission.TryRead(activity.Value, out input, out problem);

        if (string.IsNullOrEmpty(text))
        {
            input = UserInput.Typed("");
            problem = "I can only read text and button presses. Type “help” to see what I can do.";
            return false;
        }

        text = MentionReader.PlainText(text);
        cut = text.Length > MaxTextLength;
        input = UserInput.Typed(cut ? text[..MaxTextLength] : text);
        return true;
    }
}
