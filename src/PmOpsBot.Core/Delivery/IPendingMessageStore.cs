namespace PmOpsBot.Core.Delivery;

/// <summary>The shared queue of <see cref="PendingMessage"/>s. Claims are leases, so any instance may deliver and none twice at once.</summary>
public interface IPendingMessageStore
{
    Task AddAsync(PendingMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Takes up to <paramref name="limit"/> messages whose next attempt has come and that nobody holds, oldest attempt first,
    /// and holds them until <paramref name="leaseUntil"/>; an instance that dies holding one lets it go when the lease ends.
    /// </summary>
    Task<IReadOnlyList<PendingMessage>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken);

    /// <summary>Puts a claimed message back for a later attempt, with what is left of it to send.</summary>
    Task RescheduleAsync(Guid id, string payload, int attempts, DateTimeOffset nextAttemptAt, string lastError, CancellationToken cancellationToken);

    /// <summary>Removes a message: delivered, its recipient gone, or given up.</summary>
    Task DeleteAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>"Forget me": removes what was waiting for this person; returns how many.</summary>
    Task<int> DeleteForRecipientAsync(string tenantId, string recipientId, CancellationToken cancellationToken);

    /// <summary>How many messages wait, for health reports and tests.</summary>
    Task<int> CountAsync(CancellationToken cancellationToken);
}
