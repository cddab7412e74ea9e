using System.Text.RegularExpressions;
using PmOpsBot.Core.Classification;

namespace PmOpsBot.Core.Interview;

/// <summary>Understands an answer to a question: a button, a letter or number, an option's words, or a sentence.</summary>
public sealed partial class AnswerReader(TextSignalExtractor extractor)
{
    public DimensionSignal? Read(InterviewQuestion question, string? choiceKey, string? text)
    {
        if (choiceKey is not null)
        {
            var chosen = question.Option(choiceKey);
            return chosen is null ? null : FromOption(question, chosen);
        }

        if (string.IsNullOrWhiteSpace(text)) return null;
        var normalized = Normalize(text);

        var byKey = question.Options.FirstOrDefault(o => normalized == o.Key || normalized == $"{o.Key})" || normalized == PositionOf(question, o));
        if (byKey is not null) return FromOption(question, byKey);

        var byWords = question.Options.FirstOrDefault(o =>
            string.Equals(normalized, Normalize(o.Label), StringComparison.Ordinal) ||
            o.Synonyms.Any(s => string.Equals(normalized, Normalize(s), StringComparison.Ordinal)));
        if (byWords is not null) return FromOption(question, byWords);

        var read = extractor.ReadAnswer(question.Dimension, text);
        if (read is not null) return read with { Evidence = Quote(text) };

        var neutral = question.Options.First(o => o.Leaning == Leaning.Neutral);
        return neutral.Synonyms.Any(s => normalized.Contains(Normalize(s), StringComparison.Ordinal)) ? FromOption(question, neutral) : null;
    }

    public static string Normalize(string text) => Spaces().Replace(Punctuation().Replace(text.Trim().ToLowerInvariant(), " "), " ").Trim();

    private static string PositionOf(InterviewQuestion question, AnswerOption option) =>
        (question.Options.ToList().IndexOf(option) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static DimensionSignal FromOption(InterviewQuestion question, AnswerOption option) =>
        new(question.Dimension, option.Leaning, SignalSource.Answer, option.Label);

    private static string Quote(string text)
    {
        var trimmed = text.Trim();
        return $"“{(trimmed.Length > 80 ? trimmed[..77] + "…" : trimmed)}”";
    }

    [GeneratedRegex(@"[^\p{L}\p{N}\s'/-]")]
    private static partial Regex Punctuation();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
