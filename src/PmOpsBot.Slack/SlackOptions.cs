namespace PmOpsBot.Slack;

/// <summary>The Slack app's settings (section "Slack"). Token and secret come from user secrets or the environment, never the repo.</summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";

    /// <summary>The bot user OAuth token (xoxb-…).</summary>
    public string BotToken { get; set; } = "";

    /// <summary>The app's signing secret: every inbound request is checked against it.</summary>
    public string SigningSecret { get; set; } = "";

    /// <summary>The Web API root; tests point it at a fake on loopback.</summary>
    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    /// <summary>Slack allows about one message a second per channel; posts to one channel are spaced by this.</summary>
    public TimeSpan ChannelPostInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries after a 429 or 5xx before a send is reported failed.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff after a 5xx (doubles each time, with jitter); a 429 waits its Retry-After instead.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How far a request's timestamp may be from now before it is refused as a replay.</summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Acknowledged requests waiting for the bot, per lane (there are twice as many lanes as cores, at least four).
    /// Queued requests are raw bodies of about half a kilobyte; when a lane is full Slack gets 503 and retries.
    /// </summary>
    public int QueueLaneCapacity { get; set; } = 5_000;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BotToken) && !string.IsNullOrWhiteSpace(SigningSecret);
}
