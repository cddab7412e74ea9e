using System.Collections.Concurrent;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.CheckIns;

/// <summary>What one tick did for one subscription in its prompt window.</summary>
public sealed record CheckInRun(Guid SubscriptionId, DateOnly? DigestDate)
{
    public int Prompted { get; init; }

    public int Reminded { get; init; }

    /// <summary>Found unreachable now (the send said so).</summary>
    public int Unreachable { get; init; }

    /// <summary>Owners known only by a typed name: never messaged.</summary>
    public int TypedOwners { get; init; }

    public int Paused { get; init; }

    public int SendFailures { get; init; }

    public string? Error { get; init; }
}

/// <summary>What one tick did.</summary>
public sealed record CheckInTickReport(DateTimeOffset At, IReadOnlyList<CheckInRun> Runs)
{
    public int Prompted => Runs.Sum(r => r.Prompted);

    public int Reminded => Runs.Sum(r => r.Reminded);

    public IReadOnlyList<CheckInRun> Failures => Runs.Where(r => r.Error is not null || r.SendFailures > 0).ToList();
}

/// <summary>
/// One check-in tick, channel-free, meant to run on the digest scheduler's tick: for every active subscription inside
/// its prompt window, asks each owner of the scope's active initiatives once (one private message listing all of
/// their initiatives), and at most once more in the reminder window if they have answered none. The prompt log in
/// <see cref="ICheckInStore"/> makes both exactly-once across instances; unreachable people are never retried.
/// </summary>
public sealed class CheckInRunner(
    IDigestSubscriptionStore subscriptions,
    IInitiativeStore initiatives,
    ICheckInStore store,
    ICheckInSender sender,
    TimeProvider clock,
    CheckInOptions? options = null)
{
    private readonly CheckInOptions _options = (options ?? new CheckInOptions()).Validated();

    /// <summary>The most subscriptions one tick looks at; the rest wait for the next tick.</summary>
    public const int MaxSubscriptionsPerTick = 5000;

    public CheckInOptions Options => _options;

    public async Task<CheckInTickReport> TickAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Only digests due within the lead time can be in their prompt window: read those, not every subscription.
        var active = await subscriptions.ListDueAsync(now + _options.Lead, MaxSubscriptionsPerTick, cancellationToken);
        var runs = new ConcurrentBag<CheckInRun>();
        var inWindow = new List<(DigestSubscription Subscription, CheckInWindow Window)>();
        foreach (var subscription in active)
        {
            try
            {
                if (CheckInPlanner.WindowAt(subscription, now, _options.Lead, _options.ReminderBefore) is { } window) inWindow.Add((subscription, window));
            }
            catch (Exception e)
            {
                runs.Add(new CheckInRun(subscription.Id, null) { Error = $"schedule: {e.Message}" });
            }
        }

        await Parallel.ForEachAsync(
            inWindow,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                try
                {
                    runs.Add(await RunOneAsync(item.Subscription, item.Window, now, token));
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    runs.Add(new CheckInRun(item.Subscription.Id, item.Window.DigestDate) { Error = e.Message });
                }
            });

        return new CheckInTickReport(now, runs.OrderBy(r => r.SubscriptionId).ToList());
    }

    private async Task<CheckInRun> RunOneAsync(DigestSubscription subscription, CheckInWindow window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var date = window.DigestDate;
        var run = new CheckInRun(subscription.Id, date);
        var found = await CheckInOwners.ActiveInScopeAsync(initiatives, subscription, _options.InitiativeLimit, cancellationToken);
        var byOwner = found
            .Select(i => (Owner: CheckInOwners.Of(i), Initiative: i))
            .Where(x => x.Owner is not null)
            .GroupBy(x => x.Owner!.Id, StringComparer.Ordinal)
            .Select(g => (Owner: g.First().Owner!, Initiatives: (IReadOnlyList<Initiative>)g.Select(x => x.Initiative).ToList()))
            .OrderBy(g => g.Owner.Id, StringComparer.Ordinal)
            .ToList();
        if (byOwner.Count == 0) return run;

        var typed = byOwner.Count(g => !CheckInOwners.CanBeMessaged(g.Owner));
        var reachable = byOwner.Where(g => CheckInOwners.CanBeMessaged(g.Owner)).ToList();
        var pauses = await store.ListPausesAsync(subscription.TenantId, reachable.Select(g => g.Owner.Id).ToList(), date, cancellationToken);
        var paused = pauses.Where(p => p.Covers(date)).Select(p => p.UserId).ToHashSet(StringComparer.Ordinal);
        var asked = (await store.ListPromptsAsync(subscription.Id, date, cancellationToken)).ToDictionary(p => p.UserId, StringComparer.Ordinal);
        var answers = await store.ListForDigestAsync(subscription.TenantId, subscription.Id, date, null, cancellationToken);
        var answered = answers.Where(a => a.DigestDate == date).Select(a => a.InitiativeId).ToHashSet();

        int prompted = 0, reminded = 0, unreachable = 0, failures = 0;
        foreach (var (owner, theirs) in reachable)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (paused.Contains(owner.Id)) continue;
            var answeredAny = theirs.Any(i => answered.Contains(i.Id));

            if (!asked.TryGetValue(owner.Id, out var record))
            {
                // Someone who answered everything already (from an earlier card) needs no prompt.
                if (theirs.All(i => answered.Contains(i.Id))) continue;
                if (!await store.TryRecordPromptAsync(subscription.Id, date, owner.Id, now, cancellationToken)) continue;
                var result = await SendAsync(subscription, owner, theirs, date, reminder: false, cancellationToken);
                (prompted, unreachable, failures) = await CountAsync(result, subscription.Id, date, owner.Id, now, prompted, unreachable, failures);
                continue;
            }

            // One reminder at most: only in the reminder window, only for someone asked before it opened, reachable,
            // and who has not answered any of their initiatives.
            if (!window.InReminderWindow(now) || record.Unreachable || record.RemindedAt is not null || answeredAny) continue;
            if (record.PromptedAt >= window.ReminderFrom) continue;
            if (!await store.TryRecordReminderAsync(subscription.Id, date, owner.Id, now, cancellationToken)) continue;
            var reminderResult = await SendAsync(subscription, owner, theirs, date, reminder: true, cancellationToken);
            (reminded, unreachable, failures) = await CountAsync(reminderResult, subscription.Id, date, owner.Id, now, reminded, unreachable, failures);
        }

        return run with
        {
            Prompted = prompted,
            Reminded = reminded,
            Unreachable = unreachable,
            TypedOwners = typed,
            Paused = reachable.Count(g => paused.Contains(g.Owner.Id)),
            SendFailures = failures,
        };
    }

    private async Task<CheckInSendResult> SendAsync(DigestSubscription subscription, UserRef owner, IReadOnlyList<Initiative> theirs, DateOnly date, bool reminder, CancellationToken cancellationToken)
    {
        try
        {
            return await sender.SendPromptAsync(subscription, owner, theirs, date, reminder, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new CheckInSendResult.Failed(e.Message);
        }
    }

    private async Task<(int Sent, int Unreachable, int Failures)> CountAsync(
        CheckInSendResult result, Guid subscriptionId, DateOnly date, string userId, DateTimeOffset now, int sent, int unreachable, int failures)
    {
        switch (result)
        {
            case CheckInSendResult.Sent:
                return (sent + 1, unreachable, failures);
            case CheckInSendResult.Unreachable:
                // Recorded even when the host is stopping: it is what keeps this person from being tried again.
                await store.MarkUnreachableAsync(subscriptionId, date, userId, now, CancellationToken.None);
                return (sent, unreachable + 1, failures);
            default:
                return (sent, unreachable, failures + 1);
        }
    }
}
