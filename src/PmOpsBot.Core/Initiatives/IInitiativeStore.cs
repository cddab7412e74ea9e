namespace PmOpsBot.Core.Initiatives;

/// <summary>The initiative registry. Every read names its tenant: there is no way to ask across tenants.</summary>
public interface IInitiativeStore
{
    Task SaveAsync(Initiative initiative, CancellationToken cancellationToken);

    Task<Initiative?> FindAsync(string tenantId, Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Initiative>> ListByCreatorAsync(string tenantId, string userId, int limit, CancellationToken cancellationToken);
}
