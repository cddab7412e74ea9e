using System.ComponentModel.DataAnnotations;

namespace PmOpsBot.Core.Delivery;

/// <summary>How the queue of undelivered messages is worked: retries are spaced out and bounded.</summary>
public sealed class PendingMessageOptions
{
    public const string Section = "Delivery";

    /// <summary>Attempts from the queue before a message is given up (logged as an error and removed).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Wait before the first attempt from the queue; it doubles after every failure, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a claimed message is held by the instance delivering it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the queue is looked at.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many messages one pass takes.</summary>
    [Range(1, 10000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>The wait before attempt <paramref name="attempt"/> (1 = the first attempt from the queue).</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        var doublings = Math.Clamp(attempt - 1, 0, 30);
        var delay = FirstDelay.TotalMilliseconds * Math.Pow(2, doublings);
        return TimeSpan.FromMilliseconds(Math.Min(delay, MaxDelay.TotalMilliseconds));
    }
}
