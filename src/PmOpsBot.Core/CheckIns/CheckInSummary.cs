using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.CheckIns;

/// <summary>
/// One initiative's status as the digest shows it. <see cref="BlockedSince"/>/<see cref="BlockedDays"/> are set for
/// blocked lines: the first digest date of the unbroken run of blocked answers, and the days since (0 = new today).
/// </summary>
public sealed record CheckInLine(
    Guid InitiativeId,
    string InitiativeName,
    UserRef Author,
    CheckInStatus Status,
    string? Note,
    DateOnly? NextMilestone,
    DateOnly AnswerDate,
    DateTimeOffset AnsweredAt,
    bool Late,
    DateOnly? BlockedSince = null,
    int? BlockedDays = null);

/// <summary>A person listed once, with the initiatives still missing their status.</summary>
public sealed record CheckInPerson(UserRef Person, IReadOnlyList<CheckInInitiative> Initiatives);

/// <summary>An initiative named in a people list.</summary>
public sealed record CheckInInitiative(Guid Id, string Name);

/// <summary>Someone who paused prompts (away until a date, or snoozed today): shown as away, not as missing.</summary>
public sealed record CheckInAbsence(UserRef Person, PauseKind Kind, DateOnly Until, IReadOnlyList<CheckInInitiative> Initiatives);

/// <summary>
/// The status section of one digest: blocked first (with notes, persisting ones with "blocked for N days"), then at
/// risk, then on track (shown as a count). Late lines (given after the previous digest posted) are in their status
/// list with <see cref="CheckInLine.Late"/> set, and listed again in <see cref="Late"/>. Each person appears in at most
/// one of <see cref="NotAnswered"/>, <see cref="Away"/>, <see cref="NotReachable"/>.
/// </summary>
public sealed record CheckInSummary
{
    public required Guid SubscriptionId { get; init; }

    public required DateOnly DigestDate { get; init; }

    /// <summary>Longest-blocked first, then by name.</summary>
    public IReadOnlyList<CheckInLine> Blocked { get; init; } = [];

    public IReadOnlyList<CheckInLine> AtRisk { get; init; } = [];

    /// <summary>For the "show all" details; the summary shows <see cref="OnTrackCount"/>.</summary>
    public IReadOnlyList<CheckInLine> OnTrack { get; init; } = [];

    public int OnTrackCount => OnTrack.Count;

    public IReadOnlyList<CheckInLine> Late => Blocked.Concat(AtRisk).Concat(OnTrack).Where(l => l.Late).OrderBy(l => l.AnsweredAt).ToList();

    /// <summary>Owners who could be asked and have initiatives without a status: listed once each, never @-mentioned by default.</summary>
    public IReadOnlyList<CheckInPerson> NotAnswered { get; init; } = [];

    public IReadOnlyList<CheckInAbsence> Away { get; init; } = [];

    /// <summary>Owners the bot cannot message: it is blocked or uninstalled for them, or they are known only by a typed name.</summary>
    public IReadOnlyList<CheckInPerson> NotReachable { get; init; } = [];

    /// <summary>No initiative in scope has an owner to ask: the digest needs no status section.</summary>
    public bool IsEmpty => Blocked.Count == 0 && AtRisk.Count == 0 && OnTrack.Count == 0 && NotAnswered.Count == 0 && Away.Count == 0 && NotReachable.Count == 0;

    public static CheckInSummary Empty(Guid subscriptionId, DateOnly digestDate) => new() { SubscriptionId = subscriptionId, DigestDate = digestDate };
}

/// <summary>
/// Compiles the status section, pure: from the scope's active initiatives, the answers for the digest, earlier answers
/// of blocked initiatives, who was asked, and who paused.
/// </summary>
public static class CheckInCompiler
{
    /// <param name="initiatives">The scope's active initiatives (others' answers are ignored).</param>
    /// <param name="answers">The answers for the digest (<see cref="ICheckInStore.ListForDigestAsync"/>).</param>
    /// <param name="earlier">Per initiative, its earlier current answers (any order), for "blocked for N days".</param>
    /// <param name="prompts">Who was asked for this digest (for "not reachable").</param>
    /// <param name="pauses">Pauses of the owners (those not covering the date are ignored).</param>
    public static CheckInSummary Compile(
        Guid subscriptionId,
        DateOnly digestDate,
        IReadOnlyList<Initiative> initiatives,
        IReadOnlyList<CheckInAnswer> answers,
        IReadOnlyDictionary<Guid, IReadOnlyList<CheckInAnswer>> earlier,
        IReadOnlyList<CheckInPromptRecord> prompts,
        IReadOnlyList<CheckInPause> pauses)
    {
        var active = initiatives.Where(CheckInOwners.IsActive).DistinctBy(i => i.Id).ToDictionary(i => i.Id);

        // Per initiative, the answer that counts: the latest given (a current one normally; a late one when no newer).
        var latest = answers
            .Where(a => active.ContainsKey(a.InitiativeId) && a.DigestDate <= digestDate)
            .GroupBy(a => a.InitiativeId)
            .Select(g => g.OrderByDescending(a => a.DigestDate).ThenByDescending(a => a.AnsweredAt).First())
            .ToList();

        var lines = latest.Select(a => Line(a, active[a.InitiativeId].Name, digestDate, earlier.GetValueOrDefault(a.InitiativeId) ?? [])).ToList();
        var blocked = lines.Where(l => l.Status == CheckInStatus.Blocked)
            .OrderByDescending(l => l.BlockedDays).ThenBy(l => l.InitiativeName, StringComparer.OrdinalIgnoreCase).ToList();
        var atRisk = lines.Where(l => l.Status == CheckInStatus.AtRisk).OrderBy(l => l.InitiativeName, StringComparer.OrdinalIgnoreCase).ToList();
        var onTrack = lines.Where(l => l.Status == CheckInStatus.OnTrack).OrderBy(l => l.InitiativeName, StringComparer.OrdinalIgnoreCase).ToList();

        // Owners with initiatives still missing a status, each listed once in one place.
        var answeredIds = latest.Select(a => a.InitiativeId).ToHashSet();
        var unreachable = prompts.Where(p => p.Unreachable).Select(p => p.UserId).ToHashSet(StringComparer.Ordinal);
        var pausedBy = pauses.Where(p => p.Covers(digestDate)).GroupBy(p => p.UserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var missing = active.Values
            .Where(i => !answeredIds.Contains(i.Id))
            .Select(i => (Owner: CheckInOwners.Of(i), Initiative: i))
            .Where(x => x.Owner is not null)
            .GroupBy(x => x.Owner!.Id, StringComparer.Ordinal)
            .Select(g => (Owner: g.First().Owner!, Items: (IReadOnlyList<CheckInInitiative>)g.Select(x => new CheckInInitiative(x.Initiative.Id, x.Initiative.Name))
                .OrderBy(x => x.Name, StringComparer.OrdinalIgnoreCase).ToList()))
            .OrderBy(x => x.Owner.Name, StringComparer.OrdinalIgnoreCase).ThenBy(x => x.Owner.Id, StringComparer.Ordinal)
            .ToList();

        var notReachable = new List<CheckInPerson>();
        var away = new List<CheckInAbsence>();
        var notAnswered = new List<CheckInPerson>();
        foreach (var (owner, items) in missing)
        {
            if (!CheckInOwners.CanBeMessaged(owner) || unreachable.Contains(owner.Id)) notReachable.Add(new CheckInPerson(owner, items));
            else if (pausedBy.TryGetValue(owner.Id, out var pause)) away.Add(new CheckInAbsence(owner, pause.Kind, pause.Until, items));
            else notAnswered.Add(new CheckInPerson(owner, items));
        }

        return new CheckInSummary
        {
            SubscriptionId = subscriptionId,
            DigestDate = digestDate,
            Blocked = blocked,
            AtRisk = atRisk,
            OnTrack = onTrack,
            NotAnswered = notAnswered,
            Away = away,
            NotReachable = notReachable,
        };
    }

    /// <summary>
    /// The first digest date of the unbroken run of blocked answers that ends with <paramref name="current"/>: walking
    /// back date by date through the final answer of each earlier date, stopping at the first that is not blocked.
    /// Dates without an answer do not break the run.
    /// </summary>
    public static DateOnly BlockedSince(CheckInAnswer current, IEnumerable<CheckInAnswer> earlier)
    {
        var since = current.DigestDate;
        var byDate = earlier
            .Where(a => a.InitiativeId == current.InitiativeId && a.DigestDate < current.DigestDate)
            .GroupBy(a => a.DigestDate)
            .Select(g => g.OrderByDescending(a => a.AnsweredAt).First())
            .OrderByDescending(a => a.DigestDate);
        foreach (var answer in byDate)
        {
            if (answer.Status != CheckInStatus.Blocked) break;
            since = answer.DigestDate;
        }

        return since;
    }

    private static CheckInLine Line(CheckInAnswer a, string name, DateOnly digestDate, IReadOnlyList<CheckInAnswer> earlier)
    {
        var late = a.Late || a.DigestDate < digestDate;
        var line = new CheckInLine(a.InitiativeId, name, a.Author, a.Status, a.Note, a.NextMilestone, a.DigestDate, a.AnsweredAt, late);
        if (a.Status != CheckInStatus.Blocked) return line;
        var since = BlockedSince(a, earlier);
        return line with { BlockedSince = since, BlockedDays = digestDate.DayNumber - since.DayNumber };
    }
}

/// <summary>Builds the digest's status section from the stores: call it while building a digest.</summary>
public sealed class CheckInSummaryService(IInitiativeStore initiatives, ICheckInStore store, CheckInOptions? options = null)
{
    /// <summary>Earlier answers read per blocked initiative, for "blocked for N days".</summary>
    public const int BlockedHistoryLimit = 90;

    private readonly CheckInOptions _options = (options ?? new CheckInOptions()).Validated();

    /// <summary>
    /// The status section for the digest of <paramref name="digestDate"/>. Pass the subscription as it was before
    /// this digest posted: its <see cref="DigestSubscription.LastPostedAt"/> decides which late answers are carried over.
    /// </summary>
    public async Task<CheckInSummary> BuildSummaryAsync(DigestSubscription subscription, DateOnly digestDate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var scoped = await CheckInOwners.ActiveInScopeAsync(initiatives, subscription, _options.InitiativeLimit, cancellationToken);
        if (scoped.Count == 0) return CheckInSummary.Empty(subscription.Id, digestDate);

        var answers = await store.ListForDigestAsync(subscription.TenantId, subscription.Id, digestDate, subscription.LastPostedAt, cancellationToken);
        answers = answers.Where(a => a.TenantId == subscription.TenantId).ToList();
        var prompts = await store.ListPromptsAsync(subscription.Id, digestDate, cancellationToken);
        var owners = scoped.Select(CheckInOwners.Of).OfType<UserRef>().Select(o => o.Id).Distinct(StringComparer.Ordinal).ToList();
        var pauses = await store.ListPausesAsync(subscription.TenantId, owners, digestDate, cancellationToken);

        var earlier = new Dictionary<Guid, IReadOnlyList<CheckInAnswer>>();
        foreach (var blocked in answers.Where(a => a.Status == CheckInStatus.Blocked).Select(a => a.InitiativeId).Distinct())
            earlier[blocked] = await store.ListAnswersAsync(subscription.TenantId, blocked, BlockedHistoryLimit, cancellationToken);

        return CheckInCompiler.Compile(subscription.Id, digestDate, scoped, answers, earlier, prompts, pauses);
    }
}
