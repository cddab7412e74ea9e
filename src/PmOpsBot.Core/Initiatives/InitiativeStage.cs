namespace PmOpsBot.Core.Initiatives;

/// <summary>Where an initiative is in its life: projects create, operations sustain.</summary>
public enum InitiativeStage
{
    Proposed,
    InProject,
    HandingOver,
    InOperations,
    Retired,
}
