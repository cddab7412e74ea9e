namespace PmOpsBot.Core.Conversation;

/// <summary>
/// The shared table of acknowledged Slack requests. Each row is leased by the instance working it; an instance that
/// dies lets its rows go when their leases end, and whichever instance claims them first runs them again.
/// </summary>
public interface ISlackInboundStore
{
    /// <summary>The <see cref="IInboundEventLog"/> source event ids are recorded under.</summary>
    const string EventSource = "slack";

    /// <summary>
    /// Records an acknowledged request, held by the caller until its <see cref="NewSlackRequest.LeaseUntil"/> with one
    /// attempt counted (the caller runs it now). Its event id is recorded in the same transaction (source
    /// <see cref="EventSource"/>); a request whose event id was recorded before, anywhere, is not stored and gets null.
    /// Returns the new id; ids ascend in the order requests are stored.
    /// </summary>
    Task<long?> AddAsync(NewSlackRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Takes up to <paramref name="limit"/> rows whose lease has ended, lowest id first, each with one more attempt counted,
    /// and holds them until <paramref name="leaseUntil"/>. A row is taken by a conditional update, so two callers never both get it.
    /// </summary>
    Task<IReadOnlyList<AcknowledgedSlackRequest>> ClaimExpiredAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken);

    /// <summary>Holds these rows until <paramref name="leaseUntil"/>: their turns are still waiting or running. Returns how many still exist.</summary>
    Task<int> RenewAsync(IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Lets go of a row that was claimed but not started (the queue had no room): free at once, the claim's attempt not counted.</summary>
    Task ReturnAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Removes rows whose turns are done (or given up); returns how many were there.</summary>
    Task<int> DeleteAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>How many requests wait, for tests and health reports.</summary>
    Task<int> CountAsync(CancellationToken cancellationToken);
}
