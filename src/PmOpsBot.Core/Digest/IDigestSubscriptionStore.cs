namespace PmOpsBot.Core.Digest;

/// <summary>
/// Digest subscriptions and the once-a-day claims that make a digest post exactly once per channel
/// per local day, whatever the number of bot instances and restarts.
/// </summary>
public interface IDigestSubscriptionStore
{
    /// <summary>Inserts or replaces the subscription of (tenant, channel, conversation); keeps the existing id and history when one exists.</summary>
    Task<DigestSubscription> SaveAsync(DigestSubscription subscription, CancellationToken cancellationToken);

    Task<DigestSubscription?> FindAsync(string tenantId, string channelId, string conversationId, CancellationToken cancellationToken);

    /// <summary>Every active subscription, all tenants.</summary>
    Task<IReadOnlyList<DigestSubscription>> ListActiveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The scheduler's view: active subscriptions of every tenant whose next run (see below) is at or before
    /// <paramref name="now"/> or not known, earliest first (unknown ones before all), at most <paramref name="limit"/>.
    /// </summary>
    /// <remarks>
    /// The store keeps each subscription's next run: <see cref="SaveAsync"/> sets it to
    /// <see cref="DigestSchedule.FirstUnpostedRun"/>, <see cref="MarkPostedAsync"/> moves it past the posted day, and
    /// <see cref="SetNextRunsAsync"/> moves it when the scheduler found nothing due. It is never later than a digest
    /// still to be posted; being early only costs the scheduler a look. Subscriptions stored before the store kept it
    /// have none, and count as due.
    /// </remarks>
    Task<IReadOnlyList<DigestSubscription>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>How many subscriptions are active, and how many of those <see cref="ListDueAsync"/> would return without a limit.</summary>
    Task<DigestSubscriptionCounts> CountActiveAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Moves each subscription's next run to the instant given, unless its schedule (time, time zone, working days)
    /// is no longer the one of the <see cref="DigestNextRun.Subscription"/> passed: a concurrent
    /// <see cref="SaveAsync"/> has computed its own then. Unknown ids change nothing.
    /// </summary>
    Task SetNextRunsAsync(IReadOnlyCollection<DigestNextRun> nextRuns, CancellationToken cancellationToken);

    Task DeactivateAsync(Guid subscriptionId, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the digest of <paramref name="localDate"/> for <paramref name="claimant"/>. True when the
    /// claimant now holds it: no claim existed, or an earlier claim was never posted and its lease ran out
    /// (its holder died). False when it was posted already or someone else holds a live claim.
    /// </summary>
    Task<bool> TryClaimAsync(Guid subscriptionId, DateOnly localDate, string claimant, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Records the post (only for the claim's holder), sets the subscription's <see cref="DigestSubscription.LastPostedAt"/>
    /// and moves its next run past <paramref name="localDate"/> (never backwards), all at once.
    /// </summary>
    Task MarkPostedAsync(Guid subscriptionId, DateOnly localDate, string claimant, DateTimeOffset postedAt, CancellationToken cancellationToken);

    /// <summary>Gives a claim back after a failed post, so a later tick (of any instance) can try again.</summary>
    Task ReleaseAsync(Guid subscriptionId, DateOnly localDate, string claimant, CancellationToken cancellationToken);
}

/// <summary>Counts for the scheduler's report: active subscriptions, and those of them due (or of unknown next run).</summary>
public sealed record DigestSubscriptionCounts(int Active, int Due);

/// <summary>A subscription as the scheduler read it, and the instant its next run moves to.</summary>
public sealed record DigestNextRun(DigestSubscription Subscription, DateTimeOffset At);
