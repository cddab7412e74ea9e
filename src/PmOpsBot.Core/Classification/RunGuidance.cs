namespace PmOpsBot.Core.Classification;

/// <summary>What running the work one way or the other means in practice, for the decision card.</summary>
public sealed record RunGuidance(string Headline, string Summary, string PracticesTitle, IReadOnlyList<string> Practices, string MeasuresTitle, IReadOnlyList<string> Measures, string? HandoffAdvice)
{
    public static RunGuidance For(ClassificationResult result) => result.Decision == Decision.Project
        ? new RunGuidance(
            "Run it as a project",
            "It has a goal and a finish line: plan it, deliver it, close it.",
            "Lifecycle",
            ["Initiate: agree the goal, sponsor and budget", "Plan: scope, milestones, risks, team", "Execute: build and deliver", "Monitor and control: track against the plan, clear blockers", "Close: accept the deliverable and hand it over"],
            "Success looks like",
            ["Delivered on time", "Within the agreed scope", "On budget", "The deliverable is accepted by the people who will use it"],
            result.IsMixed ? "Mixed signals: run it as a project now and hand it over to operations at launch. Name the operations owner before go-live." : null)
        : new RunGuidance(
            "Run it as operations",
            "It keeps part of the business working day after day: standardise it, measure it, improve it.",
            "Standard procedures (SOPs)",
            ["Write down how the work is done and who owns each step", "Set a review cycle and keep the procedures current", "Agree escalation paths and backups for key roles", "Feed recurring problems into improvement work"],
            "KPIs to watch",
            ["Throughput or volume handled", "Quality: error or defect rate", "Service levels met (turnaround, response times)", "Cost per unit of work", "Customer or user satisfaction"],
            result.IsMixed ? "Mixed signals: run it as operations, and carve any one-off change out as an improvement project with its own end date." : null);
}
