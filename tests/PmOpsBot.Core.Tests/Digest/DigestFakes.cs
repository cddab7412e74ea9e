using System.Collections.Concurrent;
using Moq;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Tests.Digest;

/// <summary>
/// Subscriptions and day claims in memory, with the store's claim semantics: one claim per (subscription, local
/// date); a live claim (anyone's, unposted, lease not run out) or a posted day refuses every other claim; an expired
/// unposted claim can be taken over. Keeps each subscription's next run as the SQLite store does, and counts what
/// the scheduler reads. Thread-safe, so several runners can share one.
/// </summary>
public sealed class InMemoryDigestSubscriptionStore : IDigestSubscriptionStore
{
    private readonly object _gate = new();
    private readonly Dictionary<Guid, DigestSubscription> _subscriptions = [];
    private readonly Dictionary<(Guid, DateOnly), Claim> _claims = [];
    private readonly Dictionary<Guid, DateTimeOffset?> _nextRuns = [];
    private int _claimAttempts;
    private int _rowsRead;
    private int _listActiveCalls;

    public sealed record Claim(string Claimant, DateTimeOffset LeaseUntil, DateTimeOffset? PostedAt);

    public int ClaimAttempts => Volatile.Read(ref _claimAttempts);

    /// <summary>Subscriptions returned by every list so far (<see cref="ListActiveAsync"/> and <see cref="ListDueAsync"/>).</summary>
    public int RowsRead => Volatile.Read(ref _rowsRead);

    public int ListActiveCalls => Volatile.Read(ref _listActiveCalls);

    /// <summary>Every claim attempt's date, to check that no one ever asks for a past day.</summary>
    public ConcurrentQueue<DateOnly> ClaimedDates { get; } = new();

    public Task<DigestSubscription> SaveAsync(DigestSubscription subscription, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var existing = _subscriptions.Values.FirstOrDefault(s =>
                s.TenantId == subscription.TenantId && s.ChannelId == subscription.ChannelId && s.ConversationId == subscription.ConversationId);
            var saved = existing is null
                ? subscription
                : subscription with { Id = existing.Id, CreatedAt = existing.CreatedAt, CreatedBy = existing.CreatedBy, LastPostedAt = existing.LastPostedAt };
            _subscriptions[saved.Id] = saved;
            _nextRuns[saved.Id] = NextRunOrNull(() => DigestSchedule.FirstUnpostedRun(saved));
            return Task.FromResult(saved);
        }
    }

    public Task<DigestSubscription?> FindAsync(string tenantId, string channelId, string conversationId, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(_subscriptions.Values.FirstOrDefault(s => s.TenantId == tenantId && s.ChannelId == channelId && s.ConversationId == conversationId));
    }

    /// <summary>Every subscription, active or not.</summary>
    public IReadOnlyList<DigestSubscription> All
    {
        get
        {
            lock (_gate) return _subscriptions.Values.ToList();
        }
    }

    public DigestSubscription Get(Guid id)
    {
        lock (_gate) return _subscriptions[id];
    }

    public Claim? ClaimOf(Guid id, DateOnly date)
    {
        lock (_gate) return _claims.GetValueOrDefault((id, date));
    }

    /// <summary>The subscription's next run as kept by the store; null when unknown.</summary>
    public DateTimeOffset? NextRunOf(Guid id)
    {
        lock (_gate) return _nextRuns.GetValueOrDefault(id);
    }

    /// <summary>As after the upgrade that added next runs: none is known.</summary>
    public void ForgetNextRuns()
    {
        lock (_gate)
        {
            foreach (var id in _nextRuns.Keys.ToList()) _nextRuns[id] = null;
        }
    }

    public Task<IReadOnlyList<DigestSubscription>> ListActiveAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listActiveCalls);
        lock (_gate) return Task.FromResult(Read(_subscriptions.Values.Where(s => s.Active).ToList()));
    }

    public Task<IReadOnlyList<DigestSubscription>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Read(_subscriptions.Values
                .Where(s => s.Active && IsDue(s.Id, now))
                .OrderBy(s => _nextRuns.GetValueOrDefault(s.Id) ?? DateTimeOffset.MinValue)
                .Take(limit)
                .ToList()));
        }
    }

    public Task<DigestSubscriptionCounts> CountActiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var active = _subscriptions.Values.Where(s => s.Active).ToList();
            return Task.FromResult(new DigestSubscriptionCounts(active.Count, active.Count(s => IsDue(s.Id, now))));
        }
    }

    public Task SetNextRunsAsync(IReadOnlyCollection<DigestNextRun> nextRuns, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var next in nextRuns)
            {
                if (_subscriptions.TryGetValue(next.Subscription.Id, out var s) && SameSchedule(s, next.Subscription)) _nextRuns[s.Id] = next.At;
            }
        }

        return Task.CompletedTask;
    }

    public Task DeactivateAsync(Guid subscriptionId, string reason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_subscriptions.TryGetValue(subscriptionId, out var s)) _subscriptions[subscriptionId] = s with { Active = false, InactiveReason = reason };
        }

        return Task.CompletedTask;
    }

    public Task<bool> TryClaimAsync(Guid subscriptionId, DateOnly localDate, string claimant, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _claimAttempts);
        ClaimedDates.Enqueue(localDate);
        lock (_gate)
        {
            if (_claims.TryGetValue((subscriptionId, localDate), out var claim) && (claim.PostedAt is not null || claim.LeaseUntil > now))
                return Task.FromResult(false);
            _claims[(subscriptionId, localDate)] = new Claim(claimant, now + lease, null);
            return Task.FromResult(true);
        }
    }

    public Task MarkPostedAsync(Guid subscriptionId, DateOnly localDate, string claimant, DateTimeOffset postedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_claims.TryGetValue((subscriptionId, localDate), out var claim) || claim.Claimant != claimant || claim.PostedAt is not null)
                return Task.CompletedTask;
            _claims[(subscriptionId, localDate)] = claim with { PostedAt = postedAt };
            if (_subscriptions.TryGetValue(subscriptionId, out var s))
            {
                var posted = s with { LastPostedAt = postedAt };
                _subscriptions[subscriptionId] = posted;
                if (NextRunOrNull(() => DigestSchedule.FirstUnpostedRun(posted, localDate)) is { } next
                    && (_nextRuns.GetValueOrDefault(subscriptionId) is not { } current || current < next))
                    _nextRuns[subscriptionId] = next;
            }
        }

        return Task.CompletedTask;
    }

    private static DateTimeOffset? NextRunOrNull(Func<DateTimeOffset> nextRun)
    {
        try
        {
            return nextRun();
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }

    private static bool SameSchedule(DigestSubscription a, DigestSubscription b) =>
        a.TimeOfDay == b.TimeOfDay && a.TimeZoneId == b.TimeZoneId && a.WorkingDays.Order().SequenceEqual(b.WorkingDays.Order());

    private bool IsDue(Guid id, DateTimeOffset now) => _nextRuns.GetValueOrDefault(id) is not { } next || next <= now;

    private IReadOnlyList<DigestSubscription> Read(List<DigestSubscription> rows)
    {
        Interlocked.Add(ref _rowsRead, rows.Count);
        return rows;
    }

    public Task ReleaseAsync(Guid subscriptionId, DateOnly localDate, string claimant, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_claims.TryGetValue((subscriptionId, localDate), out var claim) && claim.Claimant == claimant && claim.PostedAt is null)
                _claims.Remove((subscriptionId, localDate));
        }

        return Task.CompletedTask;
    }
}

/// <summary>Unfinished interviews in memory; <see cref="FailFor"/> makes one scope's lookups throw.</summary>
public sealed class InMemoryInterviewLog : IInterviewLog
{
    private readonly ConcurrentDictionary<Guid, OpenInterview> _open = new();

    public Func<DigestScope, bool> FailFor { get; set; } = _ => false;

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

    public Task<int> RemoveAllForUserAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var open in _open.Values.Where(o => o.TenantId == tenantId && o.User.Id == userId))
            if (_open.TryRemove(open.SessionId, out _)) removed++;
        return Task.FromResult(removed);
    }

    public Task<IReadOnlyList<OpenInterview>> ListStaleAsync(DigestScope scope, DateTimeOffset untouchedSince, int limit, CancellationToken cancellationToken)
    {
        if (FailFor(scope)) throw new InvalidOperationException("interview log unavailable");
        return Task.FromResult<IReadOnlyList<OpenInterview>>(_open.Values
            .Where(o => DigestBuilder.InScope(scope, o.TenantId, o.TeamId, o.ConversationId) && o.UpdatedAt < untouchedSince)
            .OrderBy(o => o.UpdatedAt).Take(limit).ToList());
    }
}

/// <summary>
/// The registry for digest tests: <see cref="IInitiativeStore.ListForDigestAsync"/> (and save / find) work on a list in
/// memory with the contract's filter; the other queries are Moq defaults (empty), as nothing here uses them.
/// </summary>
public sealed class DigestRegistry
{
    private readonly ConcurrentDictionary<Guid, Initiative> _items = new();
    private readonly Mock<IInitiativeStore> _mock = new();

    public DigestRegistry()
    {
        _mock.Setup(s => s.SaveAsync(It.IsAny<Initiative>(), It.IsAny<CancellationToken>()))
            .Returns((Initiative i, CancellationToken _) =>
            {
                Add(i);
                return Task.CompletedTask;
            });
        _mock.Setup(s => s.FindAsync(It.IsAny<string>(), It.IsAny<Guid>(), It.IsAny<CancellationToken>()))
            .Returns((string tenant, Guid id, CancellationToken _) => Task.FromResult(_items.TryGetValue(id, out var i) && i.TenantId == tenant ? i : null));
        _mock.Setup(s => s.ListForDigestAsync(It.IsAny<DigestScope>(), It.IsAny<DateTimeOffset>(), It.IsAny<DateOnly>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns((DigestScope scope, DateTimeOffset changedAfter, DateOnly dueUntil, int limit, CancellationToken _) =>
            {
                Requests.Enqueue((scope, changedAfter, dueUntil, limit));
                return Task.FromResult<IReadOnlyList<Initiative>>(ListForDigest(scope, changedAfter, dueUntil, limit));
            });
    }

    public IInitiativeStore Store => _mock.Object;

    /// <summary>What the builder asked for.</summary>
    public ConcurrentQueue<(DigestScope Scope, DateTimeOffset ChangedAfter, DateOnly DueUntil, int Limit)> Requests { get; } = new();

    public Initiative Add(Initiative initiative)
    {
        var stored = initiative.UpdatedAt == default ? initiative with { UpdatedAt = Latest(initiative) } : initiative;
        _items[stored.Id] = stored;
        return stored;
    }

    private List<Initiative> ListForDigest(DigestScope scope, DateTimeOffset changedAfter, DateOnly dueUntil, int limit) =>
        _items.Values
            .Where(i => DigestBuilder.InScope(scope, i.TenantId, i.TeamId, i.ConversationId))
            .Where(i => i.UpdatedAt > changedAfter
                        || (i.Stage is not (InitiativeStage.InOperations or InitiativeStage.Retired) && i.HandoverDate is { } d && d <= dueUntil))
            .OrderByDescending(i => i.UpdatedAt)
            .Take(limit)
            .ToList();

    private static DateTimeOffset Latest(Initiative i) =>
        new[] { i.CreatedAt, i.DecidedAt }.Concat(i.StageHistory.Select(s => s.At)).Concat(i.Checklist.Select(c => c.At)).Max();
}

/// <summary>Records what was sent; <see cref="Respond"/> decides each send's result; tracks how many sends run at once.</summary>
public sealed class RecordingSender : IDigestSender
{
    private int _inFlight;
    private int _maxInFlight;

    public ConcurrentQueue<(DigestSubscription Subscription, DigestContent Content)> Sent { get; } = new();

    public int Attempts => Volatile.Read(ref _attempts);

    private int _attempts;

    public Func<DigestSubscription, DigestSendResult> Respond { get; set; } = _ => DigestSendResult.Success;

    /// <summary>Real time spent inside each send, to make concurrent runners overlap.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int SentTo(Guid subscriptionId) => Sent.Count(s => s.Subscription.Id == subscriptionId);

    public async Task<DigestSendResult> SendAsync(DigestSubscription subscription, DigestContent content, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while ((seen = Volatile.Read(ref _maxInFlight)) < now && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken);
            else await Task.Yield();
            var result = Respond(subscription);
            if (result is DigestSendResult.Sent) Sent.Enqueue((subscription, content));
            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}

/// <summary>Seeds for digest tests.</summary>
public static class DigestSeed
{
    public static readonly UserRef Pat = new("pat", "Pat");
    public static readonly UserRef Olu = new("olu", "Olu");
    public static readonly UserRef Kim = new("kim", "Kim");

    public static DigestSubscription Subscription(
        string zone = "Europe/Berlin",
        TimeOnly? time = null,
        IReadOnlyList<DayOfWeek>? days = null,
        string tenant = "t1",
        string? team = "team-a",
        string conversation = "19:general@thread.tacv2",
        bool skipQuietDays = false,
        DateTimeOffset? lastPostedAt = null) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        TeamId = team,
        ChannelId = "msteams",
        ConversationId = conversation,
        DeliveryAddress = "{}",
        TimeOfDay = time ?? new TimeOnly(9, 0),
        TimeZoneId = zone,
        WorkingDays = days ?? DigestSchedule.Weekdays,
        SkipQuietDays = skipQuietDays,
        CreatedBy = Pat,
        CreatedAt = DateTimeOffset.UnixEpoch,
        LastPostedAt = lastPostedAt,
    };

    public static Initiative Initiative(
        string name,
        DateTimeOffset decidedAt,
        string tenant = "t1",
        string? team = "team-a",
        string conversation = "19:general@thread.tacv2",
        Decision decision = Decision.Project,
        bool mixed = false,
        InitiativeStage stage = InitiativeStage.InProject,
        DateOnly? handover = null,
        OwnerResponse? operations = null,
        IReadOnlyList<StageChange>? history = null) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        TeamId = team,
        ChannelId = "msteams",
        ConversationId = conversation,
        Name = name,
        CreatedBy = Pat,
        Decision = decision,
        Confidence = 0.8,
        IsMixed = mixed,
        Stage = stage,
        CreatedAt = decidedAt.AddMinutes(-20),
        DecidedAt = decidedAt,
        ProjectOwner = decision == Decision.Project || mixed ? Pat : null,
        OperationsOwner = operations is { } r ? new OwnerAssignment(Olu, r, Pat, decidedAt) : null,
        HandoverDate = handover,
        StageHistory = history ?? [],
    };
}
