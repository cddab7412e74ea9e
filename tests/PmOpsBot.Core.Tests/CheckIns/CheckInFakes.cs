using System.Collections.Concurrent;
using Moq;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Tests.CheckIns;

/// <summary>Check-ins in memory with the store's semantics (upsert + history, exactly-once prompt log); thread-safe.</summary>
public sealed class InMemoryCheckInStore : ICheckInStore
{
    private readonly object _gate = new();
    private readonly Dictionary<(Guid, string, Guid, DateOnly), CheckInAnswer> _answers = [];
    private readonly List<CheckInAnswer> _history = [];
    private readonly Dictionary<(string, string), CheckInPause> _pauses = [];
    private readonly Dictionary<(Guid, DateOnly, string), CheckInPromptRecord> _prompts = [];

    public Task<CheckInAnswer> SaveAnswerAsync(CheckInAnswer answer, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var key = (answer.InitiativeId, answer.Author.Id, answer.SubscriptionId, answer.DigestDate);
            var stored = _answers.TryGetValue(key, out var existing) ? answer with { Id = existing.Id } : answer;
            _answers[key] = stored;
            _history.Add(stored);
            return Task.FromResult(stored);
        }
    }

    public Task<IReadOnlyList<CheckInAnswer>> ListForDigestAsync(string tenantId, Guid subscriptionId, DateOnly digestDate, DateTimeOffset? previousPostedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<CheckInAnswer>>(_answers.Values
                .Where(a => a.TenantId == tenantId && a.SubscriptionId == subscriptionId)
                .Where(a => a.DigestDate == digestDate || (previousPostedAt is { } since && a.DigestDate < digestDate && a.AnsweredAt > since))
                .OrderBy(a => a.AnsweredAt).ToList());
    }

    public Task<IReadOnlyList<CheckInAnswer>> ListAnswersAsync(string tenantId, Guid initiativeId, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<CheckInAnswer>>(_answers.Values.Where(a => a.TenantId == tenantId && a.InitiativeId == initiativeId)
                .OrderByDescending(a => a.DigestDate).ThenByDescending(a => a.AnsweredAt).Take(limit).ToList());
    }

    public async Task<CheckInAnswer?> FindLatestAsync(string tenantId, Guid initiativeId, CancellationToken cancellationToken) =>
        (await ListAnswersAsync(tenantId, initiativeId, 1, cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<CheckInAnswer>> ListHistoryAsync(string tenantId, Guid initiativeId, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<CheckInAnswer>>(_history.Where(a => a.TenantId == tenantId && a.InitiativeId == initiativeId)
                .Select((a, i) => (a, i)).OrderByDescending(x => x.a.AnsweredAt).ThenByDescending(x => x.i).Select(x => x.a).Take(limit).ToList());
    }

    public Task SetPauseAsync(CheckInPause pause, CancellationToken cancellationToken)
    {
        lock (_gate) _pauses[(pause.TenantId, pause.UserId)] = pause;
        return Task.CompletedTask;
    }

    public Task<CheckInPause?> FindPauseAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_pauses.GetValueOrDefault((tenantId, userId)));
    }

    public Task ClearPauseAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        lock (_gate) _pauses.Remove((tenantId, userId));
        return Task.CompletedTask;
    }

    public Task<int> AnonymiseAuthorAsync(string tenantId, string userId, UserRef replacement, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var changed = 0;
            foreach (var (key, answer) in _answers.Where(a => a.Value.TenantId == tenantId && a.Value.Author.Id == userId).ToList())
            {
                _answers.Remove(key);
                _answers[(key.Item1, replacement.Id, key.Item3, key.Item4)] = answer with { Author = replacement };
                changed++;
            }

            for (var i = 0; i < _history.Count; i++)
                if (_history[i].TenantId == tenantId && _history[i].Author.Id == userId) _history[i] = _history[i] with { Author = replacement };
            return Task.FromResult(changed);
        }
    }

    public Task<IReadOnlyList<CheckInPause>> ListPausesAsync(string tenantId, IReadOnlyCollection<string> userIds, DateOnly digestDate, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<CheckInPause>>(_pauses.Values.Where(p => p.TenantId == tenantId && userIds.Contains(p.UserId) && p.Until >= digestDate).ToList());
    }

    public Task<bool> TryRecordPromptAsync(Guid subscriptionId, DateOnly digestDate, string userId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_prompts.TryAdd((subscriptionId, digestDate, userId), new CheckInPromptRecord(subscriptionId, digestDate, userId, at, null, null)));
    }

    public Task<bool> TryRecordReminderAsync(Guid subscriptionId, DateOnly digestDate, string userId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_prompts.TryGetValue((subscriptionId, digestDate, userId), out var r) || r.RemindedAt is not null || r.UnreachableAt is not null) return Task.FromResult(false);
            _prompts[(subscriptionId, digestDate, userId)] = r with { RemindedAt = at };
            return Task.FromResult(true);
        }
    }

    public Task MarkUnreachableAsync(Guid subscriptionId, DateOnly digestDate, string userId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var key = (subscriptionId, digestDate, userId);
            var r = _prompts.GetValueOrDefault(key) ?? new CheckInPromptRecord(subscriptionId, digestDate, userId, at, null, null);
            _prompts[key] = r with { UnreachableAt = r.UnreachableAt ?? at };
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CheckInPromptRecord>> ListPromptsAsync(Guid subscriptionId, DateOnly digestDate, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<CheckInPromptRecord>>(_prompts.Values.Where(p => p.SubscriptionId == subscriptionId && p.DigestDate == digestDate).ToList());
    }
}

/// <summary>Records prompts; <see cref="Respond"/> decides each result.</summary>
public sealed class RecordingCheckInSender : ICheckInSender
{
    public ConcurrentQueue<(Guid SubscriptionId, UserRef Owner, IReadOnlyList<Initiative> Initiatives, DateOnly Date, bool Reminder)> Calls { get; } = new();

    public Func<UserRef, CheckInSendResult> Respond { get; set; } = _ => CheckInSendResult.Success;

    public TimeSpan Delay { get; set; }

    public async Task<CheckInSendResult> SendPromptAsync(DigestSubscription subscription, UserRef owner, IReadOnlyList<Initiative> initiatives, DateOnly digestDate, bool reminder, CancellationToken cancellationToken)
    {
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken);
        else await Task.Yield();
        Calls.Enqueue((subscription.Id, owner, initiatives, digestDate, reminder));
        return Respond(owner);
    }

    public IReadOnlyList<string> PromptedIds(bool reminder = false) => Calls.Where(c => c.Reminder == reminder).Select(c => c.Owner.Id).Order(StringComparer.Ordinal).ToList();
}

/// <summary>The registry as check-ins read it (Moq: scope listing, find, name lookup), over a list in memory.</summary>
public sealed class CheckInRegistry
{
    private readonly ConcurrentDictionary<Guid, Initiative> _items = new();
    private readonly Mock<IInitiativeStore> _mock = new();

    public CheckInRegistry()
    {
        _mock.Setup(s => s.FindAsync(It.IsAny<string>(), It.IsAny<Guid>(), It.IsAny<CancellationToken>()))
            .Returns((string tenant, Guid id, CancellationToken _) => Task.FromResult(_items.TryGetValue(id, out var i) && i.TenantId == tenant ? i : null));
        // Deliberately loose about the scope (tenant only), as a store reaching through team membership might be:
        // check-ins must apply the scope themselves.
        _mock.Setup(s => s.ListForDigestAsync(It.IsAny<DigestScope>(), It.IsAny<DateTimeOffset>(), It.IsAny<DateOnly>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns((DigestScope scope, DateTimeOffset _, DateOnly _, int limit, CancellationToken _) =>
                Task.FromResult<IReadOnlyList<Initiative>>(_items.Values.Where(i => i.TenantId == scope.TenantId || Loose).Take(limit).ToList()));
        _mock.Setup(s => s.FindByNameWordsAsync(It.IsAny<string>(), It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns((string tenant, IReadOnlyCollection<string> _, int limit, CancellationToken _) =>
                Task.FromResult<IReadOnlyList<InitiativeName>>(_items.Values.Where(i => i.TenantId == tenant).Select(i => new InitiativeName(i.Id, i.Name)).Take(limit).ToList()));
    }

    /// <summary>Return other tenants' initiatives too (a broken store).</summary>
    public bool Loose { get; set; }

    public IInitiativeStore Store => _mock.Object;

    public Initiative Add(Initiative initiative)
    {
        _items[initiative.Id] = initiative;
        return initiative;
    }
}
