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

    /// <summary>Every active subscription, all tenants: the scheduler's view.</summary>
    Task<IReadOnlyList<DigestSubscription>> ListActiveAsync(CancellationToken cancellationToken);

    Task DeactivateAsync(Guid subscriptionId, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the digest of <paramref name="localDate"/> for <paramref name="claimant"/>. True when the
    /// claimant now holds it: no claim existed, or an earlier claim was never posted and its lease ran out
    /// (its holder died). False when it was posted already or someone else holds a live claim.
    /// </summary>
    Task<bool> TryClaimAsync(Guid subscriptionId, DateOnly localDate, string claimant, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Records the post (only for the claim's holder) and sets the subscription's <see cref="DigestSubscription.LastPostedAt"/>.</summary>
    Task MarkPostedAsync(Guid subscriptionId, DateOnly localDate, string claimant, DateTimeOffset postedAt, CancellationToken cancellationToken);

    /// <summary>Gives a claim back after a failed post, so a later tick (of any instance) can try again.</summary>
    Task ReleaseAsync(Guid subscriptionId, DateOnly localDate, string claimant, CancellationToken cancellationToken);
}
