using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Digest;

/// <summary>
/// Builds one channel's digest from a single registry query (<see cref="IInitiativeStore.ListForDigestAsync"/>)
/// and the log of unfinished interviews. Everything it reports is inside the subscription's scope: its tenant,
/// and its team (or, for a group chat without a team, its conversation).
/// </summary>
public sealed class DigestBuilder(IInitiativeStore initiatives, IInterviewLog interviews, PmOpsBot.Core.CheckIns.CheckInSummaryService? checkIns = null)
{
    /// <summary>The most initiatives one digest reads; more sets <see cref="DigestContent.Truncated"/>.</summary>
    public const int InitiativeLimit = 500;

    /// <summary>The most unfinished interviews one digest lists.</summary>
    public const int InterviewLimit = 50;

    /// <summary>How far ahead "handovers due" looks, in days.</summary>
    public const int DueWindowDays = 7;

    /// <summary>An interview untouched for this long counts as left unfinished.</summary>
    public static readonly TimeSpan StaleInterviewAge = TimeSpan.FromDays(1);

    public async Task<DigestContent> BuildAsync(DigestSubscription subscription, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var scope = DigestScope.Of(subscription);
        var today = DigestSchedule.LocalDate(subscription, now);
        var dueUntil = today.AddDays(DueWindowDays);
        var since = subscription.LastPostedAt ?? now.AddDays(-1);

        var found = await initiatives.ListForDigestAsync(scope, since, dueUntil, InitiativeLimit, cancellationToken);
        var open = await interviews.ListStaleAsync(scope, now - StaleInterviewAge, InterviewLimit, cancellationToken);

        // The store applies the scope (team membership may reach further than TeamId). The tenant is the hard
        // boundary, so it is checked again here: a store bug must never put another tenant's work in a channel.
        var inScope = found.Where(i => i.TenantId == scope.TenantId).DistinctBy(i => i.Id).ToList();

        var newOrDecided = inScope
            .Where(i => i.CreatedAt > since || i.DecidedAt > since)
            .OrderBy(i => i.DecidedAt).ThenBy(i => i.Name, StringComparer.OrdinalIgnoreCase)
            .Select(DigestInitiative.Of)
            .ToList();

        var stageChanges = inScope
            .SelectMany(i => i.StageHistory.Where(c => c.At > since).Select(c => new DigestStageMove(DigestInitiative.Of(i), c.From, c.To, c.By, c.At)))
            .OrderBy(m => m.At).ThenBy(m => m.Initiative.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var active = inScope.Where(i => IsActive(i) && i.HandoverDate is not null).ToList();

        var dueSoon = active
            .Where(i => i.HandoverDate >= today && i.HandoverDate <= dueUntil)
            .Select(i => Handover(i, today))
            .OrderBy(h => h.HandoverDate).ThenBy(h => h.Initiative.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var overdue = active
            .Where(i => i.HandoverDate < today)
            .Select(i => Handover(i, today))
            .OrderBy(h => h.HandoverDate).ThenBy(h => h.Initiative.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var withoutOwner = active
            .Where(i => i.NeedsHandover && i.HandoverDate <= today
                        && (i.OperationsOwner is null || i.OperationsOwner.Response == OwnerResponse.Declined))
            .Select(i => Handover(i, today))
            .OrderBy(h => h.HandoverDate).ThenBy(h => h.Initiative.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var unfinished = open
            .Where(o => o.TenantId == scope.TenantId && o.UpdatedAt < now - StaleInterviewAge)
            .DistinctBy(o => o.SessionId)
            .OrderBy(o => o.UpdatedAt)
            .ToList();

        return new DigestContent
        {
            SubscriptionId = subscription.Id,
            Scope = scope,
            LocalDate = today,
            TimeZoneId = subscription.TimeZoneId,
            GeneratedAt = DigestSchedule.ToLocal(subscription, now),
            Since = since,
            NewOrDecided = newOrDecided,
            StageChanges = stageChanges,
            HandoversDueSoon = dueSoon,
            HandoversOverdue = overdue,
            WithoutOperationsOwner = withoutOwner,
            UnfinishedInterviews = unfinished,
            Truncated = found.Count >= InitiativeLimit,
            MentionMissingAnswers = subscription.MentionMissingAnswers,
            // Owners' check-in answers for this digest (the subscription is the one before this post, so late answers carry over).
            Status = checkIns is null ? null : await checkIns.BuildSummaryAsync(subscription, today, cancellationToken),
        };
    }

    /// <summary>
    /// The plain reading of a scope: a team's digest covers the team's initiatives; a group chat (no team) its own
    /// conversation's; never another tenant's. Stores may use it, or reach further through team membership.
    /// </summary>
    public static bool InScope(DigestScope scope, string tenantId, string? teamId, string conversationId) =>
        tenantId == scope.TenantId && (scope.TeamId is { } team ? teamId == team : teamId is null && conversationId == scope.ConversationId);

    private static bool IsActive(Initiative i) => i.Stage is not (InitiativeStage.InOperations or InitiativeStage.Retired);

    private static DigestHandover Handover(Initiative i, DateOnly today) =>
        new(DigestInitiative.Of(i), i.HandoverDate!.Value, i.HandoverDate.Value.DayNumber - today.DayNumber, ReadinessChecklist.Of(i));
}
