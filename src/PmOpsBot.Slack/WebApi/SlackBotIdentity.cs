namespace PmOpsBot.Slack.WebApi;

/// <summary>Who the bot is in the workspace, as <c>auth.test</c> reports it: used to ignore the bot's own messages and mentions.</summary>
public sealed record SlackBotIdentity(string UserId, string TeamId, string? BotId);
