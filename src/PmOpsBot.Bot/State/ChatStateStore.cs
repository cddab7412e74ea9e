using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Digest;

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

    /// <summary>
    /// Saves the document and, where the storage can (<see cref="IStateWithInterviewLogWriter"/>), the turn's open
    /// interviews in the same transaction. Otherwise only the document is saved and the interviews are left to the caller.
    /// </summary>
    public async Task<StateSaved> SaveAsync(string key, ChatStateDocument document, IReadOnlyCollection<OpenInterview> openInterviews, CancellationToken cancellationToken)
    {
        var changes = new Dictionary<string, object> { [key] = document };
        if (openInterviews.Count > 0 && storage is IStateWithInterviewLogWriter together)
        {
            return new StateSaved(InterviewsWritten: true, await together.WriteWithInterviewsAsync(changes, openInterviews, cancellationToken));
        }

        await storage.WriteAsync(changes, cancellationToken);
        return new StateSaved(InterviewsWritten: openInterviews.Count == 0, Refused: []);
    }

    /// <summary>
    /// True when a write lost an ETag race. The Bot Framework's own storages signal this only through
    /// the exception message, so the message is what is checked.
    /// </summary>
    public static bool IsWriteConflict(Exception exception) =>
        exception.GetType().Name.Contains("Concurrency", StringComparison.Ordinal)
        || exception.Message.Contains("etag", StringComparison.OrdinalIgnoreCase);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => storage.DeleteAsync([key], cancellationToken);
}

/// <summary>A saved turn: whether its open interviews went with the state, and which of those were refused (another tenant's session id).</summary>
public sealed record StateSaved(bool InterviewsWritten, IReadOnlyList<OpenInterview> Refused);
