using PmOpsBot.Core.Classification;

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
}
