using Dapper;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Core.Ownership;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;
using Xunit.Abstractions;
using static PmOpsBot.Storage.Tests.TestInitiatives;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteInitiativeStoreUpdateTests(ITestOutputHelper output) : InitiativeStoreUpdateTests(StorageProvider.Sqlite, output)
{
    // The second instance without a connection pool at all, as a second process sharing the file would have.
    protected override StorageDatabase SecondInstance() =>
        new SqliteDatabase(new SqliteConnectionFactory(Database.ConnectionString + ";Pooling=False"));
}

public sealed class PostgresInitiativeStoreUpdateTests(ITestOutputHelper output) : InitiativeStoreUpdateTests(StorageProvider.Postgres, output);

/// <summary>Owners, dates, checklist, stage history and versions: stored exactly, changed safely.</summary>
public abstract class InitiativeStoreUpdateTests(StorageProvider provider, ITestOutputHelper output) : IAsyncLifetime
{
    private ProviderDatabase? _database;
    private SqlInitiativeStore _store = null!;

    protected ProviderDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _store = new SqlInitiativeStore(_database.Database);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Another bot instance's handle on the database.</summary>
    protected virtual StorageDatabase SecondInstance() => Database.OpenAnother();

    [Fact]
    public async Task A_fully_populated_initiative_round_trips_exactly()
    {
        var saved = FullyPopulated();

        await _store.SaveAsync(saved, CancellationToken.None);
        var found = await _store.FindAsync(saved.TenantId, saved.Id, CancellationToken.None);

        AssertSame(saved, found);
        Assert.Equal(0, found!.Version);
        // Instants are kept to the tick; offsets come back as UTC.
        Assert.Equal(saved.OperationsOwner!.AssignedAt.UtcTicks, found.OperationsOwner!.AssignedAt.UtcTicks);
        Assert.Equal(saved.Checklist[0].At.UtcTicks, found.Checklist[0].At.UtcTicks);
    }

    [Fact]
    public async Task New_fields_default_to_nothing()
    {
        var saved = New();

        await _store.SaveAsync(saved, CancellationToken.None);
        var found = await _store.FindAsync(saved.TenantId, saved.Id, CancellationToken.None);

        AssertSame(saved, found);
        Assert.Null(found!.ProjectOwner);
        Assert.Null(found.OperationsOwner);
        Assert.Null(found.HandoverDate);
        Assert.Null(found.ParentId);
        Assert.Empty(found.Checklist);
        Assert.Empty(found.StageHistory);
    }

    [Fact]
    public async Task A_pending_owner_without_an_answer_round_trips()
    {
        var saved = New() with { OperationsOwner = new OwnerAssignment(Bo, OwnerResponse.Pending, Ana, Start) };

        await _store.SaveAsync(saved, CancellationToken.None);

        AssertSame(saved, await _store.FindAsync(saved.TenantId, saved.Id, CancellationToken.None));
    }

    [Fact]
    public async Task New_columns_use_the_documented_formats()
    {
        var saved = FullyPopulated();

        await _store.SaveAsync(saved, CancellationToken.None);

        await using var connection = await Database.Database.OpenConnectionAsync(CancellationToken.None);
        var row = await connection.QuerySingleAsync<(string HandoverDate, string Response, string AssignedAt, string ChecklistJson, string StageHistoryJson, string ParentId, long Version)>(
            "SELECT handover_date, ops_owner_response, ops_owner_assigned_at, checklist_json, stage_history_json, parent_id, version FROM initiatives");
        Assert.Equal("2027-03-01", row.HandoverDate);
        Assert.Equal("declined", row.Response);
        Assert.Equal("2025-06-02T07:30:15.0000003+00:00", row.AssignedAt);
        Assert.Contains("\"item\":\"runbook_written\"", row.ChecklistJson, StringComparison.Ordinal);
        Assert.Contains("\"at\":\"2025-06-01T10:30:15.0000011+00:00\"", row.ChecklistJson, StringComparison.Ordinal);
        Assert.Contains("\"from\":\"in_project\",\"to\":\"handing_over\"", row.StageHistoryJson, StringComparison.Ordinal);
        Assert.Equal(saved.ParentId!.Value.ToString("D"), row.ParentId);
        Assert.Equal(0, row.Version);
    }

    [Fact]
    public async Task Update_with_the_stored_version_writes_every_field_and_bumps_the_version()
    {
        var stored = New();
        await _store.SaveAsync(stored, CancellationToken.None);
        var changed = FullyPopulated() with { Id = stored.Id, TenantId = stored.TenantId, Version = 0 };

        Assert.True(await _store.UpdateAsync(changed, 0, CancellationToken.None));
        AssertSame(changed with { Version = 1 }, await _store.FindAsync(stored.TenantId, stored.Id, CancellationToken.None));

        // ...and back to nothing: null owners and date, empty lists.
        Assert.True(await _store.UpdateAsync(stored, 1, CancellationToken.None));
        AssertSame(stored with { Version = 2 }, await _store.FindAsync(stored.TenantId, stored.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Update_with_a_stale_version_changes_nothing()
    {
        var stored = New();
        await _store.SaveAsync(stored, CancellationToken.None);
        Assert.True(await _store.UpdateAsync(stored with { HandoverDate = new DateOnly(2026, 1, 1) }, 0, CancellationToken.None));

        var stale = await _store.UpdateAsync(stored with { Name = "Stale rename", HandoverDate = new DateOnly(2030, 1, 1) }, 0, CancellationToken.None);
        var ahead = await _store.UpdateAsync(stored with { Name = "Future rename" }, 5, CancellationToken.None);

        Assert.False(stale);
        Assert.False(ahead);
        var found = await _store.FindAsync(stored.TenantId, stored.Id, CancellationToken.None);
        Assert.Equal(1, found!.Version);
        Assert.Equal(stored.Name, found.Name);
        Assert.Equal(new DateOnly(2026, 1, 1), found.HandoverDate);
        Assert.Empty(await _store.FindByNameWordsAsync(stored.TenantId, ["sta", "fut"], 10, CancellationToken.None));
    }

    [Fact]
    public async Task Update_of_an_unknown_or_foreign_initiative_returns_false()
    {
        var stored = New();
        await _store.SaveAsync(stored, CancellationToken.None);

        Assert.False(await _store.UpdateAsync(New(), 0, CancellationToken.None));
        Assert.False(await _store.UpdateAsync(stored with { TenantId = "other-tenant", Name = "Hijacked" }, 0, CancellationToken.None));

        var found = await _store.FindAsync(stored.TenantId, stored.Id, CancellationToken.None);
        AssertSame(stored, found);
        await using var connection = await Database.Database.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM initiatives"));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM initiative_name_words WHERE tenant_id = 'other-tenant'"));
    }

    [Fact]
    public async Task Save_over_a_stored_initiative_makes_updates_based_on_the_old_version_fail()
    {
        var stored = New();
        await _store.SaveAsync(stored, CancellationToken.None);
        var read = (await _store.FindAsync(stored.TenantId, stored.Id, CancellationToken.None))!;

        await _store.SaveAsync(stored with { Stage = InitiativeStage.InProject }, CancellationToken.None);

        Assert.False(await _store.UpdateAsync(read with { HandoverDate = new DateOnly(2026, 2, 2) }, read.Version, CancellationToken.None));
        var found = await _store.FindAsync(stored.TenantId, stored.Id, CancellationToken.None);
        Assert.Equal(InitiativeStage.InProject, found!.Stage);
        Assert.Equal(1, found.Version);
    }

    [Fact]
    public async Task Two_instances_updating_at_once_both_keep_their_ticks()
    {
        var stored = New();
        await _store.SaveAsync(stored, CancellationToken.None);
        // Separate database handles and stores, as two bot instances would have.
        var first = new SqlInitiativeStore(Database.OpenAnother());
        var second = new SqlInitiativeStore(SecondInstance());
        ReadinessItem[] firstItems = [ReadinessItem.RunbookWritten, ReadinessItem.SupportAndEscalation, ReadinessItem.AcceptanceSignOff];
        ReadinessItem[] secondItems = [ReadinessItem.KpisAndMonitoring, ReadinessItem.TrainingAndAdoption, ReadinessItem.EarlyLifeSupport];
        // Both read before either writes, so the first round always conflicts.
        var bothRead = new Barrier(2);

        var conflicts = await Task.WhenAll(
            Task.Run(() => TickAll(first, stored, firstItems, Ana, bothRead)),
            Task.Run(() => TickAll(second, stored, secondItems, Bo, bothRead)));

        var found = (await _store.FindAsync(stored.TenantId, stored.Id, CancellationToken.None))!;
        Assert.Equal(
            firstItems.Concat(secondItems).Order(),
            found.Checklist.Select(tick => tick.Item).Order());
        Assert.Equal(firstItems, found.Checklist.Where(tick => tick.By == Ana).Select(tick => tick.Item));
        Assert.Equal(secondItems, found.Checklist.Where(tick => tick.By == Bo).Select(tick => tick.Item));
        Assert.Equal(6, found.Version);
        output.WriteLine($"conflicts retried: {conflicts[0]} + {conflicts[1]}");
        Assert.True(conflicts.Sum() > 0, "the two updaters never raced");
    }

    /// <summary>
    /// Two people ticking different items of one checklist at the same moment, each through the
    /// HandoverService of their own instance (which reloads and reapplies on a version conflict), many
    /// rounds over: every tick survives, and every stored change moved the version by one.
    /// </summary>
    [Fact]
    public async Task Two_instances_ticking_through_the_handover_service_both_keep_every_tick()
    {
        var stored = New();
        await _store.SaveAsync(stored, CancellationToken.None);
        var first = new HandoverService(new SqlInitiativeStore(Database.OpenAnother()), TimeProvider.System);
        var second = new HandoverService(new SqlInitiativeStore(SecondInstance()), TimeProvider.System);
        var ana = new ChatContext("msteams", stored.TenantId, null, "conv", Ana, false);
        var bo = new ChatContext("msteams", stored.TenantId, null, "conv", Bo, false);
        ReadinessItem[] anasItems = [ReadinessItem.RunbookWritten, ReadinessItem.SupportAndEscalation, ReadinessItem.AcceptanceSignOff];
        ReadinessItem[] bosItems = [ReadinessItem.KpisAndMonitoring, ReadinessItem.TrainingAndAdoption, ReadinessItem.EarlyLifeSupport];
        const int Rounds = 10;

        for (var round = 0; round < Rounds; round++)
        {
            // Each round ticks (even rounds) or unticks (odd rounds) every item; the two start together.
            using var start = new Barrier(2);
            var results = await Task.WhenAll(
                Task.Run(() => ToggleAll(first, ana, stored.Id, anasItems, start)),
                Task.Run(() => ToggleAll(second, bo, stored.Id, bosItems, start)));
            Assert.All(results.SelectMany(result => result), result => Assert.True(result.Changed, result.Refusal));

            var found = (await _store.FindAsync(stored.TenantId, stored.Id, CancellationToken.None))!;
            var expected = round % 2 == 0 ? anasItems.Concat(bosItems).Order().ToArray() : [];
            Assert.Equal(expected, found.Checklist.Select(tick => tick.Item).Order());
            Assert.Equal((round + 1) * (anasItems.Length + bosItems.Length), found.Version);
        }
    }

    private static async Task<List<ChangeResult>> ToggleAll(HandoverService service, ChatContext context, Guid id, ReadinessItem[] items, Barrier start)
    {
        start.SignalAndWait(TimeSpan.FromSeconds(10));
        var results = new List<ChangeResult>();
        foreach (var item in items)
        {
            results.Add(await service.ToggleItemAsync(context, id, item, CancellationToken.None));
        }

        return results;
    }

    private static async Task<int> TickAll(SqlInitiativeStore store, Initiative initiative, ReadinessItem[] items, UserRef by, Barrier bothRead)
    {
        var conflicts = 0;
        var firstRead = true;
        foreach (var item in items)
        {
            while (true)
            {
                var current = (await store.FindAsync(initiative.TenantId, initiative.Id, CancellationToken.None))!;
                if (firstRead)
                {
                    firstRead = false;
                    bothRead.SignalAndWait(TimeSpan.FromSeconds(10));
                }

                var ticked = current with { Checklist = [.. current.Checklist, new ChecklistTick(item, by, DateTimeOffset.UtcNow)] };
                if (await store.UpdateAsync(ticked, current.Version, CancellationToken.None))
                {
                    break;
                }

                conflicts++;
            }
        }

        return conflicts;
    }
}
