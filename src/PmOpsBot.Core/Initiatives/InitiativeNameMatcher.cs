namespace PmOpsBot.Core.Initiatives;

/// <summary>
/// Ranks registry names against what a person typed: case and filler words do not matter, partial
/// names count ("CRM" finds "CRM rollout"), and small typos are forgiven ("payrol" finds "Payroll").
/// </summary>
public static class InitiativeNameMatcher
{
    /// <summary>Below this a candidate is not a match at all.</summary>
    public const double Threshold = 0.7;

    /// <summary>Candidates this close to the best are shown as a choice instead of guessing.</summary>
    public const double AmbiguityMargin = 0.08;

    public static double Score(string query, string name)
    {
        var q = NameWords.Of(query);
        var n = NameWords.Of(name);
        if (q.Count == 0 || n.Count == 0) return 0;
        if (string.Join(' ', q) == string.Join(' ', n)) return 1.0;

        // Every word typed must be found in the name (allowing typos); extra words in the name cost a little.
        var perWord = q.Select(word => n.Max(candidate => WordSimilarity(word, candidate))).ToList();
        var coverage = perWord.Average();
        if (perWord.Min() < 0.6) coverage *= 0.7;
        var unmatched = Math.Max(0, n.Count - q.Count);
        return Math.Round(coverage * (1.0 - 0.04 * unmatched), 3);
    }

    /// <summary>The best matches: one when it is clear, several when they are too close to call, none below the threshold.</summary>
    public static IReadOnlyList<InitiativeName> Best(string query, IEnumerable<InitiativeName> candidates, int max = 5)
    {
        var ranked = candidates
            .Select(c => (Initiative: c, Score: Score(query, c.Name)))
            .Where(r => r.Score >= Threshold)
            .OrderByDescending(r => r.Score).ThenBy(r => r.Initiative.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (ranked.Count == 0) return [];
        var best = ranked[0].Score;
        return ranked.TakeWhile(r => best - r.Score <= AmbiguityMargin).Take(max).Select(r => r.Initiative).ToList();
    }

    private static double WordSimilarity(string typed, string word)
    {
        if (typed == word) return 1.0;
        if (word.StartsWith(typed, StringComparison.Ordinal) && typed.Length >= 3) return 0.9;
        var distance = Levenshtein(typed, word);
        return 1.0 - (double)distance / Math.Max(typed.Length, word.Length);
    }

    // Hand-written: no string-distance package is served here, and this is a dozen lines.
    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
