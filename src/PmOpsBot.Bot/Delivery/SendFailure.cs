using System.Net;
using Microsoft.Bot.Schema;
using Polly.Timeout;

namespace PmOpsBot.Bot.Delivery;

/// <summary>What a failed send means for the sender, whichever channel client threw it.</summary>
public enum SendFailureKind
{
    /// <summary>Not a failure of the send itself (a bug, a cancellation): the caller's own error handling applies.</summary>
    NotASendFailure,

    /// <summary>429, 5xx, a network error or no answer in time: the same message may well go through later.</summary>
    Retryable,

    /// <summary>403 or 404, or the channel's "removed/archived/blocked": the recipient is gone for good.</summary>
    Gone,

    /// <summary>The channel refused this message (400, say): sending it again would fail the same way.</summary>
    Refused,
}

/// <summary>
/// One reading of send failures for every sender (replies, private messages, check-ins, digests, the queue of
/// undelivered messages): the Bot Framework connector's <see cref="ErrorResponseException"/>, HTTP errors and
/// time-outs, and channel clients' <see cref="ChannelDeliveryException"/>.
/// </summary>
public static class SendFailure
{
    /// <summary>Retry-After values longer than this are not believed.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(2);

    public static SendFailureKind Classify(Exception exception, CancellationToken callerToken)
    {
        switch (exception)
        {
            case ChannelDeliveryException channel:
                return channel.RecipientGone ? SendFailureKind.Gone : channel.Retryable ? SendFailureKind.Retryable : SendFailureKind.Refused;
            case ErrorResponseException response:
                var status = response.Response?.StatusCode;
                if (status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound) return SendFailureKind.Gone;
                return IsRetryable(status) ? SendFailureKind.Retryable : SendFailureKind.Refused;
            case HttpRequestException or TimeoutException or TimeoutRejectedException:
                return SendFailureKind.Retryable;
            // An HTTP time-out or a per-attempt time-out, as long as the caller itself has not given up.
            case OperationCanceledException when !callerToken.IsCancellationRequested:
                return SendFailureKind.Retryable;
            default:
                return SendFailureKind.NotASendFailure;
        }
    }

    public static bool IsRetryable(HttpStatusCode? status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int?)status >= 500;

    /// <summary>The wait a 429 or 503 asked for, in whole seconds (the connector's form), when it is believable.</summary>
    public static TimeSpan? RetryAfter(Exception? exception)
    {
        if (exception is not ErrorResponseException { Response.Headers: { } headers }) return null;
        if (!headers.TryGetValue("Retry-After", out var values)) return null;
        var value = values.FirstOrDefault();
        return int.TryParse(value, out var seconds) && seconds >= 0 && TimeSpan.FromSeconds(seconds) <= MaxRetryAfter ? TimeSpan.FromSeconds(seconds) : null;
    }

    /// <summary>What happened, in words for a report (the digest's failure list, the check-in log).</summary>
    public static string Explain(Exception exception) => exception switch
    {
        OperationCanceledException or TimeoutException or TimeoutRejectedException => "the channel did not answer in time",
        HttpRequestException => $"the channel could not be reached ({exception.Message})",
        _ => $"the channel answered {Describe(exception)}",
    };

    /// <summary>A short description for logs and the queue: the status or the channel's code, never a whole response body.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        ChannelDeliveryException channel => channel.Code,
        ErrorResponseException { Response: { } response } => $"http_{(int)response.StatusCode}",
        OperationCanceledException or TimeoutException or TimeoutRejectedException => "timeout",
        _ => exception.GetType().Name + ": " + exception.Message,
    };
}
