using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.CheckIns;

/// <summary>
/// Sends one owner a private check-in prompt (Teams 1:1 / Slack DM): one card listing their initiatives, each with
/// one-tap status, an optional note, and for projects the next milestone. Implemented by the channel edge; reports
/// instead of throwing.
/// </summary>
public interface ICheckInSender
{
    Task<CheckInSendResult> SendPromptAsync(DigestSubscription subscription, UserRef owner, IReadOnlyList<Initiative> initiatives, DateOnly digestDate, bool reminder, CancellationToken cancellationToken);
}

/// <summary>The outcome of one prompt.</summary>
public abstract record CheckInSendResult
{
    public static CheckInSendResult Success { get; } = new Sent();

    public sealed record Sent : CheckInSendResult;

    /// <summary>The person cannot be reached (403, bot blocked or uninstalled, no private chat): never retried for this digest.</summary>
    public sealed record Unreachable(string Reason) : CheckInSendResult;

    /// <summary>Not sent, after the sender's own retries. Not retried as a prompt; the reminder is the one more try.</summary>
    public sealed record Failed(string Error) : CheckInSendResult;
}
