namespace PmOpsBot.Slack.WebApi;

/// <summary>A person as users.info describes them: the name to show and their IANA time zone ("Europe/Berlin"), when set.</summary>
public sealed record SlackUser(string Id, string Name, string? TimeZone);
