namespace PmOpsBot.Core.Delivery;

/// <summary>Delivers a <see cref="PendingMessage"/> through the channel it was meant for.</summary>
public interface IPendingMessageSender
{
    Task<PendingSendResult> SendAsync(PendingMessage message, CancellationToken cancellationToken);
}

public abstract record PendingSendResult
{
    private PendingSendResult()
    {
    }

    public static PendingSendResult Delivered { get; } = new Sent();

    public sealed record Sent : PendingSendResult;

    /// <summary>The recipient or conversation is gone (bot removed, blocked, channel archived): never try again.</summary>
    public sealed record Gone(string Reason) : PendingSendResult;

    /// <summary>
    /// Not delivered (or only partly). <paramref name="Remaining"/> is what is left to send in the payload's format;
    /// <paramref name="Retryable"/> false means another try would fail the same way (the channel refused the message itself).
    /// </summary>
    public sealed record Failed(string Remaining, bool Retryable, string Error) : PendingSendResult;
}
