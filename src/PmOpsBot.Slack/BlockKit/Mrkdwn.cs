using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Slack.BlockKit;

/// <summary>
/// Slack mrkdwn for text people typed. Slack reads &lt;…&gt; as links and mentions (&lt;!channel&gt;, &lt;@U…&gt;), so
/// every name, note and phrase goes through <see cref="Escape"/>; only <see cref="Person"/> writes a real mention.
/// </summary>
public static class Mrkdwn
{
    public static string Escape(string? userText) =>
        string.IsNullOrEmpty(userText) ? "" : userText.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    public static string Bold(string escaped) => escaped.Length == 0 ? "" : $"*{escaped}*";

    /// <summary>A real mention for a Slack user, otherwise the escaped name.</summary>
    public static string Person(UserRef? person)
    {
        if (person is null) return "nobody yet";
        return SlackIds.IsUser(person.Id) ? $"<@{person.Id}>" : Escape(person.Name);
    }
}
