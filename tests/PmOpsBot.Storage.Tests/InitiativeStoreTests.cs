using Dapper;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteInitiativeStoreTests() : InitiativeStoreTests(StorageProvider.Sqlite);

public sealed class PostgresInitiativeStoreTests() : InitiativeStoreTests(StorageProvider.Postgres);

public abstract class InitiativeStoreTests(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 9, 30, 15, TimeSpan.FromHours(2));

    private ProviderDatabase _database = null!;
    private SqlInitiativeStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _store = new SqlInitiativeStore(_database.Database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Find_returns_every_field_as_saved()
    {
        var saved = NewInitiative() with
        {
            TeamId = "team-1",
            Description = "Move payroll to the new provider",
            Decision = Decision.Operations,
            Confidence = 0.8234567891234,
            IsMixed = true,
            Stage = InitiativeStage.HandingOver,
            CreatedAt = Start.AddTicks(1234567),
            DecidedAt = Start.AddMinutes(5).AddTicks(7),
            Signals =
            [
                new DimensionSignal(Dimension.Timeframe, Leaning.Project, SignalSource.Answer, "ends in March"),
                new DimensionSignal(Dimension.SuccessMeasure, Leaning.Operations, SignalSource.ConfirmedInference, "keep SLA"),
                new DimensionSignal(Dimension.EndResult, Leaning.Neutral, SignalSource.Text, "quote \" and ünïcödé"),
            ],
        };

        await _store.SaveAsync(saved, CancellationToken.None);
        var found = await _store.FindAsync(saved.TenantId, saved.Id, CancellationToken.None);

        AssertSameInitiative(saved, found);
    }

    [Fact]
    public async Task Defaults_and_a_missing_team_round_trip()
    {
        var saved = NewInitiative();

        await _store.SaveAsync(saved, CancellationToken.None);

        AssertSameInitiative(saved, await _store.FindAsync(saved.TenantId, saved.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Save_with_a_known_id_replaces_the_stored_initiative()
    {
        var first = NewInitiative();
        await _store.SaveAsync(first, CancellationToken.None);
        var changed = first with { Name = "Renamed", Stage = InitiativeStage.InProject, Signals = [] };

        await _store.SaveAsync(changed, CancellationToken.None);

        // A replaced initiative is a changed one: its version moves on.
        AssertSameInitiative(changed with { Version = 1 }, await _store.FindAsync(first.TenantId, first.Id, CancellationToken.None));
        await using var connection = await _database.Database.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM initiatives"));
    }

    [Fact]
    public async Task Stored_columns_use_the_documented_formats()
    {
        var saved = NewInitiative() with { Name = "  Payroll MIGRATION ", Stage = InitiativeStage.InOperations };

        await _store.SaveAsync(saved, CancellationToken.None);

        await using var connection = await _database.Database.OpenConnectionAsync(CancellationToken.None);
        var row = await connection.QuerySingleAsync<(string NameKey, string Decision, string Stage, string DecidedAt, string SignalsJson)>(
            "SELECT name_key, decision, stage, decided_at, signals_json FROM initiatives");
        Assert.Equal("payroll migration", row.NameKey);
        Assert.Equal("project", row.Decision);
        Assert.Equal("in_operations", row.Stage);
        Assert.Equal("2025-06-01T07:30:15.0000000+00:00", row.DecidedAt);
        Assert.Contains("\"dimension\":\"work_style\"", row.SignalsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_tenant_can_neither_find_nor_list_nor_overwrite_an_initiative()
    {
        var saved = NewInitiative();
        await _store.SaveAsync(saved, CancellationToken.None);

        Assert.Null(await _store.FindAsync("other-tenant", saved.Id, CancellationToken.None));
        Assert.Empty(await _store.ListByCreatorAsync("other-tenant", saved.CreatedBy.Id, 10, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _store.SaveAsync(saved with { TenantId = "other-tenant", Name = "Hijacked" }, CancellationToken.None));
        Assert.Equal(saved.Name, (await _store.FindAsync(saved.TenantId, saved.Id, CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task Find_of_an_unknown_id_returns_null()
    {
        Assert.Null(await _store.FindAsync("tenant-1", Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task List_by_creator_returns_the_newest_decided_first_up_to_the_limit()
    {
        // Saved out of order, with offsets that would sort wrongly as local-time text.
        var older = NewInitiative() with { Name = "older", DecidedAt = Start.ToOffset(TimeSpan.FromHours(-8)) };
        var newest = NewInitiative() with { Name = "newest", DecidedAt = Start.AddHours(2).ToOffset(TimeSpan.FromHours(5)) };
        var middle = NewInitiative() with { Name = "middle", DecidedAt = Start.AddHours(1) };
        var someoneElses = NewInitiative() with { Name = "someone else's", CreatedBy = new UserRef("user-2", "Bo"), DecidedAt = Start.AddDays(1) };
        foreach (var initiative in new[] { older, newest, someoneElses, middle })
        {
            await _store.SaveAsync(initiative, CancellationToken.None);
        }

        var all = await _store.ListByCreatorAsync("tenant-1", "user-1", 10, CancellationToken.None);
        var firstTwo = await _store.ListByCreatorAsync("tenant-1", "user-1", 2, CancellationToken.None);

        Assert.Equal(["newest", "middle", "older"], all.Select(initiative => initiative.Name));
        Assert.Equal(["newest", "middle"], firstTwo.Select(initiative => initiative.Name));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ListByCreatorAsync("tenant-1", "user-1", 0, CancellationToken.None));
    }

    [Fact]
    public async Task Saved_initiatives_survive_reopening_the_database()
    {
        var saved = NewInitiative() with { Signals = [new DimensionSignal(Dimension.Risk, Leaning.Project, SignalSource.Answer, "new ground")] };
        await _store.SaveAsync(saved, CancellationToken.None);

        var reopenedDatabase = _database.OpenAnother();
        Assert.Empty(reopenedDatabase.Migrate());
        var reopened = new SqlInitiativeStore(reopenedDatabase);

        AssertSameInitiative(saved, await reopened.FindAsync(saved.TenantId, saved.Id, CancellationToken.None));
        Assert.Single(await reopened.ListByCreatorAsync(saved.TenantId, saved.CreatedBy.Id, 5, CancellationToken.None));
    }

    private static Initiative NewInitiative() => new()
    {
        Id = Guid.NewGuid(),
        TenantId = "tenant-1",
        ChannelId = "msteams",
        ConversationId = "19:abc@thread.tacv2",
        Name = "Payroll migration",
        CreatedBy = new UserRef("user-1", "Ana"),
        Decision = Decision.Project,
        Confidence = 0.75,
        IsMixed = false,
        Signals = [new DimensionSignal(Dimension.WorkStyle, Leaning.Project, SignalSource.Answer, "one-off")],
        CreatedAt = Start,
        DecidedAt = Start,
    };

    private static void AssertSameInitiative(Initiative expected, Initiative? actual) => TestInitiatives.AssertSame(expected, actual);
}
