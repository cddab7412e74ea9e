using Microsoft.Extensions.Caching.Memory;

namespace PmOpsBot.Core.Classification;

/// <summary>
/// Turns free text into dimension signals by looking for the phrases in <see cref="TextCueLexicon"/>.
/// Rule-based on purpose: it runs offline, explains itself by quoting the words it used, and the
/// interview asks the person to confirm what it read instead of trusting it blindly.
/// </summary>
public sealed class TextSignalExtractor : IDisposable
{
    /// <summary>Longer text is cut here; descriptions are a sentence or two and regexes must stay cheap.</summary>
    public const int MaxLength = 2000;

    /// <summary>
    /// Texts whose reading is remembered: an interview asks up to eight questions about one description, each turn reading
    /// it again. Enough for the interviews one instance has going at once; at most a few megabytes.
    /// </summary>
    public const int RememberedTexts = 1024;

    /// <summary>A reading not asked for again in this long is dropped: the interview it belonged to has moved on.</summary>
    public static readonly TimeSpan RememberedFor = TimeSpan.FromMinutes(30);

    private readonly IReadOnlyList<TextCue> _cues;
    private readonly MemoryCache _read = new(new MemoryCacheOptions { SizeLimit = RememberedTexts });

    public TextSignalExtractor() : this(TextCueLexicon.Cues)
    {
    }

    public TextSignalExtractor(IReadOnlyList<TextCue> cues) => _cues = cues;

    /// <summary>The signals in <paramref name="text"/>; the same text always gives the same (shared, read-only) list.</summary>
    public IReadOnlyList<DimensionSignal> Extract(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        if (text.Length > MaxLength) text = text[..MaxLength];
        if (_read.TryGetValue(text, out IReadOnlyList<DimensionSignal>? known)) return known!;

        var (signals, complete) = Read(text);
        if (complete) _read.Set(text, signals, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = RememberedFor });
        return signals;
    }

    public void Dispose() => _read.Dispose();

    /// <returns>The signals, and false when a cue ran out of time (then it counts as not found, and the reading is not remembered).</returns>
    private (DimensionSignal[] Signals, bool Complete) Read(string text)
    {
        var claimed = new bool[text.Length];
        var strong = new List<DimensionSignal>();
        var weak = new List<DimensionSignal>();
        var complete = true;

        foreach (var cue in _cues)
        {
            List<System.Text.RegularExpressions.Match> matches;
            try
            {
                matches = cue.Pattern.Matches(text).Where(m => m.Length > 0).ToList();
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                // A cue's time limit guards against pathological text (and a starved thread can hit it too). The text is
                // still read with the other cues: the person is asked to confirm what was read, so a missed cue costs a
                // question, never the turn.
                complete = false;
                continue;
            }

            foreach (var match in matches)
            {
                if (IsClaimed(claimed, match.Index, match.Length)) continue;
                Claim(claimed, match.Index, match.Length);
                var evidence = $"“{match.Value.Trim()}”";
                foreach (var dimension in cue.Dimensions)
                    (cue.IsWeak ? weak : strong).Add(new DimensionSignal(dimension, cue.Leaning, SignalSource.Text, evidence));
            }
        }

        var spokenFor = strong.Select(s => s.Dimension).ToHashSet();
        return (strong.Concat(weak.Where(w => !spokenFor.Contains(w.Dimension)))
            .DistinctBy(s => (s.Dimension, s.Leaning, s.Evidence))
            .ToArray(), complete);
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
