using System.Text.RegularExpressions;

namespace PmOpsBot.Slack;

/// <summary>Recognises Slack's own ids, so only real ones are ever put in a mention or a DM.</summary>
public static partial class SlackIds
{
    /// <summary>A Slack user id (U…, or W… on Enterprise Grid); typed names ("typed:…") and other channels' ids are not.</summary>
    public static bool IsUser(string? id) => id is not null && UserId().IsMatch(id);

    [GeneratedRegex("^[UW][A-Z0-9]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserId();
}
