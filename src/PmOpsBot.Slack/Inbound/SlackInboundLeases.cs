using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PmOpsBot.Core.Conversation;

namespace PmOpsBot.Slack.Inbound;

/// <summary>
/// The rows of acknowledged requests this instance holds: waiting in a lane, running, or done but not yet deleted.
/// </summary>
/// <remarks>
/// The lease is renewed for every held row on each recovery tick (at most half the lease), rather than chosen long
/// enough for the slowest turn: a turn that waits for Slack's Web API, or a request that waits behind thousands of
/// others in a busy lane, has no upper bound on its time, while a short lease is what brings the requests of a dead
/// instance back quickly. So a row is never taken from a living instance, and comes back one lease after its
/// instance died.
/// </remarks>
public sealed class SlackInboundLeases(ISlackInboundStore store, IOptions<SlackOptions> options, TimeProvider clock, ILogger<SlackInboundLeases> logger)
{
    private readonly ConcurrentDictionary<long, byte> _held = new();

    // Done, but the delete failed (database busy or down): still held, so no other instance runs them again,
    // and deleted again on the next tick.
    private readonly ConcurrentDictionary<long, byte> _finished = new();

    /// <summary>Rows held now, done-but-undeleted ones included.</summary>
    public int Count => _held.Count + _finished.Count;

    /// <summary>When a lease taken or renewed now ends.</summary>
    public DateTimeOffset LeaseEnd() => clock.GetUtcNow() + options.Value.InboundLease;

    public void Hold(long id) => _held.TryAdd(id, 0);

    /// <summary>The turn is done (or failed, and was logged): the row goes, and is never run again.</summary>
    public async Task FinishAsync(long id)
    {
        try
        {
            // Turns finishing in several lanes at once share one commit on SQLite (the database's write queue).
            await store.DeleteAsync([id], CancellationToken.None);
            _held.TryRemove(id, out _);
        }
        catch (Exception exception)
        {
            // Marked finished before it stops being held, so a renewal running now still covers it.
            _finished.TryAdd(id, 0);
            _held.TryRemove(id, out _);
            logger.LogWarning(exception, "Could not remove finished Slack request {Id}; trying again on the next tick", id);
        }
    }

    /// <summary>A row that could not enter its lane: let go at once, for a later recovery pass (here or elsewhere).</summary>
    public async Task ReturnAsync(long id)
    {
        _held.TryRemove(id, out _);
        try
        {
            await store.ReturnAsync(id, clock.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not let go of Slack request {Id}; it comes back when its lease ends", id);
        }
    }

    /// <summary>Deletes what finished without being deleted, and renews the lease of everything still held.</summary>
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        if (!_finished.IsEmpty)
        {
            var finished = _finished.Keys.ToArray();
            await store.DeleteAsync(finished, cancellationToken);
            foreach (var id in finished) _finished.TryRemove(id, out _);
        }

        var held = _held.Keys.Concat(_finished.Keys).ToArray();
        if (held.Length > 0) await store.RenewAsync(held, LeaseEnd(), cancellationToken);
    }
}
