namespace PmOpsBot.Core.CareerFit;

/// <summary>
/// How well each career path fits, as a split that adds up to 100, with the traits behind it.
/// <paramref name="Answered"/> counts the questions that were answered (not skipped) out of <paramref name="Total"/>.
/// </summary>
public sealed record CareerFitResult(
    int ProjectFit,
    int OperationsFit,
    CareerLeaning Leaning,
    IReadOnlyList<string> ProjectTraits,
    IReadOnlyList<string> OperationsTraits,
    int Answered,
    int Total);
