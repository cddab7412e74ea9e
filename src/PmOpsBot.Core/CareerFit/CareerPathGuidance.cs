namespace PmOpsBot.Core.CareerFit;

/// <summary>Where each career path leads and the certifications that fit it, for the career-fit card.</summary>
public sealed record CareerPathGuidance(string Name, string Summary, IReadOnlyList<string> Progressions, IReadOnlyList<string> Certifications)
{
    public static CareerPathGuidance ProjectManagement { get; } = new(
        "Project management",
        "You like building and delivering change: work with a goal, a deadline and a finish line.",
        ["Programme manager", "Portfolio manager", "PMO lead"],
        ["PMP (Project Management Professional)", "CAPM (Certified Associate in Project Management)", "PRINCE2", "PgMP (Program Management Professional)"]);

    public static CareerPathGuidance OperationsManagement { get; } = new(
        "Operations management",
        "You like running and improving how things work: steady, measured, better every month.",
        ["Head of operations", "Business unit leader", "Chief operating officer (COO)"],
        ["Lean Six Sigma", "ITIL", "Operations management programmes"]);

    /// <summary>The paths in the order a result should show them: the one the person leans to first.</summary>
    public static IReadOnlyList<CareerPathGuidance> InOrderFor(CareerLeaning leaning) =>
        leaning == CareerLeaning.OperationsManagement ? [OperationsManagement, ProjectManagement] : [ProjectManagement, OperationsManagement];

    public static string HeadlineFor(CareerLeaning leaning) => leaning switch
    {
        CareerLeaning.ProjectManagement => "Project management fits you best",
        CareerLeaning.OperationsManagement => "Operations management fits you best",
        _ => "Both paths fit you",
    };

    public static string SummaryFor(CareerLeaning leaning) => leaning switch
    {
        CareerLeaning.ProjectManagement => ProjectManagement.Summary,
        CareerLeaning.OperationsManagement => OperationsManagement.Summary,
        _ => "Your answers point both ways: you'd do well delivering change and running what it leaves behind. Handover roles between projects and operations may suit you.",
    };
}
