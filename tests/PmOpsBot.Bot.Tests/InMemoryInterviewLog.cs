using System.Collections.Concurrent;
using PmOpsBot.Core.Digest;

namespace PmOpsBot.Bot.Tests;

public sealed class InMemoryInterviewLog : IInterviewLog
{
    private readonly ConcurrentDictionary<Guid, OpenInterview> _open = new();

    public IReadOnlyCollection<OpenInterview> Open => _open.Values.ToList();

    public Task UpsertAsync(OpenInterview interview, CancellationToken cancellationToken)
    {
        _open[interview.SessionId] = interview;
        return Task.CompletedTask;
    }

    public Task RemoveAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        _open.TryRemove(sessionId, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OpenInterview>> ListStaleAsync(DigestScope scope, DateTimeOffset untouchedSince, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OpenInterview>>(_open.Values
            .Where(i => i.TenantId == scope.TenantId && (scope.TeamId is null ? i.ConversationId == scope.ConversationId : i.TeamId == scope.TeamId) && i.UpdatedAt < untouchedSince)
            .OrderBy(i => i.UpdatedAt).Take(limit).ToList());
}
