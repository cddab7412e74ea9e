using PmOpsBot.Core.Conversation;

namespace PmOpsBot.Slack.Tests.Inbound.Durable;

/// <summary>The shared table of acknowledged requests, in memory, with hooks to make storing slow or fail.</summary>
public sealed class InMemorySlackInboundStore(TimeProvider clock) : ISlackInboundStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, (AcknowledgedSlackRequest Request, DateTimeOffset LeaseUntil)> _rows = [];
    private readonly HashSet<string> _eventIds = new(StringComparer.Ordinal);
    private long _nextId;

    /// <summary>Runs before each store (an insert); may wait, or throw as a database that is down would.</summary>
    public Func<Task>? BeforeAdd { get; set; }

    /// <summary>Event ids recorded (by this instance, or as if by another).</summary>
    public void RecordEventId(string eventId)
    {
        lock (_gate) _eventIds.Add(eventId);
    }

    public IReadOnlyList<AcknowledgedSlackRequest> Rows
    {
        get
        {
            lock (_gate) return _rows.Values.Select(r => r.Request).ToList();
        }
    }

    public DateTimeOffset LeaseOf(long id)
    {
        lock (_gate) return _rows[id].LeaseUntil;
    }

    /// <summary>A row as an instance that died left it: its lease ended a moment ago.</summary>
    public long Seed(string kind, string orderKey, byte[] body, int attempts, string? eventId = null)
    {
        lock (_gate)
        {
            var id = ++_nextId;
            _rows[id] = (new AcknowledgedSlackRequest(id, kind, orderKey, eventId, body, clock.GetUtcNow().AddMinutes(-1), attempts), clock.GetUtcNow().AddSeconds(-1));
            return id;
        }
    }

    public async Task<long?> AddAsync(NewSlackRequest request, CancellationToken cancellationToken)
    {
        if (BeforeAdd is { } before) await before();
        lock (_gate)
        {
            if (request.EventId is not null && !_eventIds.Add(request.EventId)) return null;
            var id = ++_nextId;
            _rows[id] = (new AcknowledgedSlackRequest(id, request.Kind, request.OrderKey, request.EventId, request.Body, request.ReceivedAt, 1), request.LeaseUntil);
            return id;
        }
    }

    public Task<IReadOnlyList<AcknowledgedSlackRequest>> ClaimExpiredAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var claimed = _rows.Values.Where(r => r.LeaseUntil <= now).Take(limit).Select(r => r.Request with { Attempts = r.Request.Attempts + 1 }).ToList();
            foreach (var request in claimed) _rows[request.Id] = (request, leaseUntil);
            return Task.FromResult<IReadOnlyList<AcknowledgedSlackRequest>>(claimed);
        }
    }

    public Task<int> RenewAsync(IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var renewed = 0;
            foreach (var id in ids.Where(_rows.ContainsKey))
            {
                _rows[id] = (_rows[id].Request, leaseUntil);
                renewed++;
            }

            return Task.FromResult(renewed);
        }
    }

    public Task ReturnAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_rows.TryGetValue(id, out var row)) _rows[id] = (row.Request with { Attempts = row.Request.Attempts - 1 }, now);
        }

        return Task.CompletedTask;
    }

    public Task<int> DeleteAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(ids.Count(_rows.Remove));
    }

    public Task<int> CountAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_rows.Count);
    }
}
