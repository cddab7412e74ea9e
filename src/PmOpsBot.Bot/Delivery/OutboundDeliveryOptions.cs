namespace PmOpsBot.Bot.Delivery;

/// <summary>
/// How hard a message is tried while the person waits (a reply within the turn, a private message, a check-in
/// prompt) before it goes to the queue of undelivered messages. Kept short: the channel expects the turn to end
/// within seconds, and the queue keeps trying for hours.
/// </summary>
public sealed class OutboundDeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Retries after the first attempt, for 429, 5xx, network errors and time-outs.</summary>
    public int ImmediateRetries { get; set; } = 2;

    /// <summary>First wait between attempts; it doubles, with jitter. A Retry-After up to <see cref="MaxImmediateWait"/> wins.</summary>
    public TimeSpan ImmediateRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A Retry-After longer than this sends the message to the queue at once rather than holding the turn.</summary>
    public TimeSpan MaxImmediateWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(4);
}
