using System.Globalization;

namespace PmOpsBot.Slack.BlockKit;

/// <summary>
/// Slack's Block Kit limits, in one place. Slack refuses a whole message when one limit is broken, so the
/// builder cuts text to fit (ending it with "…") rather than ever sending something too long.
/// </summary>
public static class BlockKitLimits
{
    public const int BlocksPerMessage = 50;
    public const int SectionText = 3000;
    public const int SectionFields = 10;
    public const int SectionFieldText = 2000;
    public const int HeaderText = 150;
    public const int ButtonText = 75;
    public const int ActionId = 255;
    public const int ButtonValue = 2000;
    public const int ContextElements = 10;
    public const int ActionsElements = 25;
    public const int FallbackText = 3000;
    public const int InputLabel = 2000;
    public const int Placeholder = 150;

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="max"/> characters, ending in "…" when cut. Never cuts
    /// through an escape (&amp;amp;) or a &lt;…&gt; sequence, or between the two halves of an emoji.
    /// </summary>
    public static string Fit(string? text, int max)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (text.Length <= max) return text;
        if (max < 2) return text[..Math.Max(max, 0)];
        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;

        // A half-kept "&amp;" or "<@U123>" would show as garbage or break the mrkdwn around it.
        var open = text.LastIndexOf('<', cut - 1);
        if (open >= 0 && text.IndexOf('>', open) >= cut) cut = open;
        var amp = text.LastIndexOf('&', cut - 1);
        if (amp >= 0 && cut - amp <= 6 && text.IndexOf(';', amp) >= cut) cut = amp;
        return text[..cut] + "…";
    }

    /// <summary>A date as Slack's datepicker wants it.</summary>
    public static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
