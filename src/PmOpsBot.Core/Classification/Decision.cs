namespace PmOpsBot.Core.Classification;

/// <summary>How the work should be run.</summary>
public enum Decision
{
    Project,
    Operations,
}

/// <summary>The classifier's verdict with everything the decision card needs to explain it.</summary>
/// <param name="Confidence">0.5 (a coin toss) to 1.0 (every signal agrees, plenty of them).</param>
/// <param name="IsMixed">Both sides carry real weight: run one way now, plan the hand-off to the other.</param>
public sealed record ClassificationResult(
    Decision Decision,
    double Confidence,
    bool IsMixed,
    double ProjectScore,
    double OperationsScore,
    IReadOnlyList<DimensionSignal> ForProject,
    IReadOnlyList<DimensionSignal> ForOperations,
    IReadOnlyList<DimensionSignal> Neutral)
{
    public IEnumerable<DimensionSignal> AllSignals => ForProject.Concat(ForOperations).Concat(Neutral);

    public string DecisionName => Decision == Decision.Project ? "project" : "operations";
}
