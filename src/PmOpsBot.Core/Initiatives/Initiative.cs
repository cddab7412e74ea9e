using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Handover;

namespace PmOpsBot.Core.Initiatives;

/// <summary>A decided initiative as kept in the registry.</summary>
public sealed record Initiative
{
    public required Guid Id { get; init; }

    /// <summary>The Teams tenant or Slack workspace: nothing is ever read across it.</summary>
    public required string TenantId { get; init; }

    public string? TeamId { get; init; }

    public required string ChannelId { get; init; }

    public required string ConversationId { get; init; }

    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public required UserRef CreatedBy { get; init; }

    public required Decision Decision { get; init; }

    public required double Confidence { get; init; }

    public required bool IsMixed { get; init; }

    public IReadOnlyList<DimensionSignal> Signals { get; init; } = [];

    public InitiativeStage Stage { get; init; } = InitiativeStage.Proposed;

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }

    /// <summary>Who delivers the project; the creator until someone else is named.</summary>
    public UserRef? ProjectOwner { get; init; }

    /// <summary>Who runs the result after launch, and whether they accepted.</summary>
    public OwnerAssignment? OperationsOwner { get; init; }

    /// <summary>Target launch / handover date.</summary>
    public DateOnly? HandoverDate { get; init; }

    /// <summary>Readiness items ticked so far (never <see cref="ReadinessItem.OperationsOwnerAccepted"/>, which is derived).</summary>
    public IReadOnlyList<ChecklistTick> Checklist { get; init; } = [];

    public IReadOnlyList<StageChange> StageHistory { get; init; } = [];

    /// <summary>The operations initiative this improvement project was raised from.</summary>
    public Guid? ParentId { get; init; }

    /// <summary>When the registry last stored a change to it (set by the store).</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Incremented by every stored update; an update naming an older version is refused so no change is lost.</summary>
    public long Version { get; init; }

    /// <summary>Projects and mixed results hand over to operations; pure operations have nothing to hand over.</summary>
    public bool NeedsHandover => Decision == Decision.Project || IsMixed;
}
