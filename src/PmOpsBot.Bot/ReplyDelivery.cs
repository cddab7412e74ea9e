using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Logging;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Bot.Delivery;
using PmOpsBot.Bot.Hosting;
using PmOpsBot.Bot.State;
using PmOpsBot.Core.Conversation;

namespace PmOpsBot.Bot;

/// <summary>
/// Gets the core's replies to people: in this conversation, in place of the card that was clicked,
/// or privately to someone else (through their stored private chat, or a new one in Teams). What the channel does
/// not take now is queued by <see cref="OutboundSender"/> and delivered later.
/// </summary>
public sealed class ReplyDelivery(ReplyRenderers renderers, PrivateChats privateChats, BotIdentity identity, OutboundSender outbound, ILogger<ReplyDelivery> logger)
{
    public async Task DeliverAsync(ITurnContext turnContext, ChatContext context, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
    {
        var renderer = renderers.For(turnContext.Activity.ChannelId);
        var here = new List<IActivity>();
        foreach (var reply in replies)
        {
            switch (reply)
            {
                case Reply.DirectMessage direct:
                    if (!await SendPrivatelyAsync(turnContext, context, direct, cancellationToken))
                        here.Add(renderer.Render(new Reply.Text(direct.Undeliverable)));
                    break;
                case Reply.HandoverCard { UpdateInPlace: true } card when CanUpdate(turnContext):
                    var update = (Activity)renderer.Render(card);
                    update.Id = turnContext.Activity.ReplyToId;
                    try
                    {
                        await turnContext.UpdateActivityAsync(update, cancellationToken);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        // The card may be too old or gone; a fresh one is better than none.
                        logger.LogWarning(exception, "Could not update card {ActivityId}; sending a new one", update.Id);
                        update.Id = null;
                        here.Add(update);
                    }

                    break;
                default:
                    here.Add(renderer.Render(reply));
                    break;
            }
        }

        if (here.Count > 0) await outbound.SendInTurnAsync(turnContext, context.TenantId, here, cancellationToken);
    }

    private static bool CanUpdate(ITurnContext turnContext) =>
        !string.IsNullOrEmpty(turnContext.Activity.ReplyToId) && turnContext.Activity.ChannelId is Channels.Msteams or Channels.Slack or Channels.Test;

    private async Task<bool> SendPrivatelyAsync(ITurnContext turnContext, ChatContext context, Reply.DirectMessage direct, CancellationToken cancellationToken)
    {
        var message = renderers.For(turnContext.Activity.ChannelId).Render(direct.Message);
        try
        {
            var reference = await privateChats.FindAsync(context.TenantId, direct.To.Id, cancellationToken);
            if (reference is null && turnContext.Adapter is IChannelAdapter channel)
                reference = await channel.OpenPrivateChatAsync(turnContext.Activity.GetConversationReference(), direct.To.Id, cancellationToken);
            if (reference is not null)
            {
                // Queued counts as delivered: it will arrive, so the person talking is not told it failed.
                var outcome = await outbound.SendAsync(turnContext.Adapter, reference, context.TenantId, direct.To.Id, [message], cancellationToken);
                return outcome is OutboundOutcome.Sent or OutboundOutcome.Queued;
            }

            if (turnContext.Activity.ChannelId == Channels.Msteams && turnContext.Adapter is CloudAdapter cloud && !direct.To.Id.StartsWith("typed:", StringComparison.Ordinal))
                return await CreateTeamsChatAsync(cloud, turnContext, context, direct.To.Id, message, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Blocked, uninstalled or unknown: the person talking is told instead.
            logger.LogWarning(exception, "Private message to {UserId} failed", direct.To.Id);
        }

        return false;
    }

    /// <summary>Teams lets a bot open a 1:1 chat with anyone in the tenant who has the app.</summary>
    private async Task<bool> CreateTeamsChatAsync(CloudAdapter adapter, ITurnContext turnContext, ChatContext context, string userId, IActivity message, CancellationToken cancellationToken)
    {
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = turnContext.Activity.Recipient,
            Members = [new ChannelAccount(userId)],
            TenantId = context.TenantId,
            ChannelData = new TeamsChannelData { Tenant = new TenantInfo(context.TenantId) },
        };
        await adapter.CreateConversationAsync(identity.MicrosoftAppId, Channels.Msteams, turnContext.Activity.ServiceUrl, null, parameters,
            (created, ct) => created.SendActivityAsync(message, ct), cancellationToken);
        return true;
    }
}
