using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using PmOpsBot.Bot.Hosting;
using PmOpsBot.Core.Delivery;

namespace PmOpsBot.Bot.Delivery;

/// <summary>
/// Delivers a queued message through the adapter of its channel (Slack's own, else the Bot Framework connector),
/// one activity at a time and once each: the queue's own spacing is the retry, so nothing here waits.
/// </summary>
public sealed class BotPendingMessageSender(ProactiveAdapters adapters, BotIdentity identity, ILogger<BotPendingMessageSender> logger) : IPendingMessageSender
{
    public async Task<PendingSendResult> SendAsync(PendingMessage message, CancellationToken cancellationToken)
    {
        var reference = PendingMessageFormat.ReadAddress(message.Address);
        var activities = PendingMessageFormat.ReadPayload(message.Payload);
        if (reference is null || activities is null) return new PendingSendResult.Gone("the stored address or content can't be read");

        var adapter = adapters.For(reference);
        for (var i = 0; i < activities.Count; i++)
        {
            var activity = activities[i];
            try
            {
                await adapter.ContinueConversationAsync(identity.MicrosoftAppId, reference, (turn, ct) => turn.SendActivityAsync(activity, ct), cancellationToken);
            }
            catch (Exception exception) when (SendFailure.Classify(exception, cancellationToken) is var kind && kind != SendFailureKind.NotASendFailure)
            {
                switch (kind)
                {
                    case SendFailureKind.Gone:
                        return new PendingSendResult.Gone(SendFailure.Describe(exception));
                    case SendFailureKind.Retryable:
                        var rest = PendingMessageFormat.Payload(activities.Skip(i).Cast<IActivity>());
                        return new PendingSendResult.Failed(rest, Retryable: true, SendFailure.Describe(exception));
                    default:
                        // This one message is refused for good; the ones after it still go.
                        logger.LogError(exception, "Queued message {Id} to {Conversation}: the channel refused part {Part}", message.Id, reference.Conversation?.Id, i + 1);
                        continue;
                }
            }
        }

        return PendingSendResult.Delivered;
    }
}
