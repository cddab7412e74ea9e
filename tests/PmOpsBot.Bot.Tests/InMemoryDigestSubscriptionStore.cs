using System.Collections.Concurrent;
using PmOpsBot.Core.Digest;

namespace PmOpsBot.Bot.Tests;

/// <summary>Subscriptions in memory with the SQLite store's claim rules, for conversation tests.</summary>
public sealed class InMemoryDigestSubscriptionStore : IDigestSubscriptionStore
{
    private readonly ConcurrentDictionary<(string, string, string), DigestSubscription> _subscriptions = new();
    private readonly Dictionary<(Guid, DateOnly), (string Claimant, DateTimeOffset Until, bool Posted)> _runs = new();

    public IReadOnlyCollection<DigestSubscription> All => _subscriptions.Values.ToList();

    public Task<DigestSubscription> SaveAsync(DigestSubscription subscription, CancellationToken cancellationToken)
    {
        var key = (subscription.TenantId, subscription.ChannelId, subscription.ConversationId);
        var stored = _subscriptions.AddOrUpdate(key, subscription,
            (_, existing) => subscription with { Id = existing.Id, CreatedAt = existing.CreatedAt, CreatedBy = existing.CreatedBy, LastPostedAt = existing.LastPostedAt });
        return Task.FromResult(stored);
    }

    public Task<DigestSubscription?> FindAsync(string tenantId, string channelId, string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(_subscriptions.TryGetValue((tenantId, channelId, conversationId), out var found) ? found : null);

    public Task<IReadOnlyList<DigestSubscription>> ListActiveAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DigestSubscription>>(_subscriptions.Values.Where(s => s.Active).ToList());

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
            _subscriptions[key] = s with { LastPostedAt = postedAt };
        return Task.CompletedTask;
    }

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
