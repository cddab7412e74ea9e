namespace PmOpsBot.Bot;

/// <summary>
/// A channel refused or failed a send, in terms every sender understands: is the recipient gone for good
/// (removed, archived, blocked: stop trying), and is another try later worthwhile? Channels whose client
/// reports errors in their own shape (Slack's <c>{"ok":false,"error":…}</c>) throw this.
/// </summary>
public class ChannelDeliveryException(string message, string code, bool recipientGone, bool retryable, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The channel's own error code ("channel_not_found", "ratelimited", "http_500").</summary>
    public string Code { get; } = code;

    public bool RecipientGone { get; } = recipientGone;

    public bool Retryable { get; } = retryable;
}
