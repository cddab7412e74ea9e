namespace PmOpsBot.Core.Initiatives;

/// <summary>The initiative registry. Every read names its tenant: there is no way to ask across tenants.</summary>
public interface IInitiativeStore
{
    /// <summary>Inserts a new initiative (or replaces one of the same tenant and id).</summary>
    Task SaveAsync(Initiative initiative, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="updated"/> only if the stored version is still <paramref name="expectedVersion"/>,
    /// then bumps the version. False means someone else changed it first: reload and reapply.
    /// </summary>
    Task<bool> UpdateAsync(Initiative updated, long expectedVersion, CancellationToken cancellationToken);

    Task<Initiative?> FindAsync(string tenantId, Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Initiative>> ListByCreatorAsync(string tenantId, string userId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Candidates for a name lookup: ids and names of initiatives whose name has a word starting with
    /// one of <paramref name="wordPrefixes"/> (lower case), most matching words first. The caller ranks them
    /// and loads only the winners, so a lookup over a large registry stays cheap.
    /// </summary>
    Task<IReadOnlyList<InitiativeName>> FindByNameWordsAsync(string tenantId, IReadOnlyCollection<string> wordPrefixes, int limit, CancellationToken cancellationToken);

    /// <summary>Initiatives with a handover date in [from, to] that are not yet in operations or retired, soonest first.</summary>
    Task<IReadOnlyList<Initiative>> ListHandoversDueAsync(string tenantId, DateOnly from, DateOnly to, int limit, CancellationToken cancellationToken);

    /// <summary>Projects and mixed initiatives, not yet in operations or retired, with no operations owner or one who declined.</summary>
    Task<IReadOnlyList<Initiative>> ListWithoutOperationsOwnerAsync(string tenantId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// What a digest needs, in one query: initiatives of the scope (its team, or its conversation when it
    /// has no team) that changed after <paramref name="changedAfter"/>, plus those not yet in operations or
    /// retired with a handover date on or before <paramref name="dueUntil"/> (due soon and overdue).
    /// </summary>
    Task<IReadOnlyList<Initiative>> ListForDigestAsync(PmOpsBot.Core.Digest.DigestScope scope, DateTimeOffset changedAfter, DateOnly dueUntil, int limit, CancellationToken cancellationToken);

    /// <summary>Initiatives a person created, delivers or runs, newest first.</summary>
    Task<IReadOnlyList<Initiative>> ListInvolvingAsync(string tenantId, string userId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Initiatives that name a person anywhere (“forget me”): as creator, project or operations owner, whoever
    /// named the operations owner, a checklist tick or a stage move. May return a few that do not (callers check).
    /// </summary>
    Task<IReadOnlyList<Initiative>> ListMentioningAsync(string tenantId, string userId, int limit, CancellationToken cancellationToken);
}
