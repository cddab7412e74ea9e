namespace PmOpsBot.Core.CareerFit;

/// <summary>
/// One button of a career question. <paramref name="Trait"/> is the good-fit trait choosing it
/// shows (null for the "both" option); <paramref name="Synonyms"/> are typed answers that mean it.
/// </summary>
public sealed record CareerOption(string Key, string Label, CareerLeaning Leaning, string? Trait, IReadOnlyList<string> Synonyms);
