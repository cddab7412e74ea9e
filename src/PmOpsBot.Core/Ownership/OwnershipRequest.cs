using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Ownership;

public enum OwnerRole
{
    Project,
    Operations,
}

/// <summary>A request about owners and handovers, read from plain language.</summary>
public abstract record OwnershipRequest
{
    /// <summary>"who owns X (after launch)?": both owners, stage, date, readiness.</summary>
    public sealed record WhoOwns(string Name, OwnerRole? Role) : OwnershipRequest;

    public sealed record ShowHandover(string Name) : OwnershipRequest;

    public sealed record HandoversDue(DateOnly From, DateOnly To, string PeriodName) : OwnershipRequest;

    public sealed record MyInitiatives : OwnershipRequest;

    public sealed record WithoutOperationsOwner : OwnershipRequest;

    /// <summary>Name an owner: a mentioned person, or a typed name when nobody was mentioned.</summary>
    public sealed record AssignOwner(string Name, OwnerRole Role, UserRef? Person, string? TypedPerson) : OwnershipRequest;

    public sealed record SetHandoverDate(string Name, DateOnly? Date, string RawDate) : OwnershipRequest;

    public sealed record MoveStage(string Name, InitiativeStage Stage) : OwnershipRequest;

    public sealed record RaiseImprovement(string ParentName, string NewName) : OwnershipRequest;
}
