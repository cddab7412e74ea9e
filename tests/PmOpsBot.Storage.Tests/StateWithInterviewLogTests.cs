using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteStateWithInterviewLogTests() : StateWithInterviewLogTests(StorageProvider.Sqlite);

public sealed class PostgresStateWithInterviewLogTests() : StateWithInterviewLogTests(StorageProvider.Postgres);

/// <summary>A turn's state and its open interviews are written in one transaction (<see cref="IStateWithInterviewLogWriter"/>).</summary>
public abstract class StateWithInterviewLogTests(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly DigestScope Team = new("tenant-1", "team-1", "conv-1");

    private ProviderDatabase? _database;
    private SqlBotStorage _storage = null!;
    private SqlInterviewLog _log = null!;

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _storage = new SqlBotStorage(_database.Database);
        _log = new SqlInterviewLog(_database.Database);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_state_and_its_interviews_are_both_stored()
    {
        var interview = Interview("tenant-1", "Office move");

        var refused = await _storage.WriteWithInterviewsAsync(Changes(new CounterItem { Count = 1 }), [interview], CancellationToken.None);

        Assert.Empty(refused);
        Assert.Equal(1, Assert.IsType<CounterItem>((await _storage.ReadAsync(["state"]))["state"]).Count);
        Assert.Equal([interview], await Stale());
    }

    [Fact]
    public async Task A_lost_etag_race_writes_neither_the_state_nor_its_interviews()
    {
        var first = new CounterItem { Count = 1 };
        await _storage.WriteAsync(Changes(first));
        var stale = new CounterItem { Count = 2, ETag = first.ETag };
        await _storage.WriteAsync(Changes(new CounterItem { Count = 3, ETag = first.ETag }));

        await Assert.ThrowsAsync<StorageConcurrencyException>(() =>
            _storage.WriteWithInterviewsAsync(Changes(stale), [Interview("tenant-1", "Lost")], CancellationToken.None));

        Assert.Equal(3, Assert.IsType<CounterItem>((await _storage.ReadAsync(["state"]))["state"]).Count);
        Assert.Empty(await Stale());
        Assert.Equal(first.ETag, stale.ETag);
    }

    [Fact]
    public async Task An_interview_whose_id_is_another_tenants_is_refused_and_the_state_is_saved_all_the_same()
    {
        var theirs = Interview("tenant-2", "Theirs");
        await _log.UpsertAsync(theirs, CancellationToken.None);
        var mine = Interview("tenant-1", "Mine");
        var clash = theirs with { TenantId = "tenant-1", Name = "Hijack" };

        var refused = await _storage.WriteWithInterviewsAsync(Changes(new CounterItem { Count = 7 }), [mine, clash], CancellationToken.None);

        Assert.Equal([clash], refused);
        Assert.Equal(7, Assert.IsType<CounterItem>((await _storage.ReadAsync(["state"]))["state"]).Count);
        Assert.Equal([mine], await Stale());
        Assert.Equal([theirs], await _log.ListStaleAsync(Team with { TenantId = "tenant-2" }, Start.AddDays(1), 10, CancellationToken.None));
    }

    [Fact]
    public async Task An_interview_missing_what_the_log_needs_fails_the_call_before_anything_is_written()
    {
        var broken = Interview("tenant-1", "Broken") with { ConversationId = null! };

        await Assert.ThrowsAsync<ArgumentNullException>(() =>
            _storage.WriteWithInterviewsAsync(Changes(new CounterItem { Count = 1 }), [broken], CancellationToken.None));

        Assert.Empty(await _storage.ReadAsync(["state"]));
    }

    private static Dictionary<string, object> Changes(CounterItem item) => new() { ["state"] = item };

    private static OpenInterview Interview(string tenant, string name) =>
        new(Guid.NewGuid(), tenant, "team-1", "conv-1", new UserRef("user-1", "Ana"), name, Start, Start.AddMinutes(1));

    private Task<IReadOnlyList<OpenInterview>> Stale() => _log.ListStaleAsync(Team, Start.AddDays(1), 10, CancellationToken.None);
}
