using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Stores;
using Xunit.Abstractions;
using static PmOpsBot.Storage.Tests.TestInitiatives;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteInitiativeDigestTests(ITestOutputHelper output) : InitiativeDigestTests(StorageProvider.Sqlite, output);

public sealed class PostgresInitiativeDigestTests(ITestOutputHelper output) : InitiativeDigestTests(StorageProvider.Postgres, output);

/// <summary>What a digest lists: the scope's changes since the last post, and its handovers due or overdue.</summary>
public abstract class InitiativeDigestTests(StorageProvider provider, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset LastPost = new(2026, 6, 1, 9, 0, 0, TimeSpan.FromHours(2));
    private static readonly DateOnly DueUntil = new(2026, 6, 8);
    private static readonly DigestScope Team = new("tenant-1", "team-1", "conv-1");

    private readonly TestClock _clock = new(LastPost.AddDays(-3));
    private ProviderDatabase _database = null!;
    private SqlInitiativeStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _store = new SqlInitiativeStore(_database.Database, _clock);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task The_store_stamps_updated_at_and_reads_it_back()
    {
        var initiative = InTeam("stamped") with { UpdatedAt = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        _clock.Now = LastPost.AddTicks(77).ToOffset(TimeSpan.FromHours(-5));

        await _store.SaveAsync(initiative, CancellationToken.None);
        var saved = (await _store.FindAsync(initiative.TenantId, initiative.Id, CancellationToken.None))!;
        _clock.Now = LastPost.AddHours(3);
        Assert.True(await _store.UpdateAsync(saved with { Name = "renamed" }, saved.Version, CancellationToken.None));
        var updated = (await _store.FindAsync(initiative.TenantId, initiative.Id, CancellationToken.None))!;

        Assert.Equal(LastPost.AddTicks(77), saved.UpdatedAt);
        Assert.Equal(TimeSpan.Zero, saved.UpdatedAt.Offset);
        Assert.Equal(LastPost.AddHours(3), updated.UpdatedAt);
        Assert.Equal(LastPost.AddHours(3), (await _store.ListByCreatorAsync("tenant-1", Ana.Id, 5, CancellationToken.None)).Single().UpdatedAt);
    }

    [Fact]
    public async Task Changed_after_lists_what_was_stored_after_the_instant_in_any_stage()
    {
        await SaveAt(LastPost.AddHours(-1), InTeam("before"));
        await SaveAt(LastPost, InTeam("at the instant"));
        await SaveAt(LastPost.AddTicks(1), InTeam("just after"));
        await SaveAt(LastPost.AddHours(5), InTeam("retired since") with { Stage = InitiativeStage.Retired });
        await SaveAt(LastPost.AddHours(5), InTeam("running since, due long ago") with { Stage = InitiativeStage.InOperations, HandoverDate = DueUntil.AddDays(-30) });
        // Written with another offset: still compared as an instant.
        await SaveAt(LastPost.AddMinutes(1).ToOffset(TimeSpan.FromHours(-9)), InTeam("a minute after"));

        var listed = await Digest(Team);

        Assert.Equal(["running since, due long ago", "a minute after", "just after", "retired since"], Names(listed));
    }

    [Fact]
    public async Task Due_lists_handovers_on_or_before_the_day_overdue_included_unless_run_or_retired()
    {
        var old = LastPost.AddDays(-2);
        await SaveAt(old, Dated("long overdue", DueUntil.AddYears(-1)));
        await SaveAt(old, Dated("overdue", DueUntil.AddDays(-3)));
        await SaveAt(old, Dated("due on the day", DueUntil) with { Stage = InitiativeStage.HandingOver });
        await SaveAt(old, Dated("due, in project", DueUntil.AddDays(-1)) with { Stage = InitiativeStage.InProject });
        await SaveAt(old, Dated("due the day after", DueUntil.AddDays(1)));
        await SaveAt(old, Dated("overdue but running", DueUntil.AddDays(-3)) with { Stage = InitiativeStage.InOperations });
        await SaveAt(old, Dated("overdue but retired", DueUntil.AddDays(-3)) with { Stage = InitiativeStage.Retired });
        await SaveAt(old, InTeam("undated"));

        var listed = await Digest(Team);

        Assert.Equal(["long overdue", "overdue", "due, in project", "due on the day"], Names(listed));
    }

    [Fact]
    public async Task An_initiative_both_changed_and_due_comes_once_and_the_order_is_by_date_then_name_undated_last()
    {
        await SaveAt(LastPost.AddHours(1), Dated("b changed and due", DueUntil.AddDays(-1)));
        await SaveAt(LastPost.AddHours(1), Dated("a changed and due", DueUntil.AddDays(-1)));
        await SaveAt(LastPost.AddHours(-1), Dated("due earlier", DueUntil.AddDays(-2)));
        await SaveAt(LastPost.AddHours(1), InTeam("z changed, undated"));
        await SaveAt(LastPost.AddHours(1), InTeam("y changed, undated"));
        await SaveAt(LastPost.AddHours(1), Dated("changed, due later", DueUntil.AddDays(20)));

        var listed = await Digest(Team);
        var firstThree = await _store.ListForDigestAsync(Team, LastPost, DueUntil, 3, CancellationToken.None);

        Assert.Equal(
            ["due earlier", "a changed and due", "b changed and due", "changed, due later", "y changed, undated", "z changed, undated"],
            Names(listed));
        Assert.Equal(listed.Count, listed.Select(i => i.Id).Distinct().Count());
        Assert.Equal(["due earlier", "a changed and due", "b changed and due"], Names(firstThree));
    }

    [Fact]
    public async Task A_team_scope_covers_the_teams_conversations_and_a_chat_scope_only_its_conversation()
    {
        var changed = LastPost.AddHours(1);
        await SaveAt(changed, InTeam("team-1, conv-1"));
        await SaveAt(changed, InTeam("team-1, conv-2") with { ConversationId = "conv-2" });
        await SaveAt(changed, InTeam("team-2, conv-3") with { TeamId = "team-2", ConversationId = "conv-3" });
        await SaveAt(changed, InTeam("chat-1") with { TeamId = null, ConversationId = "chat-1" });
        await SaveAt(LastPost.AddDays(-1), Dated("chat-1, due", DueUntil) with { TeamId = null, ConversationId = "chat-1" });
        await SaveAt(changed, InTeam("chat-2") with { TeamId = null, ConversationId = "chat-2" });
        // The same team and chat ids in another tenant.
        await SaveAt(changed, InTeam("tenant-2, team-1") with { TenantId = "tenant-2" });
        await SaveAt(changed, Dated("tenant-2, chat-1", DueUntil) with { TenantId = "tenant-2", TeamId = null, ConversationId = "chat-1" });

        Assert.Equal(["team-1, conv-1", "team-1, conv-2"], Names(await Digest(Team)));
        Assert.Equal(["team-2, conv-3"], Names(await Digest(new DigestScope("tenant-1", "team-2", "conv-3"))));
        Assert.Equal(["chat-1, due", "chat-1"], Names(await Digest(new DigestScope("tenant-1", null, "chat-1"))));
        Assert.Equal(["tenant-2, team-1"], Names(await Digest(Team with { TenantId = "tenant-2" })));
        Assert.Equal(["tenant-2, chat-1"], Names(await Digest(new DigestScope("tenant-2", null, "chat-1"))));
        Assert.Empty(await Digest(new DigestScope("tenant-3", "team-1", "conv-1")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ListForDigestAsync(Team, LastPost, DueUntil, 0, CancellationToken.None));
    }

    /// <summary>
    /// 100,000 initiatives in one tenant, 100 teams of 1,000: the digest of one team reads only its own
    /// rows, returns what a plain scan of the table with the plain condition returns, and takes a few
    /// milliseconds.
    /// </summary>
    [Fact]
    public async Task A_team_digest_stays_fast_and_exact_in_a_tenant_of_100_000_initiatives()
    {
        var stopwatch = Stopwatch.StartNew();
        await using var connection = await _database.Database.OpenConnectionAsync(CancellationToken.None);
        if (provider == StorageProvider.Sqlite)
        {
            InsertLargeRegistrySqlite(connection);
        }
        else
        {
            InsertLargeRegistryPostgres(connection);
        }

        output.WriteLine($"inserted 100,000 in {stopwatch.ElapsedMilliseconds} ms");
        var changedAfter = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(98_000);
        var dueUntil = new DateOnly(2026, 3, 2);
        // The plain condition, read from the table itself (SQLite: NOT INDEXED; PostgreSQL: a sequential scan).
        var notIndexed = provider == StorageProvider.Sqlite ? "NOT INDEXED" : "";
        await using var plainScan = await connection.BeginTransactionAsync();
        if (provider == StorageProvider.Postgres)
        {
            await connection.ExecuteAsync("SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off", transaction: plainScan);
        }

        var expected = (await connection.QueryAsync<string>(
            $"""
            SELECT name FROM initiatives {notIndexed}
            WHERE tenant_id = 'tenant-1' AND team_id = 'team-7'
              AND (updated_at > @ChangedAfter OR (handover_date <= @DueUntil AND stage NOT IN ('in_operations', 'retired')))
            ORDER BY handover_date NULLS LAST, name
            """,
            new { ChangedAfter = changedAfter.ToString("O", CultureInfo.InvariantCulture), DueUntil = "2026-03-02" },
            plainScan)).ToList();
        var inChat = (await connection.QueryAsync<string>($"SELECT name FROM initiatives {notIndexed} WHERE conversation_id = 'conv-7-0'", transaction: plainScan))
            .ToHashSet(StringComparer.Ordinal);
        await plainScan.RollbackAsync();
        Assert.InRange(expected.Count, 30, 200);

        var timings = new List<double>();
        IReadOnlyList<Initiative> listed = [];
        for (var run = 0; run < 5; run++)
        {
            stopwatch.Restart();
            listed = await _store.ListForDigestAsync(new DigestScope("tenant-1", "team-7", "conv-7-0"), changedAfter, dueUntil, 500, CancellationToken.None);
            timings.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        var chat = await _store.ListForDigestAsync(new DigestScope("tenant-1", null, "conv-7-0"), changedAfter, dueUntil, 500, CancellationToken.None);

        output.WriteLine($"{listed.Count} listed; runs: {string.Join(", ", timings.Select(ms => ms.ToString("F2", CultureInfo.InvariantCulture)))} ms");
        Assert.Equal(expected, Names(listed));
        Assert.Contains(listed, i => i.UpdatedAt > changedAfter && i.HandoverDate is null);
        Assert.Contains(listed, i => i.UpdatedAt <= changedAfter && i.HandoverDate <= dueUntil);
        Assert.Equal(expected.Where(inChat.Contains), Names(chat));
        // A few ms is typical; the bound only catches a plan that walks the tenant (hundreds of ms).
        Assert.True(timings.Min() < 50, $"fastest run took {timings.Min():F1} ms");
    }

    /// <summary>
    /// Row i belongs to team i % 100 and one of its three chats; it changed i minutes into 2026 (so the
    /// newest 2,000 changed in the last 2,000 minutes, 20 per team); one in four of each team has a
    /// handover date, spread over two years; stages take turns. The same rows on both providers.
    /// </summary>
    private static void InsertLargeRegistrySqlite(DbConnection connection)
    {
        // Room for every page of the new rows and their indexes, so the inserts never wait on the disk.
        connection.Execute("PRAGMA cache_size = -262144");
        using var transaction = connection.BeginTransaction();
        // Loading first and indexing after is several times faster than updating a dozen indexes row by
        // row; the indexes come back exactly as the migrations defined them.
        var indexes = connection.Query<(string Name, string Sql)>(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'initiatives' AND sql IS NOT NULL",
            transaction: transaction).ToList();
        Assert.True(indexes.Count >= 10, $"only {indexes.Count} indexes");
        foreach (var index in indexes)
        {
            connection.Execute($"DROP INDEX {index.Name}", transaction: transaction);
        }

        connection.Execute(
            """
            WITH RECURSIVE seq (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < 99999)
            INSERT INTO initiatives (
                id, tenant_id, team_id, channel_id, conversation_id, name, name_key, description, created_by_id, created_by_name,
                decision, confidence, is_mixed, signals_json, stage, created_at, decided_at, updated_at, handover_date)
            SELECT
                printf('00000000-0000-4000-8000-%012d', i), 'tenant-1', 'team-' || (i % 100), 'msteams',
                'conv-' || (i % 100) || '-' || (i % 3), printf('Initiative %06d', i), printf('initiative %06d', i), '',
                'bulk-user', 'Bulk', 'project', 0.5, 0, '[]',
                CASE i / 100 % 5 WHEN 0 THEN 'proposed' WHEN 1 THEN 'in_project' WHEN 2 THEN 'handing_over' WHEN 3 THEN 'in_operations' ELSE 'retired' END,
                updated, updated, updated,
                CASE WHEN i / 100 % 4 = 0 THEN date('2026-01-01', '+' || (i / 100 % 730) || ' days') END
            FROM (SELECT i, strftime('%Y-%m-%dT%H:%M:%S.0000000+00:00', '2026-01-01', '+' || i || ' minutes') AS updated FROM seq)
            """,
            transaction: transaction);
        foreach (var index in indexes)
        {
            connection.Execute(index.Sql, transaction: transaction);
        }

        transaction.Commit();
    }

    /// <summary>The rows of <see cref="InsertLargeRegistrySqlite"/>, then statistics, as autovacuum would gather them.</summary>
    private static void InsertLargeRegistryPostgres(DbConnection connection)
    {
        connection.Execute(
            """
            INSERT INTO initiatives (
                id, tenant_id, team_id, channel_id, conversation_id, name, name_key, description, created_by_id, created_by_name,
                decision, confidence, is_mixed, signals_json, stage, created_at, decided_at, updated_at, handover_date)
            SELECT
                '00000000-0000-4000-8000-' || lpad(i::text, 12, '0'), 'tenant-1', 'team-' || (i % 100), 'msteams',
                'conv-' || (i % 100) || '-' || (i % 3), 'Initiative ' || lpad(i::text, 6, '0'), 'initiative ' || lpad(i::text, 6, '0'), '',
                'bulk-user', 'Bulk', 'project', 0.5, 0, '[]',
                CASE i / 100 % 5 WHEN 0 THEN 'proposed' WHEN 1 THEN 'in_project' WHEN 2 THEN 'handing_over' WHEN 3 THEN 'in_operations' ELSE 'retired' END,
                updated, updated, updated,
                CASE WHEN i / 100 % 4 = 0 THEN to_char(DATE '2026-01-01' + i / 100 % 730, 'YYYY-MM-DD') END
            FROM (
                SELECT i, to_char(TIMESTAMP '2026-01-01' + i * INTERVAL '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS".0000000+00:00"') AS updated
                FROM generate_series(0, 99999) AS i) AS seq;
            ANALYZE initiatives;
            """);
    }

    private static Initiative InTeam(string name) => New(name) with { TeamId = "team-1", ConversationId = "conv-1" };

    private static Initiative Dated(string name, DateOnly date) => InTeam(name) with { HandoverDate = date };

    private static IEnumerable<string> Names(IEnumerable<Initiative> initiatives) => initiatives.Select(i => i.Name);

    private async Task SaveAt(DateTimeOffset at, Initiative initiative)
    {
        _clock.Now = at;
        await _store.SaveAsync(initiative, CancellationToken.None);
    }

    private Task<IReadOnlyList<Initiative>> Digest(DigestScope scope) =>
        _store.ListForDigestAsync(scope, LastPost, DueUntil, 50, CancellationToken.None);
}
