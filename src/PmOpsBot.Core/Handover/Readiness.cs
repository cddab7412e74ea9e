using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Handover;

/// <summary>What a poor transition to operations tends to cause.</summary>
public enum TransitionRisk
{
    OperationalInefficiency,
    SystemFailures,
    LackOfAdoption,
}

/// <summary>The readiness checklist with what each open item puts at risk.</summary>
public static class ReadinessChecklist
{
    public sealed record ItemInfo(ReadinessItem Item, string Label, string ShortLabel, TransitionRisk Risk, string WhyItMatters);

    public static IReadOnlyList<ItemInfo> Items { get; } =
    [
        new(ReadinessItem.OperationsOwnerAccepted, "Operations owner named and accepted", "Ops owner", TransitionRisk.OperationalInefficiency, "nobody is accountable for running it after launch"),
        new(ReadinessItem.RunbookWritten, "Runbook and standard procedures written", "Runbook / SOPs", TransitionRisk.OperationalInefficiency, "the team will run it differently every time"),
        new(ReadinessItem.KpisAndMonitoring, "KPIs and monitoring defined", "KPIs / monitoring", TransitionRisk.SystemFailures, "failures and slow decline go unnoticed"),
        new(ReadinessItem.SupportAndEscalation, "Support and escalation contacts agreed", "Support contacts", TransitionRisk.SystemFailures, "incidents take longer to fix"),
        new(ReadinessItem.TrainingAndAdoption, "Training and adoption plan in place", "Training", TransitionRisk.LackOfAdoption, "people keep working the old way"),
        new(ReadinessItem.AcceptanceSignOff, "Acceptance signed off by operations", "Sign-off", TransitionRisk.LackOfAdoption, "operations inherits something it never agreed to"),
        new(ReadinessItem.EarlyLifeSupport, "Early-life-support window agreed", "Early-life support", TransitionRisk.SystemFailures, "teething problems land on a team that has just taken over"),
    ];

    public static ItemInfo Info(ReadinessItem item) => Items.First(i => i.Item == item);

    public static string RiskName(TransitionRisk risk) => risk switch
    {
        TransitionRisk.OperationalInefficiency => "operational inefficiency",
        TransitionRisk.SystemFailures => "system failures",
        _ => "lack of adoption",
    };

    /// <summary>Which items are done, derived for the owner's acceptance and ticked for the rest.</summary>
    public static Readiness Of(Initiative initiative)
    {
        var done = new HashSet<ReadinessItem>(initiative.Checklist.Select(t => t.Item));
        done.Remove(ReadinessItem.OperationsOwnerAccepted);
        if (initiative.OperationsOwner?.Response == OwnerResponse.Accepted) done.Add(ReadinessItem.OperationsOwnerAccepted);
        var open = Items.Where(i => !done.Contains(i.Item)).ToList();
        return new Readiness(Items.Where(i => done.Contains(i.Item)).ToList(), open);
    }
}

/// <summary>Done and open readiness items of one handover.</summary>
public sealed record Readiness(IReadOnlyList<ReadinessChecklist.ItemInfo> Done, IReadOnlyList<ReadinessChecklist.ItemInfo> Open)
{
    public int Total => Done.Count + Open.Count;

    public bool IsReady => Open.Count == 0;

    /// <summary>The risks the open items carry, most-cited first.</summary>
    public IReadOnlyList<TransitionRisk> Risks => Open.GroupBy(i => i.Risk).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).ToList();

    public string Summary => $"{Done.Count} of {Total} ready";
}
