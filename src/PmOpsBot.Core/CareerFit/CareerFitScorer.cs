namespace PmOpsBot.Core.CareerFit;

/// <summary>
/// Turns career answers into a fit for each path. Every answered question is one point: a leaning
/// answer goes to its path, a "both" answer half to each, so one answer among several "both"s
/// tilts the split instead of making it 100 to 0. Skipped and unknown answers are not scored.
/// </summary>
public sealed class CareerFitScorer
{
    /// <summary>Fits this close together (in percentage points) are shown as a balanced result.</summary>
    public const int BalancedWithin = 10;

    public CareerFitResult Score(IReadOnlyDictionary<string, string> answers)
    {
        double project = 0, operations = 0;
        var answered = 0;
        var projectTraits = new List<string>();
        var operationsTraits = new List<string>();

        foreach (var question in CareerQuestions.Questions)
        {
            if (!answers.TryGetValue(question.Id, out var key) || question.Option(key) is not { } option) continue;
            answered++;
            switch (option.Leaning)
            {
                case CareerLeaning.ProjectManagement:
                    project += 1;
                    if (option.Trait is { } projectTrait) projectTraits.Add(projectTrait);
                    break;
                case CareerLeaning.OperationsManagement:
                    operations += 1;
                    if (option.Trait is { } operationsTrait) operationsTraits.Add(operationsTrait);
                    break;
                default:
                    project += 0.5;
                    operations += 0.5;
                    break;
            }
        }

        var projectFit = project + operations == 0 ? 50 : (int)Math.Round(100 * project / (project + operations), MidpointRounding.AwayFromZero);
        var operationsFit = 100 - projectFit;
        var leaning = Math.Abs(projectFit - operationsFit) <= BalancedWithin ? CareerLeaning.Balanced
            : projectFit > operationsFit ? CareerLeaning.ProjectManagement
            : CareerLeaning.OperationsManagement;

        return new CareerFitResult(projectFit, operationsFit, leaning, projectTraits, operationsTraits, answered, CareerQuestions.Questions.Count);
    }
}
