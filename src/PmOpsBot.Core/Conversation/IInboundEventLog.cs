namespace PmOpsBot.Core.Conversation;

/// <summary>
/// Deliveries a channel may send more than once (Slack retries an event it thinks was not received), recorded in the
/// shared database with the request itself (<see cref="ISlackInboundStore.AddAsync"/>) so that, however many instances
/// receive the copies, exactly one processes them. This is the record's upkeep.
/// </summary>
public interface IInboundEventLog
{
    /// <summary>Forgets records older than <paramref name="cutoff"/> (no channel retries that late); returns how many.</summary>
    Task<int> ForgetBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
