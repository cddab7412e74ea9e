using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using PmOpsBot.Core.Conversation;

namespace PmOpsBot.Bot.State;

/// <summary>
/// One read and one write of <see cref="ChatState"/> per turn. Writes carry the ETag that was read,
/// so a second writer (another instance, a concurrent turn) makes the write fail instead of
/// silently overwriting.
/// </summary>
public sealed class ChatStateStore(IStorage storage)
{
    public static string KeyFor(IActivity activity)
    {
        var tenant = activity.Conversation?.TenantId ?? "local";
        var user = activity.From?.AadObjectId ?? activity.From?.Id ?? "anonymous";
        return $"{activity.ChannelId}/{tenant}/{activity.Conversation?.Id}/users/{user}";
    }

    public async Task<ChatStateDocument> LoadAsync(string key, CancellationToken cancellationToken)
    {
        var items = await storage.ReadAsync<ChatStateDocument>([key], cancellationToken);
        return items.TryGetValue(key, out var document) && document is not null ? document : new ChatStateDocument();
    }

    public Task SaveAsync(string key, ChatStateDocument document, CancellationToken cancellationToken) =>
        storage.WriteAsync(new Dictionary<string, object> { [key] = document }, cancellationToken);

    /// <summary>
    /// True when a write lost an ETag race. The Bot Framework's own storages signal this only through
    /// the exception message, so the message is what is checked.
    /// </summary>
    public static bool IsWriteConflict(Exception exception) =>
        exception.GetType().Name.Contains("Concurrency", StringComparison.Ordinal)
        || exception.Message.Contains("etag", StringComparison.OrdinalIgnoreCase);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => storage.DeleteAsync([key], cancellationToken);
}
