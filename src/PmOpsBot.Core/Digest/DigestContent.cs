using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Digest;

/// <summary>
/// One channel's stand-up digest for one local day, independent of any channel's format: a renderer
/// turns it into an Adaptive Card (or text) and decides nothing. Every line carries the initiative id
/// (for an "open handover card" action) and the people to @mention.
/// </summary>
public sealed record DigestContent
{
    public required Guid SubscriptionId { get; init; }

    public required DigestScope Scope { get; init; }

    /// <summary>The local date the digest is for (header).</summary>
    public required DateOnly LocalDate { get; init; }

    /// <summary>The subscription's time zone id, as stored ("Europe/Berlin").</summary>
    public required string TimeZoneId { get; init; }

    /// <summary>When it was built, in the subscription's zone (its offset tells the renderer the local time).</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>What counts as new: the last digest's post, or a day before <see cref="GeneratedAt"/> for the first one.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>Initiatives created or decided since <see cref="Since"/>, oldest decision first.</summary>
    public IReadOnlyList<DigestInitiative> NewOrDecided { get; init; } = [];

    /// <summary>Stage moves since <see cref="Since"/>, in the order they happened.</summary>
    public IReadOnlyList<DigestStageMove> StageChanges { get; init; } = [];

    /// <summary>Active handovers dated today up to seven days ahead, soonest first.</summary>
    public IReadOnlyList<DigestHandover> HandoversDueSoon { get; init; } = [];

    /// <summary>Handovers whose date has passed and that are not in operations or retired, most overdue first.</summary>
    public IReadOnlyList<DigestHandover> HandoversOverdue { get; init; } = [];

    /// <summary>Projects (and mixed) at or past their launch date with no operations owner, or one who declined.</summary>
    public IReadOnlyList<DigestHandover> WithoutOperationsOwner { get; init; } = [];

    /// <summary>Interviews of the scope nobody has touched for more than a day.</summary>
    public IReadOnlyList<OpenInterview> UnfinishedInterviews { get; init; } = [];

    /// <summary>The registry returned as many initiatives as the digest asks for at most: some may be missing.</summary>
    public bool Truncated { get; init; }

    /// <summary>Whether the channel wants people who have not answered @mentioned.</summary>
    public bool MentionMissingAnswers { get; init; }

    /// <summary>The owners' check-in answers for this digest, when check-ins are on.</summary>
    public PmOpsBot.Core.CheckIns.CheckInSummary? Status { get; init; }

    /// <summary>
    /// Nothing to report: post a one-line "all quiet" (or nothing, when the channel skips quiet days). People who
    /// haven't answered a check-in are not news on their own; blocked, at-risk and late answers are.
    /// </summary>
    public bool IsQuiet =>
        NewOrDecided.Count == 0 && StageChanges.Count == 0 && HandoversDueSoon.Count == 0 && HandoversOverdue.Count == 0
        && WithoutOperationsOwner.Count == 0 && UnfinishedInterviews.Count == 0
        && (Status is null || (Status.Blocked.Count == 0 && Status.AtRisk.Count == 0 && Status.Late.Count == 0));

    /// <summary>Everyone the digest names, once each (for the card's mention entities).</summary>
    public IReadOnlyList<UserRef> Mentioned =>
        NewOrDecided.SelectMany(i => i.Owners)
            .Concat(StageChanges.SelectMany(s => s.Initiative.Owners.Prepend(s.By)))
            .Concat(HandoversDueSoon.Concat(HandoversOverdue).Concat(WithoutOperationsOwner).SelectMany(h => h.Initiative.Owners))
            .Concat(UnfinishedInterviews.Select(i => i.User))
            .Where(u => !PmOpsBot.Core.Privacy.FormerMember.Is(u))
            .DistinctBy(u => u.Id)
            .ToList();
}

/// <summary>An initiative as a digest line names it.</summary>
public sealed record DigestInitiative(
    Guid Id,
    string Name,
    InitiativeStage Stage,
    Decision Decision,
    bool IsMixed,
    DateOnly? HandoverDate,
    UserRef CreatedBy,
    UserRef? ProjectOwner,
    OwnerAssignment? OperationsOwner,
    DateTimeOffset CreatedAt,
    DateTimeOffset DecidedAt)
{
    public static DigestInitiative Of(Initiative i) =>
        new(i.Id, i.Name, i.Stage, i.Decision, i.IsMixed, i.HandoverDate, i.CreatedBy, i.ProjectOwner, i.OperationsOwner, i.CreatedAt, i.DecidedAt);

    /// <summary>
    /// Who to @mention: the project owner (or the creator when none is named) and an operations owner who has not
    /// declined; never a former member (someone who asked to be forgotten).
    /// </summary>
    public IReadOnlyList<UserRef> Owners
    {
        get
        {
            var owners = new List<UserRef>();
            var first = ProjectOwner ?? CreatedBy;
            if (!PmOpsBot.Core.Privacy.FormerMember.Is(first)) owners.Add(first);
            if (OperationsOwner is { Response: not OwnerResponse.Declined } ops && owners.All(o => o.Id != ops.Person.Id)) owners.Add(ops.Person);
            return owners;
        }
    }

    public bool NeedsHandover => Decision == Decision.Project || IsMixed;
}

/// <summary>A stage move: who moved which initiative from where to where, and when.</summary>
public sealed record DigestStageMove(DigestInitiative Initiative, InitiativeStage From, InitiativeStage To, UserRef By, DateTimeOffset At);

/// <summary>A handover line: the initiative, how many days until (positive) or since (negative) its date, and its readiness ("3 of 7 ready").</summary>
public sealed record DigestHandover(DigestInitiative Initiative, DateOnly HandoverDate, int DaysFromToday, Readiness Readiness);
