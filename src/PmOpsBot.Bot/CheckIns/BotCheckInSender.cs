using System.Net;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using PmOpsBot.Bot.Cards;
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
public sealed class BotCheckInSender(BotAdapter adapter, BotIdentity identity, PrivateChats privateChats, ILogger<BotCheckInSender> logger) : ICheckInSender
{
    public async Task<CheckInSendResult> SendPromptAsync(DigestSubscription subscription, UserRef owner, IReadOnlyList<Initiative> initiatives, DateOnly digestDate, bool reminder, CancellationToken cancellationToken)
    {
        var reference = await privateChats.FindAsync(subscription.TenantId, owner.Id, cancellationToken);
        if (reference is null) return new CheckInSendResult.Unreachable("no private chat with the bot yet");

        var card = CheckInCards.Prompt(subscription.Id, digestDate, initiatives, reminder);
        var activity = MessageFactory.Attachment(new Attachment { ContentType = AdaptiveCard.ContentType, Content = card });
        activity.Summary = reminder ? "Reminder: stand-up check-in" : "Stand-up check-in";
        try
        {
            await adapter.ContinueConversationAsync(identity.MicrosoftAppId, reference, (turn, ct) => turn.SendActivityAsync(activity, ct), cancellationToken);
            return CheckInSendResult.Success;
        }
        catch (ErrorResponseException e) when (e.Response?.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            logger.LogInformation("Check-in for {Owner} refused with {Status}: marked not reachable", owner.Id, e.Response?.StatusCode);
            return new CheckInSendResult.Unreachable($"the channel answered {(int?)e.Response?.StatusCode}");
        }
        catch (Exception e) when (e is ErrorResponseException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Check-in for {Owner} failed", owner.Id);
            return new CheckInSendResult.Failed(e.Message);
        }
    }
}
