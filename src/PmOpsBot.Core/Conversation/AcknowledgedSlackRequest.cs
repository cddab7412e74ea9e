namespace PmOpsBot.Core.Conversation;

/// <summary>
/// A Slack request the bot has acknowledged and not yet finished, as the shared database keeps it: Slack never
/// sends an acknowledged request again, so this row is all there is of it until its turn has run.
/// </summary>
/// <param name="Id">Ascending in the order the requests were taken in.</param>
/// <param name="Kind">What the body is ("event", "interaction", "command"); only the Slack edge reads it.</param>
/// <param name="OrderKey">Requests with the same key are processed in the order of their ids.</param>
/// <param name="EventId">The Events API's event_id, when it is an event.</param>
/// <param name="Body">The raw request (or interaction payload), as verified.</param>
/// <param name="Attempts">How many times its turn has been started, the one at acknowledgement included.</param>
public sealed record AcknowledgedSlackRequest(long Id, string Kind, string OrderKey, string? EventId, byte[] Body, DateTimeOffset ReceivedAt, int Attempts);

/// <summary>A request to record in the shared table, held by the instance recording it until <paramref name="LeaseUntil"/>.</summary>
public sealed record NewSlackRequest(string Kind, string OrderKey, string? EventId, byte[] Body, DateTimeOffset ReceivedAt, DateTimeOffset LeaseUntil);
