using System.Text.RegularExpressions;

namespace PmOpsBot.Core.Initiatives;

/// <summary>
/// The words of an initiative name as lookups use them: lower case, letters and digits only,
/// without filler words. The registry indexes these words; the matcher compares them.
/// </summary>
public static partial class NameWords
{
    /// <summary>Prefix length used to find candidates, so a typo after the third letter still finds the name.</summary>
    public const int PrefixLength = 3;

    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "of", "for", "and", "to", "in", "on", "our", "my", "new", "project", "initiative", "programme", "program",
    };

    public static IReadOnlyList<string> Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        return Word().Matches(text.ToLowerInvariant())
            .Select(m => m.Value)
            .Where(w => w.Length >= 2 && !Filler.Contains(w))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The prefixes to look up for a query: each word cut to <see cref="PrefixLength"/> letters.</summary>
    public static IReadOnlyList<string> PrefixesOf(string? text) =>
        Of(text).Select(w => w.Length > PrefixLength ? w[..PrefixLength] : w).Distinct(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
