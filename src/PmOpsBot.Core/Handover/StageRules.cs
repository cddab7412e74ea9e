using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Handover;

/// <summary>Which stage moves make sense, and why the others are refused.</summary>
public static class StageRules
{
    public static string NameOf(InitiativeStage stage) => stage switch
    {
        InitiativeStage.Proposed => "proposed",
        InitiativeStage.InProject => "in project",
        InitiativeStage.HandingOver => "handing over",
        InitiativeStage.InOperations => "in operations",
        _ => "retired",
    };

    /// <summary>The usual next stage, for the card's "move on" button.</summary>
    public static InitiativeStage? NextOf(Initiative initiative) => initiative.Stage switch
    {
        InitiativeStage.Proposed => initiative.Decision == Decision.Operations && !initiative.IsMixed ? InitiativeStage.InOperations : InitiativeStage.InProject,
        InitiativeStage.InProject => InitiativeStage.HandingOver,
        InitiativeStage.HandingOver => InitiativeStage.InOperations,
        InitiativeStage.InOperations => InitiativeStage.Retired,
        _ => null,
    };

    /// <summary>Null when the move is allowed; otherwise the reason it is not.</summary>
    public static string? WhyNot(Initiative initiative, InitiativeStage to)
    {
        var from = initiative.Stage;
        if (from == to) return $"“{initiative.Name}” is already {NameOf(to)}.";
        if (from == InitiativeStage.Retired) return $"“{initiative.Name}” is retired; raise a new initiative instead of reviving it.";
        return (from, to) switch
        {
            (_, InitiativeStage.Retired) => null,
            (InitiativeStage.Proposed, InitiativeStage.InProject) => initiative.NeedsHandover ? null : $"“{initiative.Name}” was decided as operations; run it as operations, or raise an improvement project from it.",
            (InitiativeStage.Proposed, InitiativeStage.InOperations) => initiative.NeedsHandover ? $"“{initiative.Name}” is a project: it goes through “in project” and “handing over” before operations." : null,
            (InitiativeStage.InProject, InitiativeStage.HandingOver) => initiative.OperationsOwner is null || initiative.OperationsOwner.Response == OwnerResponse.Declined
                ? $"Name an operations owner for “{initiative.Name}” before handing it over." : null,
            (InitiativeStage.HandingOver, InitiativeStage.InProject) => null,
            (InitiativeStage.HandingOver, InitiativeStage.InOperations) => initiative.OperationsOwner?.Response == OwnerResponse.Accepted
                ? null : $"The operations owner of “{initiative.Name}” hasn't accepted yet, so operations can't take it over.",
            _ => $"“{initiative.Name}” can't go from {NameOf(from)} to {NameOf(to)}. The stages run: proposed → in project → handing over → in operations → retired.",
        };
    }
}
