using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PmOpsBot.Core.Conversation;

namespace PmOpsBot.Slack.Inbound;

public enum SlackInboundKind
{
    /// <summary>An Events API callback (the whole envelope: team_id, event_id, event).</summary>
    Event,

    /// <summary>An interactivity payload (block_actions), as the JSON of its "payload" form field.</summary>
    Interaction,

    /// <summary>A slash command, as its form body.</summary>
    Command,
}

/// <summary>
/// A verified, acknowledged Slack request waiting to be turned into a bot turn. It keeps the raw bytes and is
/// parsed only when its turn comes: the acknowledgement reads no more than it must, and a long queue stays a
/// list of small arrays rather than thousands of object graphs the garbage collector has to walk.
/// </summary>
/// <param name="OrderKey">Requests with the same key are processed in the order they arrived (one person in one conversation).</param>
/// <param name="EventId">The Events API's event_id, which every retry of the event repeats.</param>
public sealed record SlackInbound(SlackInboundKind Kind, byte[] Body, string OrderKey, string? EventId = null)
{
    /// <summary>Its row in the shared table of acknowledged requests, removed when the turn is done.</summary>
    public long? RowId { get; init; }

    /// <summary>The kind as the shared table spells it.</summary>
    public string StoredKind => Kind switch
    {
        SlackInboundKind.Event => "event",
        SlackInboundKind.Interaction => "interaction",
        _ => "command",
    };

    /// <summary>A request read back from the shared table; null for a kind this version does not know.</summary>
    public static SlackInbound? FromStored(AcknowledgedSlackRequest stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        SlackInboundKind? kind = stored.Kind switch
        {
            "event" => SlackInboundKind.Event,
            "interaction" => SlackInboundKind.Interaction,
            "command" => SlackInboundKind.Command,
            _ => null,
        };
        return kind is { } known ? new SlackInbound(known, stored.Body, stored.OrderKey, stored.EventId) { RowId = stored.Id } : null;
    }

    public JObject? ReadPayload() => Kind == SlackInboundKind.Command ? FormObject(Body) : ParseObject(Body);

    public static JObject? ParseObject(byte[] json)
    {
        try
        {
            using var reader = new JsonTextReader(new StreamReader(new MemoryStream(json))) { DateParseHandling = DateParseHandling.None, MaxDepth = 64 };
            return JToken.ReadFrom(reader) as JObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JObject FormObject(byte[] body)
    {
        var form = new JObject();
        foreach (var (name, value) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body))) form[name] = value.ToString();
        return form;
    }
}
