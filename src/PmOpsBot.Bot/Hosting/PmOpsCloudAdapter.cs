using System.Runtime.ExceptionServices;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using PmOpsBot.Bot.Delivery;
using PmOpsBot.Bot.State;

namespace PmOpsBot.Bot.Hosting;

/// <summary>
/// The Bot Framework adapter with PmOpsBot's error policy: log the failure, tell the person in plain
/// words, and reset their conversation state so a broken interview cannot fail every later turn.
/// A write conflict is not broken state: the person is asked to send the message again and keeps their answers.
/// </summary>
public sealed class PmOpsCloudAdapter : CloudAdapter
{
    /// <param name="middleware">Channel-specific preparation of incoming activities (for example Slack button presses relayed by Azure Bot Service).</param>
    public PmOpsCloudAdapter(BotFrameworkAuthentication authentication, ChatStateStore states, ILogger<PmOpsCloudAdapter> logger, IEnumerable<IMiddleware> middleware)
        : base(authentication, logger)
    {
        foreach (var step in middleware) Use(step);
        OnTurnError = (turnContext, exception) => TurnErrorPolicy.HandleAsync(turnContext, exception, states, logger);
    }

    /// <summary>
    /// Authenticates <paramref name="authHeader"/> and runs <paramref name="bot"/> on an activity the caller has already read
    /// (<see cref="CloudAdapter.ProcessAsync(Microsoft.AspNetCore.Http.HttpRequest, Microsoft.AspNetCore.Http.HttpResponse, IBot, CancellationToken)"/>
    /// would read the body again). Returns what to answer: the replies of an expectReplies turn, an invoke's result, or null for a plain 200.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The token was missing or not valid for this bot.</exception>
    public async Task<InvokeResponse?> ProcessAsync(string authHeader, Activity activity, IBot bot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bot);
        return await ProcessActivityAsync(authHeader, activity, bot.OnTurnAsync, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Shared by every adapter the bot runs behind (HTTP, terminal, tests).</summary>
public static class TurnErrorPolicy
{
    public const string ResetMessage = "Sorry, something went wrong on my side. I've reset our conversation: say “new initiative” to start again. Initiatives you already finished are safe.";
    public const string ConflictMessage = "Two of your messages crossed. Please send the last one again; your earlier answers are kept.";
    public const string TransientMessage = "I couldn't save that just now. Your earlier answers are kept: please send your last message again in a moment.";

    public static async Task HandleAsync(ITurnContext turnContext, Exception exception, ChatStateStore states, ILogger logger)
    {
        // A proactive turn (a digest, a message to an owner) has nobody to apologise to and no state to
        // reset: the failure goes back to the code that started it, which retries or reports it.
        if (turnContext.Activity is { Type: ActivityTypes.Event, Name: ActivityEventNames.ContinueConversation })
            ExceptionDispatchInfo.Throw(exception);

        if (exception is ErrorResponseException or ChannelDeliveryException)
        {
            // The channel refused or failed a call (replies are queued before it gets here, so this is another call):
            // the state is not the cause and is kept, and an apology would go the same failing way.
            logger.LogError(exception, "Turn for {Channel}/{Conversation}: the channel failed a call ({Reason}); state kept",
                turnContext.Activity?.ChannelId, turnContext.Activity?.Conversation?.Id, SendFailure.Describe(exception));
            return;
        }

        var conflict = ChatStateStore.IsWriteConflict(exception);
        var transient = !conflict && IsTransient(exception);
        logger.LogError(exception, "Turn failed for {Channel}/{Conversation} (activity {Type}); conflict: {Conflict}, transient: {Transient}",
            turnContext.Activity?.ChannelId, turnContext.Activity?.Conversation?.Id, turnContext.Activity?.Type, conflict, transient);

        // Only state that may itself be the cause is reset; a database or network hiccup is not a reason to lose answers.
        if (!conflict && !transient && turnContext.Activity is not null)
        {
            try
            {
                await states.DeleteAsync(ChatStateStore.KeyFor(turnContext.Activity), CancellationToken.None);
            }
            catch (Exception deleteFailure)
            {
                logger.LogError(deleteFailure, "Could not reset conversation state after a failed turn");
            }
        }

        try
        {
            await turnContext.SendActivityAsync(conflict ? ConflictMessage : transient ? TransientMessage : ResetMessage);
        }
        catch (Exception sendFailure)
        {
            logger.LogError(sendFailure, "Could not tell the user about a failed turn");
        }
    }

    /// <summary>Failures of the machinery around the conversation (disk, database, network, time-outs).</summary>
    public static bool IsTransient(Exception exception) =>
        exception is IOException or TimeoutException or System.Data.Common.DbException or HttpRequestException or TaskCanceledException
        || (exception.InnerException is { } inner && IsTransient(inner));
}
