namespace PmOpsBot.Core.Delivery;

/// <summary>
/// Messages the bot owes someone but could not deliver when it tried (the channel answered 429 or 5xx, or did not
/// answer): kept in the database and delivered later, in order, so a channel's bad minute never loses a reply.
/// </summary>
/// <param name="Address">Where they go, in the channel's own format (a serialised conversation reference).</param>
/// <param name="Payload">What goes, in the channel's own format (the serialised messages, in sending order).</param>
/// <param name="RecipientId">The person the messages are for, when they are private to one person ("forget me" removes them).</param>
public sealed record PendingMessage(
    Guid Id,
    string TenantId,
    string? RecipientId,
    string Address,
    string Payload,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    string LastError);
