using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace PmOpsBot.Bot.Delivery;

/// <summary>
/// How a queued message's address and content are written: the Bot Framework's own JSON for a conversation
/// reference and a list of activities, so any channel's adapter can send them as they were meant.
/// </summary>
public static class PendingMessageFormat
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        // Activities hold only the Bot Framework's own types and JSON objects: no type names are written or read.
        TypeNameHandling = TypeNameHandling.None,
        MaxDepth = 64,
    };

    public static string Address(ConversationReference reference) => JsonConvert.SerializeObject(reference, Settings);

    public static string Payload(IEnumerable<IActivity> activities) => JsonConvert.SerializeObject(activities.Cast<Activity>().ToList(), Settings);

    /// <summary>Null when the stored text is not a usable address (it would never deliver).</summary>
    public static ConversationReference? ReadAddress(string address)
    {
        try
        {
            var reference = JsonConvert.DeserializeObject<ConversationReference>(address, Settings);
            return reference?.Conversation?.Id is null || string.IsNullOrEmpty(reference.ServiceUrl) ? null : reference;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Null when the stored text is not a list of activities.</summary>
    public static IReadOnlyList<Activity>? ReadPayload(string payload)
    {
        try
        {
            return JsonConvert.DeserializeObject<List<Activity>>(payload, Settings);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
