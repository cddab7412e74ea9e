using PmOpsBot.Core.Classification;

namespace PmOpsBot.Core.Understanding;

/// <summary>What a decision was made from, for a rationale that explains it and never changes it.</summary>
public sealed record DecisionEvidence(string InitiativeName, Decision Decision, bool IsMixed, double Confidence, IReadOnlyList<DimensionSignal> Signals);
