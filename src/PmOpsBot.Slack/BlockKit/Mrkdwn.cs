using System.Text.RegularExpressions;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Slack.BlockKit;

/// <summary>
/// Slack mrkdwn for text people typed. Slack reads &lt;…&gt; as links and mentions (&lt;!channel&gt;, &lt;@U…&gt;), so
/// every name, note and phrase goes through <see cref="Escape"/>; only <see cref="Person"/> writes a real mention.
/// </summary>
public static partial class Mrkdwn
{
    public static string Escape(string? userText) =>
        string.IsNullOrEmpty(userText) ? "" : userText.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    public static string Bold(string escaped) => escaped.Length == 0 ? "" : $"*{escaped}*";

    /// <summary>A Slack user id (U… or W… for Enterprise Grid); typed names ("typed:…") and other channels' ids are not.</summary>
    public static bool IsSlackUserId(string? id) => id is not null && SlackUserId().IsMatch(id);

    /// <summary>A real mention for a Slack user, otherwise the escaped name.</summary>
    public static string Person(UserRef? person)
    {
        if (person is null) return "nobody yet";
        return IsSlackUserId(person.Id) ? $"<@{person.Id}>" : Escape(person.Name);
    }

    [GeneratedRegex("^[UW][A-Z0-9]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex SlackUserId();
}
