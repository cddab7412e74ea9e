namespace PmOpsBot.Core.Digest;

/// <summary>
/// Posts a digest into its channel (implemented by the channel edge: render the card, continue the stored
/// conversation, retry 429/5xx with backoff and jitter inside the call). It reports what happened instead of
/// throwing, so the runner can decide: mark the day done, deactivate, or give the claim back.
/// </summary>
public interface IDigestSender
{
    Task<DigestSendResult> SendAsync(DigestSubscription subscription, DigestContent content, CancellationToken cancellationToken);
}

/// <summary>The outcome of one send.</summary>
public abstract record DigestSendResult
{
    public static DigestSendResult Success { get; } = new Sent();

    /// <summary>Posted.</summary>
    public sealed record Sent : DigestSendResult;

    /// <summary>The channel is gone for the bot (removed from the team, blocked, conversation deleted: 403/404): stop posting there.</summary>
    public sealed record Gone(string Reason) : DigestSendResult;

    /// <summary>
    /// Not posted. <paramref name="Retryable"/> (throttled or the service failing after the sender's own retries): the
    /// claim is given back and a later tick retries. Not retryable (the post itself is refused): the claim is kept
    /// until its lease runs out, so a permanent error is retried once per lease instead of every tick.
    /// </summary>
    public sealed record Failed(bool Retryable, string Error) : DigestSendResult;
}
