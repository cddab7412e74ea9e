using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using PmOpsBot.Core.Delivery;

namespace PmOpsBot.Bot.Delivery;

/// <summary>
/// Sends what the bot promised someone so that a channel's bad moment never loses it: each message is tried a few
/// times at once (429, 5xx, network errors, time-outs; bounded by <see cref="OutboundDeliveryOptions"/>), and what
/// still did not go is put in the queue of undelivered messages, in order, for <see cref="PendingMessageRunner"/>.
/// Messages go one at a time, so a failure part-way through neither repeats nor drops the ones before it.
/// </summary>
public sealed class OutboundSender
{
    private readonly IPendingMessageStore _queue;
    private readonly BotIdentity _identity;
    private readonly TimeProvider _clock;
    private readonly PendingMessageOptions _queueOptions;
    private readonly ILogger<OutboundSender> _logger;
    private readonly ResiliencePipeline _immediate;

    public OutboundSender(
        IPendingMessageStore queue,
        BotIdentity identity,
        TimeProvider clock,
        IOptions<OutboundDeliveryOptions> options,
        IOptions<PendingMessageOptions> queueOptions,
        ILogger<OutboundSender> logger)
    {
        _queue = queue;
        _identity = identity;
        _clock = clock;
        _queueOptions = queueOptions.Value;
        _logger = logger;
        _immediate = BuildPipeline(options.Value, clock, logger);
    }

    /// <summary>Replies within a turn, through the turn's own context (so expectReplies and in-place updates keep working).</summary>
    public async Task<OutboundOutcome> SendInTurnAsync(ITurnContext turnContext, string tenantId, IReadOnlyList<IActivity> activities, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.DeliveryMode == DeliveryModes.ExpectReplies)
        {
            // The replies go back in the HTTP response: nothing is sent now, so nothing can fail or need retrying.
            await turnContext.SendActivitiesAsync([.. activities], cancellationToken);
            return OutboundOutcome.Sent;
        }

        return await SendEachAsync(
            (activity, ct) => turnContext.SendActivityAsync(activity, ct),
            () => turnContext.Activity.GetConversationReference(),
            tenantId,
            recipientId: null,
            activities,
            cancellationToken);
    }

    /// <summary>Messages to a stored conversation (a private chat, a channel) through <paramref name="adapter"/>.</summary>
    public Task<OutboundOutcome> SendAsync(BotAdapter adapter, ConversationReference reference, string tenantId, string? recipientId, IReadOnlyList<IActivity> activities, CancellationToken cancellationToken) =>
        SendEachAsync(
            (activity, ct) => adapter.ContinueConversationAsync(_identity.MicrosoftAppId, reference, (turn, c) => turn.SendActivityAsync(activity, c), ct),
            () => reference,
            tenantId,
            recipientId,
            activities,
            cancellationToken);

    private async Task<OutboundOutcome> SendEachAsync(
        Func<IActivity, CancellationToken, Task> send,
        Func<ConversationReference> address,
        string tenantId,
        string? recipientId,
        IReadOnlyList<IActivity> activities,
        CancellationToken cancellationToken)
    {
        var outcome = OutboundOutcome.Sent;
        for (var i = 0; i < activities.Count; i++)
        {
            var activity = activities[i];
            try
            {
                await _immediate.ExecuteAsync(async ct => await send(activity, ct), cancellationToken);
                continue;
            }
            catch (Exception exception) when (SendFailure.Classify(exception, cancellationToken) is var kind && kind != SendFailureKind.NotASendFailure)
            {
                switch (kind)
                {
                    case SendFailureKind.Retryable:
                        await QueueAsync(address(), tenantId, recipientId, activities.Skip(i).ToList(), exception);
                        return OutboundOutcome.Queued;
                    case SendFailureKind.Gone:
                        _logger.LogWarning("Message to {Conversation} not delivered ({Reason}): the bot is no longer there", address().Conversation?.Id, SendFailure.Describe(exception));
                        return OutboundOutcome.Gone;
                    default:
                        // The channel refused this message itself; the others may still be fine.
                        _logger.LogError(exception, "Message to {Conversation} refused ({Reason}); the rest are still sent", address().Conversation?.Id, SendFailure.Describe(exception));
                        outcome = OutboundOutcome.Refused;
                        break;
                }
            }
        }

        return outcome;
    }

    private async Task QueueAsync(ConversationReference reference, string tenantId, string? recipientId, IReadOnlyList<IActivity> rest, Exception failure)
    {
        var now = _clock.GetUtcNow();
        var wait = SendFailure.RetryAfter(failure) is { } asked && asked > _queueOptions.DelayBefore(1) ? asked : _queueOptions.DelayBefore(1);
        var message = new PendingMessage(
            Guid.NewGuid(), tenantId, recipientId, PendingMessageFormat.Address(reference), PendingMessageFormat.Payload(rest),
            Attempts: 0, CreatedAt: now, NextAttemptAt: now + wait, LastError: SendFailure.Describe(failure));
        // Not cancelled with the turn: the whole point is to keep what could not be sent.
        await _queue.AddAsync(message, CancellationToken.None);
        _logger.LogWarning(failure, "{Count} message(s) to {Conversation} not delivered now ({Reason}); queued as {Id} for {When}",
            rest.Count, reference.Conversation?.Id, message.LastError, message.Id, message.NextAttemptAt);
    }

    private static ResiliencePipeline BuildPipeline(OutboundDeliveryOptions options, TimeProvider clock, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = clock };
        if (options.ImmediateRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                // The caller's own cancellation is not a failure to retry; a time-out of one attempt is.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e
                    && SendFailure.Classify(e, args.Context.CancellationToken) == SendFailureKind.Retryable
                    && !(SendFailure.RetryAfter(e) > options.MaxImmediateWait)
                    // A channel client that reports its own codes has already retried what was worth it.
                    && e is not ChannelDeliveryException),
                MaxRetryAttempts = options.ImmediateRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.ImmediateRetryDelay,
                DelayGenerator = args => ValueTask.FromResult(SendFailure.RetryAfter(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    logger.LogInformation("Send failed ({Reason}, attempt {Attempt}); trying again in {Delay}",
                        args.Outcome.Exception is { } e ? SendFailure.Describe(e) : "?", args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        if (options.AttemptTimeout > TimeSpan.Zero) builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout });
        return builder.Build();
    }
}
