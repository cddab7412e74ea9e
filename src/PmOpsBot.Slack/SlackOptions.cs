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

    /// <summary>
    /// How long an acknowledged request stays with the instance that stored it without being renewed. Held requests are
    /// renewed every <see cref="InboundRecoveryTick"/>, so this only matters when an instance dies: its requests are run
    /// again, by whichever instance comes first, this long after its last renewal at most.
    /// </summary>
    public TimeSpan InboundLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often held requests are renewed and requests of a dead instance looked for; at most half of <see cref="InboundLease"/>.</summary>
    public TimeSpan InboundRecoveryTick { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a request's turn is started (the first included) before it is given up with an error in the log.</summary>
    public int InboundMaxAttempts { get; set; } = 3;

    /// <summary>The tick renews held requests before their leases end, and every request gets at least one attempt.</summary>
    public bool InboundSettingsFit =>
        InboundLease > TimeSpan.Zero && InboundRecoveryTick > TimeSpan.Zero && InboundRecoveryTick * 2 <= InboundLease && InboundMaxAttempts >= 1;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BotToken) && !string.IsNullOrWhiteSpace(SigningSecret);
}
