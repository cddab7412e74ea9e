using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Handover;

public enum OwnerResponse
{
    Pending,
    Accepted,
    Declined,
}

/// <summary>Who was named to run the result after launch, by whom, and what they answered.</summary>
public sealed record OwnerAssignment(UserRef Person, OwnerResponse Response, UserRef AssignedBy, DateTimeOffset AssignedAt, DateTimeOffset? RespondedAt = null);

/// <summary>A ticked readiness item: who ticked it and when.</summary>
public sealed record ChecklistTick(ReadinessItem Item, UserRef By, DateTimeOffset At);

/// <summary>A move from one stage to the next, stamped with who and when.</summary>
public sealed record StageChange(PmOpsBot.Core.Initiatives.InitiativeStage From, PmOpsBot.Core.Initiatives.InitiativeStage To, UserRef By, DateTimeOffset At);
