namespace PmOpsBot.Core.Delivery;

/// <summary>
/// One pass over the queue of undelivered messages: claim what is due, try each once, and then remove it (delivered,
/// or its recipient is gone), put it back with a longer wait, or give it up after <see cref="PendingMessageOptions.MaxAttempts"/>.
/// </summary>
public sealed class PendingMessageRunner(IPendingMessageStore store, IPendingMessageSender sender, TimeProvider clock, PendingMessageOptions? options = null)
{
    private readonly PendingMessageOptions _options = options ?? new PendingMessageOptions();

    public PendingMessageOptions Options => _options;

    public async Task<PendingMessageReport> TickAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await store.ClaimDueAsync(now, now + _options.Lease, _options.BatchSize, cancellationToken);
        int delivered = 0, gone = 0, retrying = 0;
        var givenUp = new List<PendingMessage>();
        foreach (var message in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await TrySendAsync(message, cancellationToken);
            switch (result)
            {
                case PendingSendResult.Sent:
                    await store.DeleteAsync(message.Id, CancellationToken.None);
                    delivered++;
                    break;
                case PendingSendResult.Gone:
                    await store.DeleteAsync(message.Id, CancellationToken.None);
                    gone++;
                    break;
                case PendingSendResult.Failed failed:
                    var attempts = message.Attempts + 1;
                    if (!failed.Retryable || attempts >= _options.MaxAttempts)
                    {
                        await store.DeleteAsync(message.Id, CancellationToken.None);
                        givenUp.Add(message with { Attempts = attempts, LastError = failed.Error });
                        break;
                    }

                    // Recorded even when the host is stopping: the lease alone would bring it back sooner than planned.
                    await store.RescheduleAsync(message.Id, failed.Remaining, attempts, clock.GetUtcNow() + _options.DelayBefore(attempts + 1), failed.Error, CancellationToken.None);
                    retrying++;
                    break;
            }
        }

        return new PendingMessageReport(due.Count, delivered, gone, retrying, givenUp);
    }

    private async Task<PendingSendResult> TrySendAsync(PendingMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await sender.SendAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A sender bug or an unforeseen failure: counts as an attempt, so it cannot loop for ever.
            return new PendingSendResult.Failed(message.Payload, true, e.Message);
        }
    }
}

/// <summary>What one pass did; <see cref="GivenUp"/> lists what will never arrive, for the log.</summary>
public sealed record PendingMessageReport(int Claimed, int Delivered, int Gone, int Retrying, IReadOnlyList<PendingMessage> GivenUp);
