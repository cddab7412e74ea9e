using PmOpsBot.Core.Digest;

namespace PmOpsBot.Bot.State;

/// <summary>
/// The log of unfinished interviews as a turn sees it: within a turn, new and renamed interviews are held back and
/// written with the conversation state that holds them (in its transaction, where the storage can; see
/// <see cref="IStateWithInterviewLogWriter"/>), or once it is saved. A turn that loses a write race (and is
/// replayed with a new interview id) or a process that dies before the save then leaves no row for an interview
/// nobody has, which the digest would otherwise list as unfinished for ever. Removals go through at once (a
/// missing row only hides an interview from the digest until its next write). Outside a turn it is the plain log.
/// </summary>
public sealed class TurnInterviewLog(IInterviewLog inner) : IInterviewLog
{
    private readonly IInterviewLog _inner = inner;
    private readonly AsyncLocal<Dictionary<Guid, OpenInterview>?> _held = new();

    /// <summary>Starts holding writes for the current turn (and what it awaits); dispose to stop.</summary>
    public Scope BeginTurn()
    {
        _held.Value = new Dictionary<Guid, OpenInterview>();
        return new Scope(this);
    }

    public Task UpsertAsync(OpenInterview interview, CancellationToken cancellationToken)
    {
        if (_held.Value is not { } held) return _inner.UpsertAsync(interview, cancellationToken);
        held[interview.SessionId] = interview;
        return Task.CompletedTask;
    }

    public Task RemoveAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        _held.Value?.Remove(sessionId);
        return _inner.RemoveAsync(sessionId, cancellationToken);
    }

    public Task<int> RemoveAllForUserAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        if (_held.Value is { } held)
        {
            foreach (var id in held.Values.Where(o => o.TenantId == tenantId && o.User.Id == userId).Select(o => o.SessionId).ToList()) held.Remove(id);
        }

        return _inner.RemoveAllForUserAsync(tenantId, userId, cancellationToken);
    }

    public Task<IReadOnlyList<OpenInterview>> ListStaleAsync(DigestScope scope, DateTimeOffset untouchedSince, int limit, CancellationToken cancellationToken) =>
        _inner.ListStaleAsync(scope, untouchedSince, limit, cancellationToken);

    public readonly struct Scope(TurnInterviewLog log) : IDisposable
    {
        /// <summary>Drops what an attempt held: it is being replayed, and the replay writes its own.</summary>
        public void Discard() => log._held.Value?.Clear();

        /// <summary>What the turn holds so far, to be written with its state.</summary>
        public IReadOnlyCollection<OpenInterview> Held => log._held.Value?.Values.ToList() ?? [];

        /// <summary>Writes what the turn held, now that its state is saved.</summary>
        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            if (log._held.Value is not { Count: > 0 } held) return;
            var writes = held.Values.ToList();
            held.Clear();
            foreach (var interview in writes) await log._inner.UpsertAsync(interview, cancellationToken);
        }

        public void Dispose() => log._held.Value = null;
    }
}
