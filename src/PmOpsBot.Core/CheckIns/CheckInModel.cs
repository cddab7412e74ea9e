using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.CheckIns;

/// <summary>What an owner reports for one initiative.</summary>
public enum CheckInStatus
{
    OnTrack,
    AtRisk,
    Blocked,
}

/// <summary>Why someone is not asked: they snoozed today's prompt, or they are away until a date.</summary>
public enum PauseKind
{
    SnoozedToday,
    Away,
}

/// <summary>
/// One owner's status for one initiative, for the digest of <see cref="DigestDate"/> of one subscription.
/// Saving again for the same (initiative, author, subscription, digest date) replaces it; every saved version
/// stays in the history. <see cref="Late"/>: given after that digest had posted, so it goes into the next one.
/// </summary>
public sealed record CheckInAnswer(
    Guid Id,
    string TenantId,
    Guid InitiativeId,
    UserRef Author,
    CheckInStatus Status,
    string? Note,
    DateOnly? NextMilestone,
    Guid SubscriptionId,
    DateOnly DigestDate,
    DateTimeOffset AnsweredAt,
    bool Late);

/// <summary>A person's pause of check-in prompts, inclusive: no prompts for digest dates up to and including <see cref="Until"/>.</summary>
public sealed record CheckInPause(string TenantId, string UserId, PauseKind Kind, DateOnly Until)
{
    public bool Covers(DateOnly digestDate) => digestDate <= Until;
}

/// <summary>
/// Who was asked for a digest: when the prompt went out, when the one reminder did (if it did), and when the
/// person turned out to be unreachable (bot blocked or uninstalled, no private chat).
/// </summary>
public sealed record CheckInPromptRecord(Guid SubscriptionId, DateOnly DigestDate, string UserId, DateTimeOffset PromptedAt, DateTimeOffset? RemindedAt, DateTimeOffset? UnreachableAt)
{
    public bool Unreachable => UnreachableAt is not null;
}

/// <summary>Who is asked about an initiative, and which initiatives a check-in covers.</summary>
public static class CheckInOwners
{
    /// <summary>Owners known only by a typed name ("typed:…") cannot be messaged, nor can a former member (forgotten).</summary>
    public static bool CanBeMessaged(UserRef person) => !person.Id.StartsWith("typed:", StringComparison.Ordinal) && !PmOpsBot.Core.Privacy.FormerMember.Is(person);

    /// <summary>Every initiative that is not retired gets a status.</summary>
    public static bool IsActive(Initiative initiative) => initiative.Stage != InitiativeStage.Retired;

    /// <summary>
    /// Who reports on <paramref name="initiative"/>: in operations, the operations owner once they accepted;
    /// otherwise (and in operations without an accepted owner) the project owner, or the creator when none is named.
    /// Nobody for a retired initiative.
    /// </summary>
    public static UserRef? Of(Initiative initiative)
    {
        ArgumentNullException.ThrowIfNull(initiative);
        if (!IsActive(initiative)) return null;
        if (initiative.Stage == InitiativeStage.InOperations && initiative.OperationsOwner is { Response: Handover.OwnerResponse.Accepted } ops) return ops.Person;
        return initiative.ProjectOwner ?? initiative.CreatedBy;
    }

    /// <summary>
    /// The active initiatives of a subscription's scope, strictly: its tenant, and its team (or, without a team,
    /// its conversation). Read through <see cref="IInitiativeStore.ListForDigestAsync"/> with an open change window,
    /// then checked again here, so a store that reaches further never makes the bot message someone outside the scope.
    /// </summary>
    public static async Task<IReadOnlyList<Initiative>> ActiveInScopeAsync(IInitiativeStore store, DigestSubscription subscription, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(subscription);
        var scope = DigestScope.Of(subscription);
        var found = await store.ListForDigestAsync(scope, DateTimeOffset.MinValue, DateOnly.MaxValue, limit, cancellationToken);
        return found
            .Where(i => IsActive(i) && InScope(scope, i))
            .DistinctBy(i => i.Id)
            .OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.Id)
            .ToList();
    }

    /// <summary>The initiative belongs to the scope (tenant first, then team or conversation).</summary>
    public static bool InScope(DigestScope scope, Initiative initiative) =>
        DigestBuilder.InScope(scope, initiative.TenantId, initiative.TeamId, initiative.ConversationId);
}
