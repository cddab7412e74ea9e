namespace PmOpsBot.Core.Classification;

/// <summary>
/// Deterministic, explainable scoring: every signal adds its dimension's weight times its trust to
/// one side. No network, no randomness, so the same answers always give the same card.
/// </summary>
public sealed class InitiativeClassifier
{
    /// <summary>Share of the evidence the weaker side must hold before the card calls the signals mixed.</summary>
    public const double MixedShare = 0.25;

    /// <summary>Weighted evidence the weaker side must hold in absolute terms, so one stray word is not "mixed".</summary>
    public const double MixedMinimum = 1.0;

    // Evidence of this size moves confidence halfway from "barely informed" to "fully informed".
    private const double CoverageHalfPoint = 1.5;

    // Whether the work ends and what it leaves behind define the difference most directly.
    private static readonly IReadOnlyDictionary<Dimension, double> Weights = new Dictionary<Dimension, double>
    {
        [Dimension.Nature] = 1.5,
        [Dimension.Timeframe] = 1.5,
        [Dimension.Objective] = 1.25,
        [Dimension.EndResult] = 1.25,
    };

    // When scores tie, the first of these that has a signal breaks the tie.
    private static readonly Dimension[] TieBreakers = [Dimension.Timeframe, Dimension.Nature, Dimension.EndResult, Dimension.Objective];

    public static double WeightOf(Dimension dimension) => Weights.TryGetValue(dimension, out var w) ? w : 1.0;

    public ClassificationResult Classify(IEnumerable<DimensionSignal> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var effective = KeepStrongestPerDimension(signals);

        var forProject = effective.Where(s => s.Leaning == Leaning.Project).ToList();
        var forOperations = effective.Where(s => s.Leaning == Leaning.Operations).ToList();
        var neutral = effective.Where(s => s.Leaning == Leaning.Neutral).ToList();

        var projectScore = forProject.Sum(Score);
        var operationsScore = forOperations.Sum(Score);
        var total = projectScore + operationsScore;

        var decision = projectScore > operationsScore ? Decision.Project
            : operationsScore > projectScore ? Decision.Operations
            : BreakTie(effective);

        var margin = total == 0 ? 0 : Math.Abs(projectScore - operationsScore) / total;
        var coverage = total / (total + CoverageHalfPoint);
        var confidence = Math.Round(0.5 + 0.5 * margin * coverage, 2);

        var minority = Math.Min(projectScore, operationsScore);
        var isMixed = total > 0 && minority >= MixedMinimum && minority / total >= MixedShare;

        return new ClassificationResult(decision, confidence, isMixed, Math.Round(projectScore, 2), Math.Round(operationsScore, 2),
            forProject, forOperations, neutral);
    }

    private static double Score(DimensionSignal signal) => WeightOf(signal.Dimension) * signal.Trust;

    /// <summary>
    /// A person's answer overrides what was guessed from prose for the same dimension; several text
    /// hints on one dimension count once, so a wordy description cannot outvote short answers.
    /// </summary>
    private static List<DimensionSignal> KeepStrongestPerDimension(IEnumerable<DimensionSignal> signals)
    {
        var result = new List<DimensionSignal>();
        foreach (var group in signals.GroupBy(s => s.Dimension).OrderBy(g => g.Key))
        {
            var bestTrust = group.Max(s => s.Trust);
            var best = group.Where(s => s.Trust == bestTrust).ToList();
            if (bestTrust >= 1.0)
            {
                // The latest deliberate answer wins (the person may have changed their mind).
                result.Add(best[^1]);
                continue;
            }

            var project = best.Where(s => s.Leaning == Leaning.Project).ToList();
            var operations = best.Where(s => s.Leaning == Leaning.Operations).ToList();
            if (project.Count > operations.Count) result.Add(project[0]);
            else if (operations.Count > project.Count) result.Add(operations[0]);
            else if (project.Count > 0)
                result.Add(new DimensionSignal(group.Key, Leaning.Neutral, SignalSource.Text, $"{project[0].Evidence} / {operations[0].Evidence}"));
            else result.Add(best[0]);
        }

        return result;
    }

    private static Decision BreakTie(IReadOnlyList<DimensionSignal> signals)
    {
        foreach (var dimension in TieBreakers)
        {
            var signal = signals.FirstOrDefault(s => s.Dimension == dimension && s.Leaning != Leaning.Neutral);
            if (signal is not null)
                return signal.Leaning == Leaning.Project ? Decision.Project : Decision.Operations;
        }

        // Nothing marks the work as temporary, and work without a finish line is operations.
        return Decision.Operations;
    }
}
