using System.Text.RegularExpressions;
using PmOpsBot.Core.Classification;

namespace PmOpsBot.Core.Understanding;

/// <summary>
/// Combines what the rules read from a description with what a language model read from it. The rules win:
/// a model signal only fills a dimension the rules found nothing on, and only when the words it quotes as
/// evidence really are in the description, so an answer that invents evidence (or was steered by the text)
/// adds nothing. Everything kept stays an unconfirmed inference (<see cref="SignalSource.Text"/>).
/// </summary>
public static partial class SignalMerge
{
    /// <summary>Evidence is a phrase, not a paragraph: longer quotes are not shown or used.</summary>
    public const int MaxEvidenceLength = 120;

    public static IReadOnlyList<DimensionSignal> FillGaps(IReadOnlyList<DimensionSignal> rules, IReadOnlyList<DimensionSignal>? model, string? description)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (model is not { Count: > 0 } || string.IsNullOrWhiteSpace(description)) return rules;

        var covered = rules.Select(s => s.Dimension).ToHashSet();
        var text = Flatten(description);
        var accepted = model
            .Where(s => s is not null && Enum.IsDefined(s.Dimension) && s.Leaning is Leaning.Project or Leaning.Operations && !covered.Contains(s.Dimension))
            .Select(s => (Signal: s, Quote: QuoteOf(s.Evidence)))
            .Where(s => s.Quote.Length is > 0 and <= MaxEvidenceLength && text.Contains(s.Quote, StringComparison.OrdinalIgnoreCase))
            .Select(s => new DimensionSignal(s.Signal.Dimension, s.Signal.Leaning, SignalSource.Text, $"“{s.Quote}”"))
            .GroupBy(s => s.Dimension)
            // A model that points both ways on one dimension has said nothing about it.
            .Where(g => g.Select(s => s.Leaning).Distinct().Count() == 1)
            .Select(g => g.First());
        return [.. rules, .. accepted];
    }

    /// <summary>The quoted words without their quotation marks and with single spaces.</summary>
    private static string QuoteOf(string? evidence) =>
        Flatten(evidence ?? "").Trim().Trim('“', '”', '"', '\'', '‘', '’', '«', '»').Trim();

    private static string Flatten(string text) => Spaces().Replace(text, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
