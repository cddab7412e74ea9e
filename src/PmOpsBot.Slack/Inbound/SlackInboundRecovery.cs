using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PmOpsBot.Core.Conversation;

namespace PmOpsBot.Slack.Inbound;

/// <summary>
/// On start and then every <see cref="SlackOptions.InboundRecoveryTick"/>: renews the leases of the requests this
/// instance holds, and claims the acknowledged requests whose lease ended (their instance died, or this one before it
/// was restarted) into the lanes, lowest id first, so one person's requests keep their order. A request started
/// <see cref="SlackOptions.InboundMaxAttempts"/> times without finishing (say, it kills the process every time) is
/// given up with an error in the log. Also clears old event-id records now and then.
/// </summary>
public sealed class SlackInboundRecovery(ISlackInboundStore store, SlackInboundLeases leases, SlackInboundQueue queue, IInboundEventLog events,
    IOptions<SlackOptions> options, TimeProvider clock, ILogger<SlackInboundRecovery> logger) : BackgroundService
{
    /// <summary>Rows claimed per query; a pass claims batches until fewer come back.</summary>
    public const int BatchSize = 100;

    /// <summary>Slack retries for about an hour; event-id records are kept a day, and old ones cleared now and then.</summary>
    private static readonly TimeSpan EventIdsKept = TimeSpan.FromDays(1);

    private static readonly TimeSpan ClearEventIdsEvery = TimeSpan.FromMinutes(10);

    /// <summary>Enough for any backlog a pass should take on; the next tick takes the rest.</summary>
    private const int MaxBatchesPerPass = 50;

    private DateTimeOffset _nextEventIdClearing = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Without Slack settings nothing is stored, and nothing stored could be answered.
        if (!options.Value.IsConfigured) return;
        using var timer = new PeriodicTimer(options.Value.InboundRecoveryTick, clock);
        do
        {
            await PassAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass; each part on its own, so a failing one (database busy, say) does not stop the others.</summary>
    public async Task PassAsync(CancellationToken cancellationToken)
    {
        try
        {
            await leases.RenewAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Could not renew the leases of {Count} held Slack requests", leases.Count);
        }

        try
        {
            await RecoverAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Slack request recovery pass failed");
        }

        try
        {
            await ClearOldEventIdsAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not clear old Slack event-id records");
        }
    }

    /// <summary>Claims expired rows into the lanes; returns how many were queued.</summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var queued = 0;
        for (var batch = 0; batch < MaxBatchesPerPass; batch++)
        {
            var claimed = await store.ClaimExpiredAsync(clock.GetUtcNow(), leases.LeaseEnd(), BatchSize, cancellationToken);
            var givenUp = new List<long>();
            var laneFull = false;
            foreach (var stored in claimed)
            {
                if (stored.Attempts > options.Value.InboundMaxAttempts || SlackInbound.FromStored(stored) is not { } inbound)
                {
                    givenUp.Add(stored.Id);
                    logger.LogError("Gave up Slack {Kind} request {Id} (event {EventId}, order key {OrderKey}, received {ReceivedAt}): its turn was started {Attempts} times without finishing",
                        stored.Kind, stored.Id, stored.EventId ?? "none", stored.OrderKey, stored.ReceivedAt, stored.Attempts - 1);
                    continue;
                }

                leases.Hold(stored.Id);
                if (!laneFull && queue.TryEnqueue(inbound))
                {
                    queued++;
                    continue;
                }

                // Not queued: let go of it, and of the rest of this batch, which would then run out of order.
                laneFull = true;
                await leases.ReturnAsync(stored.Id);
            }

            if (givenUp.Count > 0) await store.DeleteAsync(givenUp, CancellationToken.None);
            if (laneFull || claimed.Count < BatchSize) break;
        }

        if (queued > 0) logger.LogWarning("Recovered {Count} acknowledged Slack requests whose turns had not finished; running them now", queued);
        return queued;
    }

    private async Task ClearOldEventIdsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < _nextEventIdClearing) return;
        _nextEventIdClearing = now + ClearEventIdsEvery;
        var cleared = await events.ForgetBeforeAsync(now - EventIdsKept, cancellationToken);
        if (cleared > 0) logger.LogDebug("Cleared {Count} old Slack event records", cleared);
    }
}
