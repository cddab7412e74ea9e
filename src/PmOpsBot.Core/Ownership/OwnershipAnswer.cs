using System.Globalization;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Ownership;

/// <summary>The short plain-language answer to "who owns X?".</summary>
public static class OwnershipAnswer
{
    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static string Describe(Initiative initiative, OwnerRole? role)
    {
        var readiness = ReadinessChecklist.Of(initiative);
        var facts = $"{StageRules.NameOf(initiative.Stage)}, {(initiative.HandoverDate is { } d ? $"handover {Date(d)}" : "no handover date yet")}, {readiness.Summary}";
        var project = Project(initiative);
        var operations = Operations(initiative);

        if (!initiative.NeedsHandover)
            return $"“{initiative.Name}” is run as operations ({StageRules.NameOf(initiative.Stage)}). Operations owner: {operations}.";

        return role switch
        {
            OwnerRole.Operations => initiative.OperationsOwner is null or { Response: OwnerResponse.Declined }
                ? $"Nobody is named to run “{initiative.Name}” after launch yet{(initiative.OperationsOwner is { } declined ? $" ({declined.Person.Name} declined)" : "")}. Project owner: {project} ({facts})."
                : $"After launch, “{initiative.Name}” is run by {operations}. Project owner: {project} ({facts}).",
            OwnerRole.Project => $"The project owner of “{initiative.Name}” is {project}. After launch: {operations} ({facts}).",
            _ => $"“{initiative.Name}”: project owner {project}; operations owner after launch {operations} ({facts}).",
        };
    }

    /// <summary>How a card shows an owner who asked to be forgotten.</summary>
    public const string OwnerLeft = "owner left: needs a new owner";

    public static string Project(Initiative initiative) => initiative.ProjectOwner switch
    {
        null => "not assigned yet",
        { } p when PmOpsBot.Core.Privacy.FormerMember.Is(p) => OwnerLeft,
        { } p => p.Name,
    };

    /// <summary>An operations initiative whose creator was forgotten and nobody runs it is flagged too.</summary>
    public static string Operations(Initiative initiative) => initiative.OperationsOwner switch
    {
        null when !initiative.NeedsHandover && PmOpsBot.Core.Privacy.FormerMember.Is(initiative.CreatedBy) => OwnerLeft,
        null => "not assigned yet",
        { Response: OwnerResponse.Declined } o => $"not assigned yet ({o.Person.Name} declined)",
        { Response: OwnerResponse.Pending } o => $"{o.Person.Name} (hasn't accepted yet)",
        { } o => o.Person.Name,
    };
}
