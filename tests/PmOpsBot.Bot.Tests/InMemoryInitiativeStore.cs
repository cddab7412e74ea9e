using System.Collections.Concurrent;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Bot.Tests;

/// <summary>A registry in memory with the same contract as the SQLite one, for conversation tests.</summary>
public sealed class InMemoryInitiativeStore : IInitiativeStore
{
    private readonly ConcurrentDictionary<Guid, Initiative> _items = new();

    public IReadOnlyCollection<Initiative> All => _items.Values.ToList();

    public Task SaveAsync(Initiative initiative, CancellationToken cancellationToken)
    {
        _items[initiative.Id] = initiative with { Version = 0, UpdatedAt = DateTimeOffset.UtcNow };
        return Task.CompletedTask;
    }

    public Task<bool> UpdateAsync(Initiative updated, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_items)
        {
            if (!_items.TryGetValue(updated.Id, out var stored) || stored.TenantId != updated.TenantId || stored.Version != expectedVersion)
                return Task.FromResult(false);
            _items[updated.Id] = updated with { Version = expectedVersion + 1, UpdatedAt = DateTimeOffset.UtcNow };
            return Task.FromResult(true);
        }
    }

    public Task<Initiative?> FindAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_items.TryGetValue(id, out var found) && found.TenantId == tenantId ? found : null);

    public Task<IReadOnlyList<Initiative>> ListByCreatorAsync(string tenantId, string userId, int limit, CancellationToken cancellationToken) =>
        List(i => i.TenantId == tenantId && i.CreatedBy.Id == userId, limit);

    public async Task<IReadOnlyList<InitiativeName>> FindByNameWordsAsync(string tenantId, IReadOnlyCollection<string> wordPrefixes, int limit, CancellationToken cancellationToken) =>
        (await List(i => i.TenantId == tenantId && NameWords.Of(i.Name).Any(w => wordPrefixes.Any(p => w.StartsWith(p, StringComparison.Ordinal))), limit))
            .Select(i => new InitiativeName(i.Id, i.Name)).ToList();

    public Task<IReadOnlyList<Initiative>> ListHandoversDueAsync(string tenantId, DateOnly from, DateOnly to, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Initiative>>(_items.Values
            .Where(i => i.TenantId == tenantId && i.HandoverDate >= from && i.HandoverDate <= to && Active(i))
            .OrderBy(i => i.HandoverDate).Take(limit).ToList());

    public Task<IReadOnlyList<Initiative>> ListWithoutOperationsOwnerAsync(string tenantId, int limit, CancellationToken cancellationToken) =>
        List(i => i.TenantId == tenantId && i.NeedsHandover && Active(i) && (i.OperationsOwner is null || i.OperationsOwner.Response == OwnerResponse.Declined), limit);

    public Task<IReadOnlyList<Initiative>> ListInvolvingAsync(string tenantId, string userId, int limit, CancellationToken cancellationToken) =>
        List(i => i.TenantId == tenantId && (i.CreatedBy.Id == userId || i.ProjectOwner?.Id == userId || i.OperationsOwner?.Person.Id == userId), limit);

    public Task<IReadOnlyList<Initiative>> ListMentioningAsync(string tenantId, string userId, int limit, CancellationToken cancellationToken) =>
        List(i => i.TenantId == tenantId && PmOpsBot.Core.Privacy.ForgetMeService.Names(i, userId), limit);

    public Task<IReadOnlyList<Initiative>> ListForDigestAsync(PmOpsBot.Core.Digest.DigestScope scope, DateTimeOffset changedAfter, DateOnly dueUntil, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Initiative>>(_items.Values
            .Where(i => i.TenantId == scope.TenantId && (scope.TeamId is null ? i.ConversationId == scope.ConversationId : i.TeamId == scope.TeamId))
            .Where(i => i.UpdatedAt > changedAfter || (i.HandoverDate <= dueUntil && Active(i)))
            .OrderBy(i => i.HandoverDate ?? DateOnly.MaxValue).ThenBy(i => i.Name, StringComparer.Ordinal).Take(limit).ToList());

    private static bool Active(Initiative i) => i.Stage is not (InitiativeStage.InOperations or InitiativeStage.Retired);

    private Task<IReadOnlyList<Initiative>> List(Func<Initiative, bool> filter, int limit) =>
        Task.FromResult<IReadOnlyList<Initiative>>(_items.Values.Where(filter).OrderByDescending(i => i.DecidedAt).Take(limit).ToList());
}
