using System.Collections.Concurrent;
using PmOpsBot.Core.Digest;

namespace PmOpsBot.Bot.Tests;

/// <summary>Subscriptions in memory with the SQLite store's claim and next-run rules, for conversation tests.</summary>
public sealed class InMemoryDigestSubscriptionStore : IDigestSubscriptionStore
{
    private readonly ConcurrentDictionary<(string, string, string), DigestSubscription> _subscriptions = new();
    private readonly Dictionary<(Guid, DateOnly), (string Claimant, DateTimeOffset Until, bool Posted)> _runs = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset?> _nextRuns = new();

    public IReadOnlyCollection<DigestSubscription> All => _subscriptions.Values.ToList();

    public Task<DigestSubscription> SaveAsync(DigestSubscription subscription, CancellationToken cancellationToken)
    {
        var key = (subscription.TenantId, subscription.ChannelId, subscription.ConversationId);
        var stored = _subscriptions.AddOrUpdate(key, subscription,
            (_, existing) => subscription with { Id = existing.Id, CreatedAt = existing.CreatedAt, CreatedBy = existing.CreatedBy, LastPostedAt = existing.LastPostedAt });
        _nextRuns[stored.Id] = NextRunOrNull(() => DigestSchedule.FirstUnpostedRun(stored));
        return Task.FromResult(stored);
    }

    public Task<DigestSubscription?> FindAsync(string tenantId, string channelId, string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(_subscriptions.TryGetValue((tenantId, channelId, conversationId), out var found) ? found : null);

    public Task<IReadOnlyList<DigestSubscription>> ListActiveAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DigestSubscription>>(_subscriptions.Values.Where(s => s.Active).ToList());

    public Task<IReadOnlyList<DigestSubscription>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DigestSubscription>>(_subscriptions.Values
            .Where(s => s.Active && IsDue(s.Id, now))
            .OrderBy(s => _nextRuns.GetValueOrDefault(s.Id) ?? DateTimeOffset.MinValue)
            .Take(limit)
            .ToList());

    public Task<DigestSubscriptionCounts> CountActiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var active = _subscriptions.Values.Where(s => s.Active).ToList();
        return Task.FromResult(new DigestSubscriptionCounts(active.Count, active.Count(s => IsDue(s.Id, now))));
    }

    public Task SetNextRunsAsync(IReadOnlyCollection<DigestNextRun> nextRuns, CancellationToken cancellationToken)
    {
        foreach (var next in nextRuns)
        {
            var current = _subscriptions.Values.FirstOrDefault(s => s.Id == next.Subscription.Id);
            if (current is not null && current.TimeOfDay == next.Subscription.TimeOfDay && current.TimeZoneId == next.Subscription.TimeZoneId
                && current.WorkingDays.Order().SequenceEqual(next.Subscription.WorkingDays.Order()))
                _nextRuns[current.Id] = next.At;
        }

        return Task.CompletedTask;
    }

    public Task DeactivateAsync(Guid subscriptionId, string reason, CancellationToken cancellationToken)
    {
        foreach (var (key, s) in _subscriptions.Where(p => p.Value.Id == subscriptionId).ToList())
            _subscriptions[key] = s with { Active = false, InactiveReason = reason };
        return Task.CompletedTask;
    }

    public Task<bool> TryClaimAsync(Guid subscriptionId, DateOnly localDate, string claimant, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_runs)
        {
            if (_runs.TryGetValue((subscriptionId, localDate), out var run) && (run.Posted || run.Until > now)) return Task.FromResult(false);
            _runs[(subscriptionId, localDate)] = (claimant, now + lease, false);
            return Task.FromResult(true);
        }
    }

    public Task MarkPostedAsync(Guid subscriptionId, DateOnly localDate, string claimant, DateTimeOffset postedAt, CancellationToken cancellationToken)
    {
        lock (_runs)
        {
            if (!_runs.TryGetValue((subscriptionId, localDate), out var run) || run.Claimant != claimant) return Task.CompletedTask;
            _runs[(subscriptionId, localDate)] = run with { Posted = true };
        }

        foreach (var (key, s) in _subscriptions.Where(p => p.Value.Id == subscriptionId).ToList())
        {
            var posted = s with { LastPostedAt = postedAt };
            _subscriptions[key] = posted;
            if (NextRunOrNull(() => DigestSchedule.FirstUnpostedRun(posted, localDate)) is { } next
                && (_nextRuns.GetValueOrDefault(subscriptionId) is not { } current || current < next))
                _nextRuns[subscriptionId] = next;
        }

        return Task.CompletedTask;
    }

    private static DateTimeOffset? NextRunOrNull(Func<DateTimeOffset> nextRun)
    {
        try
        {
            return nextRun();
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }

    private bool IsDue(Guid id, DateTimeOffset now) => _nextRuns.GetValueOrDefault(id) is not { } next || next <= now;

    public Task ReleaseAsync(Guid subscriptionId, DateOnly localDate, string claimant, CancellationToken cancellationToken)
    {
        lock (_runs)
        {
            if (_runs.TryGetValue((subscriptionId, localDate), out var run) && run.Claimant == claimant && !run.Posted)
                _runs[(subscriptionId, localDate)] = run with { Until = DateTimeOffset.MinValue };
        }

        return Task.CompletedTask;
    }
}
