using Microsoft.Extensions.Logging;

namespace PmOpsBot.AzureOpenAI;

/// <summary>
/// The language model's log lines. None of them carries the user's text, the model's answer or the initiative's
/// name: a reason is a status code, a time-out, or a sentence written here.
/// </summary>
internal static partial class AzureOpenAILog
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Warning,
        Message = "Azure OpenAI {Call} gave nothing usable ({Reason}); carrying on without it")]
    public static partial void CallFailed(ILogger logger, string call, string reason);

    // The exception's message can hold the service's error body, so it is kept below Warning.
    [LoggerMessage(EventId = 4301, Level = LogLevel.Debug, Message = "Azure OpenAI {Call} failure detail")]
    public static partial void CallFailedDetail(ILogger logger, Exception exception, string call);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Debug, Message = "Azure OpenAI {Call} skipped: the circuit is open")]
    public static partial void Skipped(ILogger logger, string call);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning,
        Message = "Azure OpenAI calls are failing; not calling it for {BreakDuration}")]
    public static partial void CircuitOpened(ILogger logger, TimeSpan breakDuration);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Information, Message = "Azure OpenAI calls work again")]
    public static partial void CircuitClosed(ILogger logger);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Debug,
        Message = "Azure OpenAI signals: {Kept} kept, {Dropped} dropped (unknown names, duplicates or evidence not in the description)")]
    public static partial void SignalsRead(ILogger logger, int kept, int dropped);

    [LoggerMessage(EventId = 4306, Level = LogLevel.Information,
        Message = "Azure OpenAI understanding is on (deployment {Deployment}, sign-in by {SignIn}, time-out {Timeout})")]
    public static partial void Enabled(ILogger logger, string deployment, string signIn, TimeSpan timeout);
}
