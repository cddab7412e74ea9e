using Microsoft.Extensions.Logging;

namespace PmOpsBot.Slack.WebApi;

/// <summary>The Slack client's log lines, in one place so their wording and levels stay consistent.</summary>
internal static partial class SlackWebApiLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning,
        Message = "Slack {Method} attempt {Attempt} of {MaxAttempts} failed with {Code}; retrying in {Delay}")]
    public static partial void RetryScheduled(ILogger logger, string method, int attempt, int maxAttempts, string code, TimeSpan delay);

    [LoggerMessage(EventId = 4101, Message = "Slack {Method} failed with {Code}: {Explanation}")]
    public static partial void CallFailed(ILogger logger, LogLevel level, Exception exception, string method, string code, string explanation);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Could not read the name of Slack user {UserId}")]
    public static partial void UserNameUnavailable(ILogger logger, Exception exception, string userId);
}
