using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace PmOpsBot.Bot.State;

/// <summary>A stored reference to someone's private chat with the bot, so it can message them later.</summary>
public sealed class PrivateChatReference : IStoreItem
{
    /// <summary>The Bot Framework conversation reference as JSON (a plain string keeps the storage's type allow-list small).</summary>
    public string ReferenceJson { get; set; } = "";

    public string? ETag { get; set; } = "*";
}

/// <summary>Remembers private chats by tenant and person, under every id the person is known by.</summary>
public sealed class PrivateChats(IStorage storage)
{
    public static string KeyFor(string tenantId, string userId) => $"private-chat/{tenantId}/{userId}";

    public Task RememberAsync(IActivity activity, string tenantId, IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        var json = JsonConvert.SerializeObject(activity.GetConversationReference());
        var changes = userIds.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal)
            .ToDictionary(id => KeyFor(tenantId, id), object (_) => new PrivateChatReference { ReferenceJson = json });
        return storage.WriteAsync(changes, cancellationToken);
    }

    public async Task<ConversationReference?> FindAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var key = KeyFor(tenantId, userId);
        var items = await storage.ReadAsync<PrivateChatReference>([key], cancellationToken);
        return items.TryGetValue(key, out var found) && found is not null
            ? JsonConvert.DeserializeObject<ConversationReference>(found.ReferenceJson)
            : null;
    }
}
