namespace PmOpsBot.Core.Classification;

/// <summary>One piece of evidence: a dimension, which way it points, and why.</summary>
/// <param name="Evidence">What the person said or chose, in a few words, for the decision card.</param>
public sealed record DimensionSignal(Dimension Dimension, Leaning Leaning, SignalSource Source, string Evidence)
{
    /// <summary>How much a signal counts: a deliberate answer more than a guess from prose.</summary>
    public double Trust => Source switch
    {
        SignalSource.Answer => 1.0,
        SignalSource.ConfirmedInference => 1.0,
        _ => 0.6,
    };
}
