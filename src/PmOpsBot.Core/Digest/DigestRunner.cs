using System.Collections.Concurrent;

namespace PmOpsBot.Core.Digest;

/// <summary>Tuning of <see cref="DigestRunner"/>.</summary>
public sealed record DigestRunnerOptions
{
    /// <summary>
    /// How long a claim holds before another instance may take it over (its holder presumably died).
    /// Must exceed building plus sending one digest, the sender's own retries included.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Subscriptions worked on at the same time within one tick.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Due subscriptions read and handled per tick at most; the rest stay due and are handled by the next ticks.</summary>
    public int MaxPerTick { get; init; } = 1000;
}

/// <summary>What happened to one due subscription in a tick.</summary>
public enum DigestOutcome
{
    /// <summary>The digest was posted and the day recorded.</summary>
    Posted,

    /// <summary>Nothing to report and the channel skips quiet days: nothing posted, the day counts as done.</summary>
    SkippedQuiet,

    /// <summary>Another instance holds the day's claim, or posted already.</summary>
    ClaimedElsewhere,

    /// <summary>The channel is gone for the bot: the subscription was deactivated and the day recorded.</summary>
    Deactivated,

    /// <summary>Sending failed in a way worth retrying: the claim was given back for a later tick.</summary>
    RetryLater,

    /// <summary>Something went wrong (see <see cref="DigestRun.Error"/>).</summary>
    Failed,
}

/// <summary>One subscription's result in a tick. <see cref="LocalDate"/> is null when its schedule could not be computed.</summary>
public sealed record DigestRun(Guid SubscriptionId, DateOnly? LocalDate, DigestOutcome Outcome, string? Error = null);

/// <summary>
/// What one tick did: the due subscriptions it handled, and how many the store still counts as due beyond those it
/// read (left for the next ticks). <see cref="ActiveSubscriptions"/> is a count; the tick reads only the due ones.
/// </summary>
public sealed record DigestTickReport(DateTimeOffset At, int ActiveSubscriptions, IReadOnlyList<DigestRun> Runs, int Deferred)
{
    public int Posted => Runs.Count(r => r.Outcome == DigestOutcome.Posted);

    /// <summary>Runs that went wrong, for the host to log.</summary>
    public IReadOnlyList<DigestRun> Failures => Runs.Where(r => r.Outcome is DigestOutcome.Failed or DigestOutcome.RetryLater).ToList();
}

/// <summary>"digest now": what was built and what the sender made of it.</summary>
public sealed record DigestPostResult(DigestContent Content, DigestSendResult Result);

/// <summary>
/// One scheduler tick, channel-free: finds the subscriptions whose digest is due, claims each day in the store
/// (so one post per channel per local day across restarts and instances), builds and sends. The host calls
/// <see cref="TickAsync"/> (or <see cref="RunDueAsync"/>) every minute or so; failures of one subscription
/// are reported in the result and never stop the others.
/// </summary>
/// <param name="claimant">Who this instance is in the claims table, unique per process (machine name + process id + a guid).</param>
public sealed class DigestRunner(
    IDigestSubscriptionStore subscriptions,
    DigestBuilder builder,
    IDigestSender sender,
    TimeProvider clock,
    string claimant,
    DigestRunnerOptions? options = null)
{
    private readonly DigestRunnerOptions _options = Validate(options ?? new DigestRunnerOptions());
    private readonly string _claimant = string.IsNullOrWhiteSpace(claimant) ? throw new ArgumentException("A claimant id is required.", nameof(claimant)) : claimant;

    /// <summary>A claimant id for this process: machine name, process id and a random part.</summary>
    public static string NewClaimantId() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public string Claimant => _claimant;

    /// <summary>Runs one tick and returns how many digests were posted.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken) => (await TickAsync(cancellationToken)).Posted;

    /// <summary>Runs one tick and reports what happened to every due subscription.</summary>
    /// <remarks>
    /// Reads only the subscriptions whose next run (kept by the store) has come, at most
    /// <see cref="DigestRunnerOptions.MaxPerTick"/>. <see cref="DigestSchedule.DueDate"/> stays the judge: one that
    /// turns out not to be due (its next run was unknown, or belonged to a day that has passed) is moved on to
    /// <see cref="DigestSchedule.NextRun"/>, never posted for a past day. One whose schedule cannot be computed is
    /// reported every tick.
    /// </remarks>
    public async Task<DigestTickReport> TickAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var counts = await subscriptions.CountActiveAsync(now, cancellationToken);
        var listed = await subscriptions.ListDueAsync(now, _options.MaxPerTick, cancellationToken);
        var runs = new ConcurrentBag<DigestRun>();
        var due = new List<(DigestSubscription Subscription, DateOnly Date)>();
        var notDue = new List<DigestNextRun>();

        foreach (var subscription in listed)
        {
            try
            {
                // Not due, or posted (or skipped) already today: its next run moves on. The claim stays the source of truth.
                if (DigestSchedule.DueDate(subscription, now) is not { } date
                    || (subscription.LastPostedAt is { } last && DigestSchedule.LocalDate(subscription, last) >= date))
                {
                    notDue.Add(new DigestNextRun(subscription, DigestSchedule.NextRun(subscription, now)));
                    continue;
                }

                due.Add((subscription, date));
            }
            catch (Exception e)
            {
                runs.Add(new DigestRun(subscription.Id, null, DigestOutcome.Failed, $"schedule: {e.Message}"));
            }
        }

        if (notDue.Count > 0)
        {
            try
            {
                await subscriptions.SetNextRunsAsync(notDue, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Harmless: they are looked at again next tick.
                foreach (var next in notDue) runs.Add(new DigestRun(next.Subscription.Id, null, DigestOutcome.Failed, $"next run: {e.Message}"));
            }
        }

        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                if (await RunOneAsync(item.Subscription, item.Date, token) is { } run) runs.Add(run);
            });

        // Left for the next ticks: what the store counts as due beyond what this tick read.
        var deferred = Math.Max(0, counts.Due - listed.Count);
        return new DigestTickReport(now, counts.Active, runs.OrderBy(r => r.SubscriptionId).ToList(), deferred);
    }

    /// <summary>
    /// "digest now": builds and sends a digest immediately, whatever the schedule. It does not touch the day's
    /// claim, so the scheduled digest still posts; a quiet digest is sent too (it was asked for).
    /// A channel found gone deactivates the subscription.
    /// </summary>
    public async Task<DigestPostResult> PostNowAsync(DigestSubscription subscription, CancellationToken cancellationToken)
    {
        var content = await BuildNowAsync(subscription, cancellationToken);
        var result = await sender.SendAsync(subscription, content, cancellationToken);
        if (result is DigestSendResult.Gone gone) await subscriptions.DeactivateAsync(subscription.Id, gone.Reason, cancellationToken);
        return new DigestPostResult(content, result);
    }

    /// <summary>The digest as it would be right now, without sending it (for replying in the conversation itself).</summary>
    public Task<DigestContent> BuildNowAsync(DigestSubscription subscription, CancellationToken cancellationToken) =>
        builder.BuildAsync(subscription, clock.GetUtcNow(), cancellationToken);

    private async Task<DigestRun?> RunOneAsync(DigestSubscription subscription, DateOnly date, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var id = subscription.Id;
        bool claimed;
        try
        {
            // The tick may have crossed midnight while waiting for its turn: never post yesterday's digest.
            if (DigestSchedule.DueDate(subscription, at) != date) return null;
            claimed = await subscriptions.TryClaimAsync(id, date, _claimant, at, _options.Lease, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new DigestRun(id, date, DigestOutcome.Failed, $"claim: {e.Message}");
        }

        if (!claimed) return new DigestRun(id, date, DigestOutcome.ClaimedElsewhere);

        // Until settled, any way out gives the claim back so a later tick (of any instance) retries.
        var settled = false;
        try
        {
            var content = await builder.BuildAsync(subscription, at, cancellationToken);
            if (content.IsQuiet && subscription.SkipQuietDays)
            {
                await subscriptions.MarkPostedAsync(id, date, _claimant, at, cancellationToken);
                settled = true;
                return new DigestRun(id, date, DigestOutcome.SkippedQuiet);
            }

            var result = await sender.SendAsync(subscription, content, cancellationToken);
            switch (result)
            {
                case DigestSendResult.Sent:
                    // Something was posted: never give this claim back, even if recording it fails.
                    settled = true;
                    return await RecordAsync(id, date, at, DigestOutcome.Posted, null);
                case DigestSendResult.Gone gone:
                    settled = true;
                    await subscriptions.DeactivateAsync(id, gone.Reason, CancellationToken.None);
                    return await RecordAsync(id, date, at, DigestOutcome.Deactivated, gone.Reason);
                case DigestSendResult.Failed { Retryable: true } retry:
                    return new DigestRun(id, date, DigestOutcome.RetryLater, retry.Error);
                case DigestSendResult.Failed failed:
                    // Kept until the lease runs out: a refused post is retried once per lease, not every tick.
                    settled = true;
                    return new DigestRun(id, date, DigestOutcome.Failed, $"send refused: {failed.Error}");
                default:
                    return new DigestRun(id, date, DigestOutcome.Failed, $"unknown send result {result}");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new DigestRun(id, date, DigestOutcome.Failed, e.Message);
        }
        finally
        {
            if (!settled) await ReleaseQuietlyAsync(id, date);
        }
    }

    private async Task<DigestRun> RecordAsync(Guid id, DateOnly date, DateTimeOffset at, DigestOutcome outcome, string? note)
    {
        try
        {
            // The post is out: record it even when the host is shutting down.
            await subscriptions.MarkPostedAsync(id, date, _claimant, at, CancellationToken.None);
            return new DigestRun(id, date, outcome, note);
        }
        catch (Exception e)
        {
            // The claim stays held, so no other instance posts again before its lease runs out.
            return new DigestRun(id, date, DigestOutcome.Failed, $"posted but not recorded: {e.Message}");
        }
    }

    private async Task ReleaseQuietlyAsync(Guid id, DateOnly date)
    {
        try
        {
            await subscriptions.ReleaseAsync(id, date, _claimant, CancellationToken.None);
        }
        catch (Exception)
        {
            // The lease runs out on its own; another tick takes the claim over then.
        }
    }

    private static DigestRunnerOptions Validate(DigestRunnerOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Lease, TimeSpan.Zero, nameof(options.Lease));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1, nameof(options.MaxConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPerTick, 1, nameof(options.MaxPerTick));
        return options;
    }
}
