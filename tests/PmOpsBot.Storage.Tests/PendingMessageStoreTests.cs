using PmOpsBot.Core.Delivery;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Storage.Tests;

public sealed class SqlitePendingMessageStoreTests() : PendingMessageStoreTests(StorageProvider.Sqlite);

public sealed class PostgresPendingMessageStoreTests() : PendingMessageStoreTests(StorageProvider.Postgres);

/// <summary>The queue of undelivered messages on both providers: due order, leases, and instances that never share a message.</summary>
public abstract class PendingMessageStoreTests(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Lease = Now.AddMinutes(2);
    private ProviderDatabase _database = null!;
    private SqlPendingMessageStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _store = new SqlPendingMessageStore(_database.Database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static PendingMessage Message(DateTimeOffset due, string payload = "[{\"type\":\"message\",\"text\":\"Hello – “quoted” 👋\"}]", string? recipient = "user-1") =>
        new(Guid.NewGuid(), "tenant-1", recipient, "{\"conversation\":{\"id\":\"a:1\"}}", payload, 0, Now.AddMinutes(-5), due, "http_503");

    [Fact]
    public async Task A_message_comes_back_exactly_as_it_was_queued()
    {
        var queued = Message(Now);
        await _store.AddAsync(queued, default);

        var claimed = Assert.Single(await _store.ClaimDueAsync(Now, Lease, 10, default));

        Assert.Equal(queued, claimed);
    }

    [Fact]
    public async Task Only_due_messages_are_claimed_earliest_first_up_to_the_limit()
    {
        var later = Message(Now.AddSeconds(1));
        var early = Message(Now.AddMinutes(-3));
        var middle = Message(Now.AddMinutes(-1));
        var exactlyNow = Message(Now);
        foreach (var m in new[] { later, early, middle, exactlyNow }) await _store.AddAsync(m, default);

        var first = await _store.ClaimDueAsync(Now, Lease, 2, default);
        var second = await _store.ClaimDueAsync(Now, Lease, 10, default);

        Assert.Equal([early.Id, middle.Id], first.Select(m => m.Id));
        Assert.Equal([exactlyNow.Id], second.Select(m => m.Id));
    }

    [Fact]
    public async Task A_claimed_message_is_held_until_its_lease_ends_or_it_is_put_back()
    {
        var message = Message(Now);
        await _store.AddAsync(message, default);
        await _store.ClaimDueAsync(Now, Lease, 10, default);

        Assert.Empty(await _store.ClaimDueAsync(Now.AddMinutes(1), Now.AddMinutes(3), 10, default));
        Assert.Single(await _store.ClaimDueAsync(Lease, Lease.AddMinutes(2), 10, default));

        await _store.RescheduleAsync(message.Id, "[]", 3, Now.AddMinutes(10), "timeout", default);
        Assert.Empty(await _store.ClaimDueAsync(Now.AddMinutes(9), Now.AddMinutes(11), 10, default));
        var back = Assert.Single(await _store.ClaimDueAsync(Now.AddMinutes(10), Now.AddMinutes(12), 10, default));
        Assert.Equal(("[]", 3, "timeout", Now.AddMinutes(10)), (back.Payload, back.Attempts, back.LastError, back.NextAttemptAt));
    }

    [Fact]
    public async Task Deleting_removes_one_message_and_forgetting_a_person_removes_only_theirs_in_that_tenant()
    {
        var mine = Message(Now, recipient: "ana");
        var alsoMine = Message(Now, recipient: "ana");
        var theirs = Message(Now, recipient: "bo");
        var otherTenant = Message(Now, recipient: "ana") with { TenantId = "tenant-2" };
        var toAChannel = Message(Now, recipient: null);
        foreach (var m in new[] { mine, alsoMine, theirs, otherTenant, toAChannel }) await _store.AddAsync(m, default);

        await _store.DeleteAsync(mine.Id, default);
        Assert.Equal(4, await _store.CountAsync(default));
        Assert.Equal(1, await _store.DeleteForRecipientAsync("tenant-1", "ana", default));

        var left = await _store.ClaimDueAsync(Now, Lease, 10, default);
        Assert.Equal(new[] { theirs.Id, otherTenant.Id, toAChannel.Id }.Order(), left.Select(m => m.Id).Order());
    }

    [Fact]
    public async Task A_very_long_error_is_cut_to_what_is_useful()
    {
        await _store.AddAsync(Message(Now) with { LastError = new string('x', 5000) }, default);

        var claimed = Assert.Single(await _store.ClaimDueAsync(Now, Lease, 10, default));

        Assert.Equal(500, claimed.LastError.Length);
    }

    [Fact]
    public async Task Instances_claiming_at_once_never_take_the_same_message()
    {
        for (var i = 0; i < 60; i++) await _store.AddAsync(Message(Now.AddSeconds(-i)), default);
        var stores = Enumerable.Range(0, 4).Select(_ => new SqlPendingMessageStore(_database.OpenAnother())).ToArray();

        var claims = await Task.WhenAll(stores.Select(s => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            for (var round = 0; round < 10; round++) mine.AddRange((await s.ClaimDueAsync(Now, Lease, 4, default)).Select(m => m.Id));
            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(60, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
    }
}
