using System.Text.RegularExpressions;

namespace PmOpsBot.Core.Classification;

/// <summary>
/// A phrase that hints at one side on one or more dimensions. Weak cues (the name of a business
/// area such as "payroll") only count on a dimension where no strong cue (what is being done to it,
/// such as "replace") spoke: "implement a new payroll system" is a project, "payroll" alone is not.
/// </summary>
public sealed class TextCue
{
    // Not RegexOptions.Compiled: one of the lexicon's patterns makes the compiled engine of .NET 10.0
    // throw IndexOutOfRangeException while matching; the interpreter is exact and fast enough for a
    // sentence or two.
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    public TextCue(string pattern, Leaning leaning, bool weak, params Dimension[] dimensions)
    {
        Pattern = new Regex(pattern, Options, TimeSpan.FromMilliseconds(250));
        Leaning = leaning;
        IsWeak = weak;
        Dimensions = dimensions;
    }

    public Regex Pattern { get; }

    public Leaning Leaning { get; }

    public bool IsWeak { get; }

    public IReadOnlyList<Dimension> Dimensions { get; }
}
