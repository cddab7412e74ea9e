using System.Collections.Concurrent;
using PmOpsBot.Core.Delivery;

namespace PmOpsBot.Core.Tests.Delivery;

/// <summary>The queue of undelivered messages in memory, with the same claim rules as the SQL store (due, not held, earliest first).</summary>
public sealed class InMemoryPendingMessageStore : IPendingMessageStore
{
    private readonly ConcurrentDictionary<Guid, (PendingMessage Message, DateTimeOffset? ClaimedUntil)> _rows = new();

    public IReadOnlyList<PendingMessage> All => _rows.Values.Select(r => r.Message).OrderBy(m => m.CreatedAt).ToList();

    public Task AddAsync(PendingMessage message, CancellationToken cancellationToken)
    {
        _rows[message.Id] = (message, null);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PendingMessage>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            var due = _rows.Values
                .Where(r => r.Message.NextAttemptAt <= now && (r.ClaimedUntil is null || r.ClaimedUntil <= now))
                .OrderBy(r => r.Message.NextAttemptAt)
                .Take(limit)
                .Select(r => r.Message)
                .ToList();
            foreach (var message in due) _rows[message.Id] = (message, leaseUntil);
            return Task.FromResult<IReadOnlyList<PendingMessage>>(due);
        }
    }

    public Task RescheduleAsync(Guid id, string payload, int attempts, DateTimeOffset nextAttemptAt, string lastError, CancellationToken cancellationToken)
    {
        if (_rows.TryGetValue(id, out var row))
            _rows[id] = (row.Message with { Payload = payload, Attempts = attempts, NextAttemptAt = nextAttemptAt, LastError = lastError }, null);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        _rows.TryRemove(id, out _);
        return Task.CompletedTask;
    }

    public Task<int> DeleteForRecipientAsync(string tenantId, string recipientId, CancellationToken cancellationToken)
    {
        var mine = _rows.Values.Where(r => r.Message.TenantId == tenantId && r.Message.RecipientId == recipientId).Select(r => r.Message.Id).ToList();
        foreach (var id in mine) _rows.TryRemove(id, out _);
        return Task.FromResult(mine.Count);
    }

    public Task<int> CountAsync(CancellationToken cancellationToken) => Task.FromResult(_rows.Count);
}
