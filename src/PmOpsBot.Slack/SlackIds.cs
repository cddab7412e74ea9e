using System.Text.RegularExpressions;

namespace PmOpsBot.Slack;

/// <summary>Recognises Slack's own ids, so only real ones are ever put in a mention or a DM.</summary>
public static partial class SlackIds
{
    public static bool IsUser(string? id) => id is not null && UserId().IsMatch(id);

    [GeneratedRegex("^[UW][A-Z0-9]{2,}$")]
    private static partial Regex UserId();
}
