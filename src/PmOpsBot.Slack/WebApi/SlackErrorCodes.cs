namespace PmOpsBot.Slack.WebApi;

/// <summary>
/// What Slack's error codes mean for a sender: the recipient is gone for good, another try later may work,
/// or the app is set up wrongly and an operator has to fix something.
/// </summary>
public static class SlackErrorCodes
{
    public const string RateLimited = "ratelimited";
    public const string NetworkError = "network_error";
    public const string RequestTimeout = "request_timeout";
    public const string InvalidResponse = "invalid_response";
    public const string NotAuthed = "not_authed";
    public const string MessageNotFound = "message_not_found";

    private static readonly HashSet<string> RecipientGoneCodes = new(StringComparer.Ordinal)
    {
        "channel_not_found", "not_in_channel", "is_archived", "account_inactive", "user_not_found",
        "user_disabled", "cannot_dm_bot", "team_access_not_granted",
    };

    // message_not_found means "gone" only when the message itself is the target; for a post it is a bad thread_ts.
    private static readonly HashSet<string> MethodsTargetingAMessage = new(StringComparer.Ordinal) { "chat.update", "chat.delete" };

    private static readonly HashSet<string> RetryableCodes = new(StringComparer.Ordinal)
    {
        RateLimited, "internal_error", "fatal_error", "service_unavailable", RequestTimeout, NetworkError,
    };

    private static readonly Dictionary<string, string> Fixes = new(StringComparer.Ordinal)
    {
        ["invalid_auth"] = "the bot token is not valid: check Slack:BotToken",
        [NotAuthed] = "no bot token was sent: check Slack:BotToken",
        ["token_revoked"] = "the bot token was revoked: reinstall the Slack app and update Slack:BotToken",
        ["token_expired"] = "the bot token expired: reinstall the Slack app and update Slack:BotToken",
        ["account_inactive"] = "the bot user or the person is deactivated; if it is the bot, reinstall the Slack app and update Slack:BotToken",
        ["missing_scope"] = "the Slack app lacks an OAuth scope: add the scope named in 'needed' to the app manifest and reinstall the app",
        ["not_allowed_token_type"] = "this method needs a bot token (xoxb-…): check Slack:BotToken",
        ["invalid_blocks"] = "Slack refused the Block Kit JSON: fix the renderer (see the messages Slack listed)",
        ["invalid_blocks_format"] = "the blocks are not a JSON array of blocks: fix the renderer",
        ["msg_too_long"] = "the message text is too long for Slack: shorten it in the renderer",
        ["no_text"] = "the message has neither text nor blocks: fix the renderer",
        ["too_many_attachments"] = "the message has too many attachments: fix the renderer",
        ["invalid_arguments"] = "a required argument is missing or malformed: fix the caller",
        ["unknown_method"] = "Slack does not know this method: check Slack:ApiBaseUrl",
        [InvalidResponse] = "the answer is not Slack's JSON: check Slack:ApiBaseUrl and any proxy in between",
    };

    /// <summary>The recipient no longer exists or the bot cannot reach it any more: stop sending there.</summary>
    public static bool IsRecipientGone(string method, string code) =>
        RecipientGoneCodes.Contains(code) || (code == MessageNotFound && MethodsTargetingAMessage.Contains(method));

    /// <summary>A later try may succeed: rate limits, Slack outages (<c>http_5xx</c>), network trouble.</summary>
    public static bool IsRetryable(string code) =>
        RetryableCodes.Contains(code) || code.StartsWith("http_5", StringComparison.Ordinal);

    /// <summary>What an operator has to fix for a configuration error; null when the code is not one.</summary>
    public static string? FixFor(string code) => Fixes.GetValueOrDefault(code);
}
