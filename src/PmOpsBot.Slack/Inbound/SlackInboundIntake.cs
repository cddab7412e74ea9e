using Microsoft.Extensions.Logging;
using PmOpsBot.Core.Conversation;

namespace PmOpsBot.Slack.Inbound;

public enum SlackIntakeResult
{
    /// <summary>Stored and queued: answer 200.</summary>
    Accepted,

    /// <summary>A copy of an event taken in before (here or on another instance): answer 200, nothing more to do.</summary>
    AlreadyTakenIn,

    /// <summary>The person's lane is full: answer 503 so Slack retries later.</summary>
    Busy,

    /// <summary>The database did not take the request: answer 503 so Slack sends it again.</summary>
    NotStored,
}

/// <summary>
/// Takes in a verified Slack request before it is acknowledged: Slack never sends an acknowledged request again, so it
/// is stored in the shared database first, then queued for its turn. Only a stored request is answered 200.
/// </summary>
public sealed class SlackInboundIntake(SlackInboundQueue queue, ISlackInboundStore store, SlackInboundLeases leases, SlackEventIds seen, TimeProvider clock,
    ILogger<SlackInboundIntake> logger)
{
    public async Task<SlackIntakeResult> TakeInAsync(SlackInbound inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        if (inbound.EventId is { } eventId && !seen.TryFirstSighting(eventId)) return SlackIntakeResult.AlreadyTakenIn;

        // Checked before storing: a request refused now is not stored, and Slack's retry is a new request.
        if (!queue.HasRoom(inbound.OrderKey)) return Refused(inbound, SlackIntakeResult.Busy);

        long? id;
        try
        {
            // Not cancelled with the request: once the row may be written, it must be either held here or not written at all.
            // (A burst of requests still shares one commit on SQLite: the database's write queue gathers them.)
            var request = new NewSlackRequest(inbound.StoredKind, inbound.OrderKey, inbound.EventId, inbound.Body, clock.GetUtcNow(), leases.LeaseEnd());
            id = await store.AddAsync(request, CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Could not store a Slack {Kind} request; answered 503 so Slack sends it again", inbound.Kind);
            return Refused(inbound, SlackIntakeResult.NotStored);
        }

        if (id is not { } rowId)
        {
            logger.LogInformation("Slack event {EventId} was already taken in by another instance; not processed again", inbound.EventId);
            return SlackIntakeResult.AlreadyTakenIn;
        }

        leases.Hold(rowId);
        // The lane filled up since the check: the request is stored, so it is accepted, and a recovery pass runs it.
        if (!queue.TryEnqueue(inbound with { RowId = rowId })) await leases.ReturnAsync(rowId);
        return SlackIntakeResult.Accepted;
    }

    private SlackIntakeResult Refused(SlackInbound inbound, SlackIntakeResult result)
    {
        // Not taken in: Slack's retry of this event must not be mistaken for a duplicate.
        if (inbound.EventId is { } eventId) seen.Forget(eventId);
        return result;
    }
}
