using System.Text.Json;

namespace PmOpsBot.Slack.Inbound;

/// <summary>
/// The few fields the acknowledgement needs from a Slack JSON body (type, challenge, event id, and who and
/// where for ordering), read with System.Text.Json over the raw bytes without building an object tree.
/// </summary>
public sealed record SlackEnvelope(string? Type, string? Challenge, string? EventId, string OrderKey)
{
    /// <summary>Null when the body is not a JSON object.</summary>
    public static SlackEnvelope? ReadEvent(byte[] body) => Read(body, root =>
    {
        var e = Child(root, "event");
        return new SlackEnvelope(Str(root, "type"), Str(root, "challenge"), Str(root, "event_id"),
            $"{Str(root, "team_id")}/{Str(e, "channel")}/{Str(e, "user")}");
    });

    public static SlackEnvelope? ReadInteraction(byte[] payload) => Read(payload, root =>
        new SlackEnvelope(Str(root, "type"), null, null,
            $"{Str(Child(root, "team"), "id")}/{Str(Child(root, "channel"), "id") ?? Str(Child(root, "container"), "channel_id")}/{Str(Child(root, "user"), "id")}"));

    private static SlackEnvelope? Read(byte[] json, Func<JsonElement, SlackEnvelope> read)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.ValueKind == JsonValueKind.Object ? read(document.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escaped in a name or value read here ("\ud800") is valid JSON syntax, but System.Text.Json
            // refuses to decode it with an InvalidOperationException rather than a JsonException: that escaped as a 500
            // (found by the endpoint fuzz test). Slack never sends such text; the body is as unreadable as non-JSON.
            return null;
        }
    }

    private static JsonElement? Child(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object ? child : null;

    private static string? Str(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
