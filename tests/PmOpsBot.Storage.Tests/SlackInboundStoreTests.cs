using System.Text;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteSlackInboundStoreTests() : SlackInboundStoreTests(StorageProvider.Sqlite);

public sealed class PostgresSlackInboundStoreTests() : SlackInboundStoreTests(StorageProvider.Postgres);

/// <summary>
/// Acknowledged Slack requests on both providers: stored with the event id in one transaction, held by a lease, claimed
/// back in id order by exactly one instance when the lease ends, with the attempts counted.
/// </summary>
public abstract class SlackInboundStoreTests(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Lease = Now.AddMinutes(1);
    private ProviderDatabase _database = null!;
    private SqlSlackInboundStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _store = new SqlSlackInboundStore(_database.Database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static byte[] Body(string text) => Encoding.UTF8.GetBytes($"{{\"text\":\"{text} – “quoted” 👋\"}}");

    private static NewSlackRequest Request(string orderKey = "T1/D1/U1", string? eventId = null, string text = "hello", DateTimeOffset? leaseUntil = null) =>
        new("event", orderKey, eventId, Body(text), Now, leaseUntil ?? Lease);

    private static Task<long?> AddOneAsync(SqlSlackInboundStore store, NewSlackRequest request) => store.AddAsync(request, default);

    private Task<long?> AddAsync(string orderKey = "T1/D1/U1", string? eventId = null, string text = "hello", DateTimeOffset? leaseUntil = null) =>
        AddOneAsync(_store, Request(orderKey, eventId, text, leaseUntil));

    [Fact]
    public async Task A_request_comes_back_exactly_as_it_was_stored_once_its_lease_has_ended()
    {
        var id = await AddOneAsync(_store, new NewSlackRequest("command", "T1/C1/U1", null, Body("/pmops help"), Now.AddSeconds(-1), Lease));

        Assert.Empty(await _store.ClaimExpiredAsync(Lease.AddTicks(-10), Lease.AddMinutes(1), 10, default));
        var claimed = Assert.Single(await _store.ClaimExpiredAsync(Lease, Lease.AddMinutes(1), 10, default));

        Assert.Equal((id!.Value, "command", "T1/C1/U1", (string?)null, Now.AddSeconds(-1), 2), (claimed.Id, claimed.Kind, claimed.OrderKey, claimed.EventId, claimed.ReceivedAt, claimed.Attempts));
        Assert.Equal(Body("/pmops help"), claimed.Body);
    }

    [Fact]
    public async Task Ids_ascend_in_the_order_requests_are_stored()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add((await AddAsync(text: $"m{i}"))!.Value);

        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task An_event_id_is_stored_once_and_its_copy_is_turned_away_without_a_row()
    {
        var first = await AddAsync(eventId: "Ev1");
        var copy = await AddAsync(eventId: "Ev1", text: "copy");
        var other = await AddAsync(eventId: "Ev2");

        Assert.NotNull(first);
        Assert.Null(copy);
        Assert.NotNull(other);
        Assert.Equal(2, await _store.CountAsync(default));
    }

    [Fact]
    public async Task Instances_storing_copies_of_one_event_at_once_store_it_exactly_once()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => new SqlSlackInboundStore(_database.OpenAnother())).ToArray();

        for (var round = 0; round < 5; round++)
        {
            var eventId = $"EvRace{round}";
            var ids = await Task.WhenAll(stores.SelectMany(s => Enumerable.Range(0, 3).Select(_ =>
                Task.Run(() => AddOneAsync(s, Request(eventId: eventId, text: "race"))))));
            Assert.Single(ids, id => id is not null);
        }

        Assert.Equal(5, await _store.CountAsync(default));
    }

    [Fact]
    public async Task Expired_requests_are_claimed_lowest_id_first_and_held_ones_are_left_alone()
    {
        var annFirst = await AddAsync("T1/D1/ANN", text: "a1");
        var held = await AddAsync("T1/D1/BOB", text: "b1", leaseUntil: Now.AddHours(1));
        var annSecond = await AddAsync("T1/D1/ANN", text: "a2");
        var carl = await AddAsync("T1/D1/CARL", text: "c1");

        var first = await _store.ClaimExpiredAsync(Lease, Lease.AddMinutes(1), 2, default);
        var second = await _store.ClaimExpiredAsync(Lease, Lease.AddMinutes(1), 10, default);

        Assert.Equal([annFirst!.Value, annSecond!.Value], first.Select(r => r.Id));
        Assert.Equal([carl!.Value], second.Select(r => r.Id));
        Assert.DoesNotContain(held!.Value, first.Concat(second).Select(r => r.Id));
    }

    [Fact]
    public async Task A_claimed_request_is_held_until_its_new_lease_ends_and_each_claim_counts_an_attempt()
    {
        var id = (await AddAsync())!.Value;
        var attempts = new List<int>();
        var at = Lease;
        for (var claim = 0; claim < 3; claim++)
        {
            attempts.Add(Assert.Single(await _store.ClaimExpiredAsync(at, at.AddMinutes(1), 10, default)).Attempts);
            Assert.Empty(await _store.ClaimExpiredAsync(at.AddSeconds(59), at.AddMinutes(2), 10, default));
            at = at.AddMinutes(1);
        }

        Assert.Equal([2, 3, 4], attempts);
        Assert.Equal(1, await _store.CountAsync(default));
        Assert.Equal(id, Assert.Single(await _store.ClaimExpiredAsync(at, at.AddMinutes(1), 10, default)).Id);
    }

    [Fact]
    public async Task A_returned_request_is_free_at_once_and_its_claim_does_not_count()
    {
        var id = (await AddAsync())!.Value;
        var claimed = Assert.Single(await _store.ClaimExpiredAsync(Lease, Lease.AddMinutes(1), 10, default));

        await _store.ReturnAsync(id, Lease.AddSeconds(1), default);

        var again = Assert.Single(await _store.ClaimExpiredAsync(Lease.AddSeconds(1), Lease.AddMinutes(2), 10, default));
        Assert.Equal(claimed.Attempts, again.Attempts);
    }

    [Fact]
    public async Task Renewing_keeps_requests_from_being_claimed_and_counts_only_those_still_there()
    {
        var renewed = (await AddAsync(text: "r"))!.Value;
        var notRenewed = (await AddAsync(text: "n"))!.Value;
        var gone = (await AddAsync(text: "g"))!.Value;
        await _store.DeleteAsync([gone], default);

        Assert.Equal(1, await _store.RenewAsync([renewed, gone], Lease.AddMinutes(5), default));

        var claimed = await _store.ClaimExpiredAsync(Lease.AddMinutes(1), Lease.AddMinutes(2), 10, default);
        Assert.Equal([notRenewed], claimed.Select(r => r.Id));
    }

    [Fact]
    public async Task Deleting_removes_exactly_the_given_requests_even_many_at_once()
    {
        var ids = new List<long>();
        for (var i = 0; i < 1_200; i++) ids.Add((await AddAsync(text: $"m{i}"))!.Value);
        var keep = ids[^1];

        Assert.Equal(1, await _store.DeleteAsync([ids[0]], default));
        Assert.Equal(1_198, await _store.DeleteAsync(ids.Skip(1).SkipLast(1).Append(ids[0]).ToList(), default));
        Assert.Equal(1, await _store.RenewAsync(ids, Lease, default));

        Assert.Equal([keep], (await _store.ClaimExpiredAsync(Lease, Lease.AddMinutes(1), 10, default)).Select(r => r.Id));
    }

    [Fact]
    public async Task Instances_claiming_at_once_never_take_the_same_request()
    {
        var stored = new List<long>();
        for (var i = 0; i < 60; i++) stored.Add((await AddAsync($"T1/D1/U{i % 7}", text: $"m{i}"))!.Value);
        var stores = Enumerable.Range(0, 4).Select(_ => new SqlSlackInboundStore(_database.OpenAnother())).ToArray();

        // Until every row is claimed: an instance that read the same candidates as another and lost the race gets
        // nothing that round, so a fixed number of rounds would depend on how the instances happen to interleave.
        var claimedSoFar = 0;
        var claims = await Task.WhenAll(stores.Select(s => Task.Run(async () =>
        {
            var mine = new List<AcknowledgedSlackRequest>();
            for (var round = 0; round < 500 && Volatile.Read(ref claimedSoFar) < stored.Count; round++)
            {
                var got = await s.ClaimExpiredAsync(Lease, Lease.AddMinutes(1), 4, default);
                mine.AddRange(got);
                Interlocked.Add(ref claimedSoFar, got.Count);
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(stored.Order(), all.Select(r => r.Id).Order());
        Assert.All(all, r => Assert.Equal(2, r.Attempts));
        // Each instance got its share in id order.
        Assert.All(claims, mine => Assert.Equal(mine.Select(r => r.Id).Order(), mine.Select(r => r.Id)));
    }
}
