using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Bot.Delivery;
using PmOpsBot.Bot.Hosting;
using PmOpsBot.Bot.State;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Bot.CheckIns;

/// <summary>
/// Sends an owner's check-in card to their private chat with the bot. Someone the bot has never
/// talked to privately, or who removed or blocked it (403/404), is reported unreachable, so they are
/// listed as such instead of being retried.
/// </summary>
public sealed class BotCheckInSender(ProactiveAdapters adapters, ReplyRenderers renderers, PrivateChats privateChats, OutboundSender outbound, ILogger<BotCheckInSender> logger) : ICheckInSender
{
    public async Task<CheckInSendResult> SendPromptAsync(DigestSubscription subscription, UserRef owner, IReadOnlyList<Initiative> initiatives, DateOnly digestDate, bool reminder, CancellationToken cancellationToken)
    {
        var activity = renderers.For(subscription.ChannelId).Render(new CheckInPromptReply(subscription.Id, digestDate, initiatives, reminder));
        if (activity is Activity message) message.Summary = reminder ? "Reminder: stand-up check-in" : "Stand-up check-in";
        try
        {
            var reference = await privateChats.FindAsync(subscription.TenantId, owner.Id, cancellationToken) ?? await OpenPrivateChatAsync(subscription, owner, cancellationToken);
            if (reference is null) return new CheckInSendResult.Unreachable("no private chat with the bot yet");
            // A prompt the channel does not take now is queued and still arrives before the digest (the queue's first retry is within a minute).
            return await outbound.SendAsync(adapters.For(reference), reference, subscription.TenantId, owner.Id, [activity], cancellationToken) switch
            {
                OutboundOutcome.Sent or OutboundOutcome.Queued => CheckInSendResult.Success,
                OutboundOutcome.Gone => new CheckInSendResult.Unreachable("the channel answered that the bot is no longer in that chat"),
                _ => new CheckInSendResult.Failed("the channel refused the check-in message"),
            };
        }
        catch (Exception e) when (SendFailure.Classify(e, cancellationToken) is var kind && kind != SendFailureKind.NotASendFailure)
        {
            // Finding or opening the private chat failed (the send itself is OutboundSender's).
            if (kind == SendFailureKind.Gone)
            {
                logger.LogInformation("Check-in for {Owner} refused ({Reason}): marked not reachable", owner.Id, SendFailure.Describe(e));
                return new CheckInSendResult.Unreachable(SendFailure.Explain(e));
            }

            logger.LogWarning(e, "Check-in for {Owner} failed ({Reason})", owner.Id, SendFailure.Describe(e));
            return new CheckInSendResult.Failed(SendFailure.Explain(e));
        }
    }

    /// <summary>Channels that let a bot start a private chat (Slack) reach owners who never wrote to it.</summary>
    private async Task<ConversationReference?> OpenPrivateChatAsync(DigestSubscription subscription, UserRef owner, CancellationToken cancellationToken)
    {
        ConversationReference? near;
        try
        {
            near = JsonConvert.DeserializeObject<ConversationReference>(subscription.DeliveryAddress);
        }
        catch (JsonException)
        {
            return null;
        }

        return near is not null && adapters.ChannelFor(near) is { } channel ? await channel.OpenPrivateChatAsync(near, owner.Id, cancellationToken) : null;
    }
}
