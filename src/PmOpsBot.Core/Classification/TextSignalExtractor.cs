namespace PmOpsBot.Core.Classification;

/// <summary>
/// Turns free text into dimension signals by looking for the phrases in <see cref="TextCueLexicon"/>.
/// Rule-based on purpose: it runs offline, explains itself by quoting the words it used, and the
/// interview asks the person to confirm what it read instead of trusting it blindly.
/// </summary>
public sealed class TextSignalExtractor
{
    /// <summary>Longer text is cut here; descriptions are a sentence or two and regexes must stay cheap.</summary>
    public const int MaxLength = 2000;

    private readonly IReadOnlyList<TextCue> _cues;

    public TextSignalExtractor() : this(TextCueLexicon.Cues)
    {
    }

    public TextSignalExtractor(IReadOnlyList<TextCue> cues) => _cues = cues;

    public IReadOnlyList<DimensionSignal> Extract(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        if (text.Length > MaxLength) text = text[..MaxLength];

        var claimed = new bool[text.Length];
        var strong = new List<DimensionSignal>();
        var weak = new List<DimensionSignal>();

        foreach (var cue in _cues)
        {
            foreach (var match in cue.Pattern.Matches(text).Where(m => m.Length > 0))
            {
                if (IsClaimed(claimed, match.Index, match.Length)) continue;
                Claim(claimed, match.Index, match.Length);
                var evidence = $"“{match.Value.Trim()}”";
                foreach (var dimension in cue.Dimensions)
                    (cue.IsWeak ? weak : strong).Add(new DimensionSignal(dimension, cue.Leaning, SignalSource.Text, evidence));
            }
        }

        var spokenFor = strong.Select(s => s.Dimension).ToHashSet();
        return strong.Concat(weak.Where(w => !spokenFor.Contains(w.Dimension)))
            .DistinctBy(s => (s.Dimension, s.Leaning, s.Evidence))
            .ToList();
    }

    /// <summary>
    /// Reads a typed answer to one question: a signal on that dimension if the text names one,
    /// otherwise the answer's overall leaning when all of its cues agree.
    /// </summary>
    public DimensionSignal? ReadAnswer(Dimension dimension, string text)
    {
        var signals = Extract(text);
        var onDimension = signals.Where(s => s.Dimension == dimension && s.Leaning != Leaning.Neutral).ToList();
        var candidates = onDimension.Count > 0 ? onDimension : signals.Where(s => s.Leaning != Leaning.Neutral).ToList();
        var leanings = candidates.Select(s => s.Leaning).Distinct().ToList();
        if (leanings.Count != 1) return null;
        return new DimensionSignal(dimension, leanings[0], SignalSource.Answer, candidates[0].Evidence);
    }

    private static bool IsClaimed(bool[] claimed, int start, int length)
    {
        for (var i = start; i < start + length; i++)
            if (claimed[i]) return true;
        return false;
    }

    private static void Claim(bool[] claimed, int start, int length) => Array.Fill(claimed, true, start, length);
}
