using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PmOpsBot.LoadTests;

/// <summary>A message in a personal Teams chat as the channel sends it, with deliveryMode expectReplies (compare tests/PmOpsBot.Tests/BotClient.cs).</summary>
public static class TeamsMessage
{
    public static byte[] Json(string conversationId, string userId, string text) => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["type"] = "message",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = "https://smba.example.invalid/",
        ["deliveryMode"] = "expectReplies",
        ["conversation"] = new JsonObject { ["id"] = conversationId, ["tenantId"] = "load", ["conversationType"] = "personal" },
        ["from"] = new JsonObject { ["id"] = userId, ["name"] = "Load User", ["aadObjectId"] = userId },
        ["recipient"] = new JsonObject { ["id"] = "bot", ["name"] = "PmOpsBot" },
        ["text"] = text,
    });

    public static ByteArrayContent Content(string conversationId, string userId, string text)
    {
        var content = new ByteArrayContent(Json(conversationId, userId, text));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json", Encoding.UTF8.WebName);
        return content;
    }

    /// <summary>The key <c>ChatStateStore.KeyFor</c> stores this user's state in this conversation under.</summary>
    public static string StateKey(string conversationId, string userId) => $"msteams/load/{conversationId}/users/{userId}";

    /// <summary>True when the response is {"activities": [...]} with at least one activity.</summary>
    public static bool HasReplies(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("activities", out var activities)
                && activities.ValueKind == JsonValueKind.Array
                && activities.GetArrayLength() > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
