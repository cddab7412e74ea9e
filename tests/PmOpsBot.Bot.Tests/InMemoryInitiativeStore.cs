using System.Collections.Concurrent;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Bot.Tests;

/// <summary>A registry in memory, for conversation tests that are about the conversation, not the database.</summary>
public sealed class InMemoryInitiativeStore : IInitiativeStore
{
    private readonly ConcurrentDictionary<Guid, Initiative> _items = new();

    public IReadOnlyCollection<Initiative> All => _items.Values.ToList();

    public Task SaveAsync(Initiative initiative, CancellationToken cancellationToken)
    {
        _items[initiative.Id] = initiative;
        return Task.CompletedTask;
    }

    public Task<Initiative?> FindAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_items.TryGetValue(id, out var found) && found.TenantId == tenantId ? found : null);

    public Task<IReadOnlyList<Initiative>> ListByCreatorAsync(string tenantId, string userId, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Initiative>>(_items.Values.Where(i => i.TenantId == tenantId && i.CreatedBy.Id == userId)
            .OrderByDescending(i => i.DecidedAt).Take(limit).ToList());
}
