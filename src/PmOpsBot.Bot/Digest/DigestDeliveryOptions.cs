namespace PmOpsBot.Bot.Digest;

/// <summary>How hard to try when the channel pushes back on a digest post.</summary>
public sealed class DigestDeliveryOptions
{
    public const string Section = "Digest";

    /// <summary>Retries after the first attempt, for 429 and 5xx answers and network errors.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First backoff; it doubles on every retry, with jitter. A Retry-After header wins when present.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one post may take before it counts as failed (and is retried like a 5xx).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
