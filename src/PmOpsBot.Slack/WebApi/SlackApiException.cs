using PmOpsBot.Bot;

namespace PmOpsBot.Slack.WebApi;

/// <summary>
/// A Slack Web API call (or a <c>response_url</c> post) failed: Slack said <c>{"ok":false,"error":code}</c>, answered
/// an HTTP error, answered something that is not its JSON, or could not be reached.
/// </summary>
public sealed class SlackApiException : ChannelDeliveryException
{
    public SlackApiException(string method, string code, string? detail = null, Exception? inner = null, TimeSpan? retryAfter = null)
        : base(Describe(method, code, detail), code, SlackErrorCodes.IsRecipientGone(method, code), SlackErrorCodes.IsRetryable(code), inner)
    {
        Method = method;
        RetryAfter = retryAfter;
    }

    /// <summary>The Web API method ("chat.postMessage"), or "response_url".</summary>
    public string Method { get; }

    /// <summary>How long Slack asked to wait before the next try (its Retry-After header), when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(string method, string code, string? detail)
    {
        var fix = SlackErrorCodes.FixFor(code);
        var text = $"Slack {method} failed: {code}";
        if (!string.IsNullOrWhiteSpace(detail)) text += $" ({detail})";
        return fix is null ? text + "." : $"{text}; {fix}.";
    }
}
