using Microsoft.Bot.Builder;
using Microsoft.Extensions.Logging;
using PmOpsBot.Core.Conversation;

namespace PmOpsBot.Slack.Inbound;

/// <summary>
/// Runs one acknowledged Slack request through the bot, in the background. An event is first recorded in the
/// shared database: Slack may retry it to another instance, and only the first record anywhere is processed.
/// (The acknowledgement's in-memory check already drops the copies this instance saw.)
/// </summary>
public sealed class SlackTurnProcessor(SlackActivityFactory activities, SlackAdapter adapter, IBot bot, IInboundEventLog events, TimeProvider clock,
    ILogger<SlackTurnProcessor> logger)
{
    public const string EventSource = "slack";

    /// <summary>Slack retries for about an hour; records are kept a day, and old ones cleared now and then.</summary>
    private static readonly TimeSpan Kept = TimeSpan.FromDays(1);

    private static readonly TimeSpan ClearEvery = TimeSpan.FromMinutes(10);
    private long _nextClearTicks;

    public async Task ProcessAsync(SlackInbound inbound, CancellationToken cancellationToken)
    {
        if (inbound.EventId is { } eventId)
        {
            var now = clock.GetUtcNow();
            if (!await events.TryRecordAsync(EventSource, eventId, now, cancellationToken))
            {
                logger.LogInformation("Slack event {EventId} was already taken in by another instance; not processed again", eventId);
                return;
            }

            await ClearOldRecordsAsync(now, cancellationToken);
        }

        var activity = await activities.CreateAsync(inbound, cancellationToken);
        if (activity is null)
        {
            logger.LogDebug("Slack {Kind} request needs no answer", inbound.Kind);
            return;
        }

        await adapter.ProcessAsync(activity, bot, cancellationToken);
    }

    private async Task ClearOldRecordsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextClearTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextClearTicks, now.Add(ClearEvery).UtcTicks, due) != due) return;
        var cleared = await events.ForgetBeforeAsync(now - Kept, cancellationToken);
        if (cleared > 0) logger.LogDebug("Cleared {Count} old Slack event records", cleared);
    }
}
