namespace PmOpsBot.Core.Conversation;

/// <summary>
/// Deliveries a channel may send more than once (Slack retries an event it thinks was not received), recorded
/// in the shared database so that, however many instances receive the copies, exactly one processes them.
/// </summary>
public interface IInboundEventLog
{
    /// <summary>True for the first record of <paramref name="eventId"/> from <paramref name="source"/> anywhere; false for every copy.</summary>
    Task<bool> TryRecordAsync(string source, string eventId, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    /// <summary>Forgets records older than <paramref name="cutoff"/> (no channel retries that late); returns how many.</summary>
    Task<int> ForgetBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
