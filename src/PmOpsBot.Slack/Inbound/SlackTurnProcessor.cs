using Microsoft.Bot.Builder;
using Microsoft.Extensions.Logging;

namespace PmOpsBot.Slack.Inbound;

/// <summary>
/// Runs one acknowledged Slack request through the bot, in the background. Copies of an event were already turned
/// away when it was taken in (<see cref="SlackInboundIntake"/>), here and on every other instance.
/// </summary>
public sealed class SlackTurnProcessor(SlackActivityFactory activities, SlackAdapter adapter, IBot bot, ILogger<SlackTurnProcessor> logger)
{
    public async Task ProcessAsync(SlackInbound inbound, CancellationToken cancellationToken)
    {
        var activity = await activities.CreateAsync(inbound, cancellationToken);
        if (activity is null)
        {
            logger.LogDebug("Slack {Kind} request needs no answer", inbound.Kind);
            return;
        }

        await adapter.ProcessAsync(activity, bot, cancellationToken);
    }
}
