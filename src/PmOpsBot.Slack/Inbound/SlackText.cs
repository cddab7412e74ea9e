using System.Text.RegularExpressions;

namespace PmOpsBot.Slack.Inbound;

/// <summary>
/// Slack's message markup turned into what a person typed: "&lt;@U123&gt;" becomes "@Ann Lee",
/// "&lt;#C1|general&gt;" "#general", links their label, and &amp;amp; &amp;lt; &amp;gt; their characters. The
/// bot's own mention is kept as written so the turn can strip it like any channel's bot mention.
/// </summary>
public static partial class SlackText
{
    public static IReadOnlyList<string> MentionedUserIds(string text) =>
        UserMention().Matches(text).Select(m => m.Groups["id"].Value).Distinct(StringComparer.Ordinal).ToList();

    /// <param name="nameOf">The display name for a user id, when known.</param>
    public static string ToPlain(string text, string botUserId, Func<string, string?> nameOf)
    {
        var plain = UserMention().Replace(text, m =>
        {
            var id = m.Groups["id"].Value;
            if (id == botUserId) return BotMention(botUserId);
            var label = m.Groups["label"].Success ? m.Groups["label"].Value : null;
            return "@" + (nameOf(id) ?? label ?? id);
        });
        plain = OtherMarkup().Replace(plain, m => m.Groups["kind"].Value switch
        {
            "#" => "#" + (m.Groups["label"].Success ? m.Groups["label"].Value : m.Groups["target"].Value),
            "!" => m.Groups["label"].Success ? m.Groups["label"].Value : "@" + m.Groups["target"].Value.Split('^')[0],
            _ => m.Groups["label"].Success ? m.Groups["label"].Value : m.Groups["target"].Value,
        });
        return plain.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
    }

    /// <summary>How the bot's mention appears in the text (and in its mention entity).</summary>
    public static string BotMention(string botUserId) => $"<@{botUserId}>";

    [GeneratedRegex(@"<@(?<id>[UW][A-Z0-9]+)(\|(?<label>[^>]*))?>")]
    private static partial Regex UserMention();

    [GeneratedRegex(@"<(?<kind>[#!]?)(?<target>[^|>@][^|>]*)(\|(?<label>[^>]*))?>")]
    private static partial Regex OtherMarkup();
}
