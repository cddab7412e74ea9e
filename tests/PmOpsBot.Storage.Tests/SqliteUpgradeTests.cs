using System.Text;
using Dapper;
using DbUp;
using DbUp.Engine;
using DbUp.Sqlite.Helpers;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Storage.Tests;

/// <summary>A database left at migration 0001, with rows, brought up to date.</summary>
public sealed class SqliteUpgradeTests : IDisposable
{
    private const string InsertAt0001 = """
        INSERT INTO initiatives (
            id, tenant_id, team_id, channel_id, conversation_id, name, name_key, description,
            created_by_id, created_by_name, decision, confidence, is_mixed, signals_json, stage,
            created_at, decided_at, updated_at)
        VALUES (
            @Id, @TenantId, NULL, 'msteams', 'conv-1', @Name, lower(@Name), 'from before 0002',
            'user-1', 'Ana', @Decision, 0.75, 0,
            '[{"dimension":"work_style","leaning":"project","source":"answer","evidence":"one-off"}]', @Stage,
            '2025-06-01T07:30:15.0000000+00:00', @DecidedAt, '2025-06-01T07:30:15.0000000+00:00')
        """;

    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_0001_database_with_rows_upgrades_and_keeps_them_findable_by_name_words()
    {
        var crm = Guid.NewGuid();
        var payroll = Guid.NewGuid();
        var filler = Guid.NewGuid();
        var otherTenant = Guid.NewGuid();
        MigrateTo0001();
        using (var connection = _database.CreateFactory().OpenConnection())
        {
            connection.Execute(InsertAt0001, new { Id = crm.ToString("D"), TenantId = "tenant-1", Name = "CRM rollout", Decision = "project", Stage = "in_project", DecidedAt = "2025-06-02T07:30:15.0000000+00:00" });
            connection.Execute(InsertAt0001, new { Id = payroll.ToString("D"), TenantId = "tenant-1", Name = "Payroll", Decision = "operations", Stage = "in_operations", DecidedAt = "2025-06-01T07:30:15.0000000+00:00" });
            connection.Execute(InsertAt0001, new { Id = filler.ToString("D"), TenantId = "tenant-1", Name = "The new project", Decision = "project", Stage = "proposed", DecidedAt = "2025-06-01T07:30:15.0000000+00:00" });
            connection.Execute(InsertAt0001, new { Id = otherTenant.ToString("D"), TenantId = "tenant-2", Name = "CRM rollout", Decision = "project", Stage = "proposed", DecidedAt = "2025-06-01T07:30:15.0000000+00:00" });
            connection.Execute("INSERT INTO bot_state VALUES ('conversation/1', 'etag-1', '{\"count\":1}', '2024-01-01T00:00:00.0000000+00:00')");
        }

        var ran = new SqliteMigrator(_database.CreateFactory()).Migrate();

        Assert.Equal(["0002_handover_and_careers.sql", "0003_digest.sql", "0004_checkins.sql", "0005_digest_next_run.sql", "0006_digest_mentions.sql", "0007_inbound_events.sql", "0008_pending_messages.sql", "0009_slack_inbound.sql"], ran);
        var store = new SqlInitiativeStore(new SqliteDatabase(_database.CreateFactory()));
        var found = await store.FindAsync("tenant-1", crm, CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal("CRM rollout", found.Name);
        Assert.Equal("from before 0002", found.Description);
        Assert.Equal(InitiativeStage.InProject, found.Stage);
        Assert.Equal([new DimensionSignal(Dimension.WorkStyle, Leaning.Project, SignalSource.Answer, "one-off")], found.Signals);
        Assert.Equal(new DateTimeOffset(2025, 6, 2, 7, 30, 15, TimeSpan.Zero), found.DecidedAt);
        Assert.Equal(0, found.Version);
        Assert.Null(found.ProjectOwner);
        Assert.Null(found.OperationsOwner);
        Assert.Null(found.HandoverDate);
        Assert.Empty(found.Checklist);
        Assert.Empty(found.StageHistory);

        // The words of the old rows were filled in by the migration, per tenant.
        Assert.Equal([crm], (await store.FindByNameWordsAsync("tenant-1", ["crm"], 10, CancellationToken.None)).Select(i => i.Id));
        Assert.Equal([crm], (await store.FindByNameWordsAsync("tenant-1", NameWords.PrefixesOf("CRM rolout"), 10, CancellationToken.None)).Select(i => i.Id));
        Assert.Equal([payroll], (await store.FindByNameWordsAsync("tenant-1", ["pay"], 10, CancellationToken.None)).Select(i => i.Id));
        Assert.Equal([otherTenant], (await store.FindByNameWordsAsync("tenant-2", ["rol"], 10, CancellationToken.None)).Select(i => i.Id));
        Assert.NotNull(await store.FindAsync("tenant-1", filler, CancellationToken.None));

        // The new lists see the old rows: the project has no operations owner yet, the operations initiative needs none.
        Assert.Equal([filler, crm], (await store.ListWithoutOperationsOwnerAsync("tenant-1", 10, CancellationToken.None)).Select(i => i.Id));
        var involving = await store.ListInvolvingAsync("tenant-1", "user-1", 10, CancellationToken.None);
        Assert.Equal(crm, involving[0].Id);
        Assert.Equal(new[] { crm, payroll, filler }.Order(), involving.Select(i => i.Id).Order());

        // Old rows update like new ones.
        Assert.True(await store.UpdateAsync(found with { Name = "Customer portal", HandoverDate = new DateOnly(2026, 3, 1) }, 0, CancellationToken.None));
        Assert.Empty(await store.FindByNameWordsAsync("tenant-1", ["crm"], 10, CancellationToken.None));
        Assert.Equal([crm], (await store.FindByNameWordsAsync("tenant-1", ["cus"], 10, CancellationToken.None)).Select(i => i.Id));

        using var after = _database.CreateFactory().OpenConnection();
        Assert.Equal(4L, after.ExecuteScalar<long>("SELECT count(*) FROM initiatives"));
        Assert.Equal("etag-1", after.ExecuteScalar<string>("SELECT etag FROM bot_state WHERE key = 'conversation/1'"));
        Assert.Empty(new SqliteMigrator(_database.CreateFactory()).Migrate());
    }

    [Fact]
    public void A_failed_0002_leaves_the_0001_database_as_it_was()
    {
        MigrateTo0001();
        using (var connection = _database.CreateFactory().OpenConnection())
        {
            // A table 0002 is about to create: the script fails part way and must roll back whole.
            connection.Execute("CREATE TABLE career_profiles (x TEXT)");
            connection.Execute(InsertAt0001, new { Id = Guid.NewGuid().ToString("D"), TenantId = "tenant-1", Name = "CRM rollout", Decision = "project", Stage = "proposed", DecidedAt = "2025-06-01T07:30:15.0000000+00:00" });
        }

        var failure = Assert.Throws<InvalidOperationException>(() => new SqliteMigrator(_database.CreateFactory()).Migrate());

        Assert.Contains("0002_handover_and_careers.sql", failure.Message, StringComparison.Ordinal);
        using var after = _database.CreateFactory().OpenConnection();
        var columns = after.Query<string>("SELECT name FROM pragma_table_info('initiatives')").ToList();
        Assert.DoesNotContain("version", columns);
        Assert.Equal(0L, after.ExecuteScalar<long>("SELECT count(*) FROM sqlite_master WHERE name = 'initiative_name_words'"));
        Assert.Equal(1L, after.ExecuteScalar<long>("SELECT count(*) FROM initiatives"));
        Assert.Equal(0L, after.ExecuteScalar<long>($"SELECT count(*) FROM {SqliteMigrator.JournalTable} WHERE ScriptName = '0002_handover_and_careers.sql'"));
    }

    [Fact]
    public async Task A_0002_database_with_rows_upgrades_to_0003_and_the_digest_sees_them()
    {
        var due = Guid.NewGuid();
        var running = Guid.NewGuid();
        var chat = Guid.NewGuid();
        MigrateTo("0001_initial.sql", "0002_handover_and_careers.sql");
        using (var connection = _database.CreateFactory().OpenConnection())
        {
            connection.Execute(InsertAt0001, new { Id = due.ToString("D"), TenantId = "tenant-1", Name = "CRM rollout", Decision = "project", Stage = "in_project", DecidedAt = "2025-06-02T07:30:15.0000000+00:00" });
            connection.Execute(InsertAt0001, new { Id = running.ToString("D"), TenantId = "tenant-1", Name = "Payroll", Decision = "project", Stage = "in_operations", DecidedAt = "2025-06-01T07:30:15.0000000+00:00" });
            connection.Execute(InsertAt0001, new { Id = chat.ToString("D"), TenantId = "tenant-1", Name = "Chat idea", Decision = "project", Stage = "proposed", DecidedAt = "2025-06-01T07:30:15.0000000+00:00" });
            connection.Execute("UPDATE initiatives SET team_id = 'team-1', handover_date = '2025-07-01', version = 3 WHERE id IN (@Due, @Running)", new { Due = due.ToString("D"), Running = running.ToString("D") });
            connection.Execute("UPDATE initiatives SET conversation_id = 'chat-1' WHERE id = @Chat", new { Chat = chat.ToString("D") });
            connection.Execute("INSERT INTO career_profiles VALUES ('tenant-1', 'user-1', '{\"energy\":\"building\"}', '2025-06-01T07:30:15.0000000+00:00')");
            connection.Execute("INSERT INTO bot_state VALUES ('conversation/1', 'etag-1', '{\"count\":1}', '2024-01-01T00:00:00.0000000+00:00')");
        }

        var ran = new SqliteMigrator(_database.CreateFactory()).Migrate();

        Assert.Equal(["0003_digest.sql", "0004_checkins.sql", "0005_digest_next_run.sql", "0006_digest_mentions.sql", "0007_inbound_events.sql", "0008_pending_messages.sql", "0009_slack_inbound.sql"], ran);
        var store = new SqlInitiativeStore(new SqliteDatabase(_database.CreateFactory()));
        var found = await store.FindAsync("tenant-1", due, CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal(3, found.Version);
        Assert.Equal(new DateOnly(2025, 7, 1), found.HandoverDate);
        // Rows written before 0003 carry the updated_at they were stored with.
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 7, 30, 15, TimeSpan.Zero), found.UpdatedAt);

        // Due and not yet running, in the team; nothing changed since.
        var since = new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal([due], (await store.ListForDigestAsync(new DigestScope("tenant-1", "team-1", "conv-1"), since, new DateOnly(2025, 7, 1), 10, CancellationToken.None)).Select(i => i.Id));
        Assert.Equal([chat], (await store.ListForDigestAsync(new DigestScope("tenant-1", null, "chat-1"), since.AddDays(-2), new DateOnly(2025, 7, 1), 10, CancellationToken.None)).Select(i => i.Id));
        Assert.Equal("building", (await new SqlCareerProfileStore(new SqliteDatabase(_database.CreateFactory())).FindAsync("tenant-1", "user-1", CancellationToken.None))!.Answers["energy"]);

        // The new tables work on the upgraded file.
        var subscriptions = new SqlDigestSubscriptionStore(new SqliteDatabase(_database.CreateFactory()));
        var subscription = await subscriptions.SaveAsync(DigestSubscriptionStoreTests.New(), CancellationToken.None);
        Assert.True(await subscriptions.TryClaimAsync(subscription.Id, new DateOnly(2026, 3, 2), "a", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), CancellationToken.None));
        var interviews = new SqlInterviewLog(new SqliteDatabase(_database.CreateFactory()));
        await interviews.UpsertAsync(new OpenInterview(Guid.NewGuid(), "tenant-1", "team-1", "conv-1", new UserRef("user-1", "Ana"), null, since, since), CancellationToken.None);
        Assert.Single(await interviews.ListStaleAsync(new DigestScope("tenant-1", "team-1", "conv-1"), since.AddDays(1), 10, CancellationToken.None));

        using var after = _database.CreateFactory().OpenConnection();
        Assert.Equal(3L, after.ExecuteScalar<long>("SELECT count(*) FROM initiatives"));
        Assert.Equal("etag-1", after.ExecuteScalar<string>("SELECT etag FROM bot_state WHERE key = 'conversation/1'"));
        Assert.Empty(new SqliteMigrator(_database.CreateFactory()).Migrate());
    }

    [Fact]
    public async Task A_0004_database_with_subscriptions_upgrades_and_its_subscriptions_are_due_until_they_get_a_next_run()
    {
        MigrateTo("0001_initial.sql", "0002_handover_and_careers.sql", "0003_digest.sql", "0004_checkins.sql");
        var id = Guid.NewGuid();
        using (var connection = _database.CreateFactory().OpenConnection())
        {
            connection.Execute("""
                INSERT INTO digest_subscriptions (
                    id, tenant_id, team_id, channel_id, conversation_id, delivery_address, time_of_day, time_zone_id,
                    working_days, skip_quiet_days, active, inactive_reason, created_by_id, created_by_name,
                    created_at, last_posted_at, updated_at)
                VALUES (@Id, 'tenant-1', 'team-1', 'msteams', 'conv-1', '{}', '09:00', 'UTC', '1,2,3,4,5', 0, 1, NULL, 'user-1', 'Ana',
                    '2025-06-01T07:30:15.0000000+00:00', '2026-03-02T09:00:03.0000000+00:00', '2025-06-01T07:30:15.0000000+00:00')
                """, new { Id = id.ToString("D") });
        }

        var ran = new SqliteMigrator(_database.CreateFactory()).Migrate();

        Assert.Equal(["0005_digest_next_run.sql", "0006_digest_mentions.sql", "0007_inbound_events.sql", "0008_pending_messages.sql", "0009_slack_inbound.sql"], ran);
        using var after = _database.CreateFactory().OpenConnection();
        Assert.Null(after.ExecuteScalar<string?>("SELECT next_run_at FROM digest_subscriptions"));
        var indexes = after.Query<string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'digest_subscriptions'").ToList();
        Assert.DoesNotContain("ix_digest_subscriptions_active", indexes);
        Assert.Contains("ix_digest_subscriptions_active_next_run", indexes);

        // Unknown counts as due, whenever the scheduler asks.
        var store = new SqlDigestSubscriptionStore(new SqliteDatabase(_database.CreateFactory()));
        Assert.Equal(id, Assert.Single(await store.ListDueAsync(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), 10, CancellationToken.None)).Id);
        Assert.Equal(new DigestSubscriptionCounts(1, 1), await store.CountActiveAsync(DateTimeOffset.MinValue, CancellationToken.None));

        // Its first post gives it a next run: the working day after.
        Assert.True(await store.TryClaimAsync(id, new DateOnly(2026, 3, 3), "a", new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(5), CancellationToken.None));
        await store.MarkPostedAsync(id, new DateOnly(2026, 3, 3), "a", new DateTimeOffset(2026, 3, 3, 9, 0, 2, TimeSpan.Zero), CancellationToken.None);
        Assert.Equal("2026-03-04T09:00:00.0000000+00:00", after.ExecuteScalar<string?>("SELECT next_run_at FROM digest_subscriptions"));
        Assert.Empty(await store.ListDueAsync(new DateTimeOffset(2026, 3, 4, 8, 59, 0, TimeSpan.Zero), 10, CancellationToken.None));
        Assert.Empty(new SqliteMigrator(_database.CreateFactory()).Migrate());
    }

    /// <summary>What a database created by the previous release looks like: 0001 applied and journaled by DbUp.</summary>
    private void MigrateTo0001() => MigrateTo("0001_initial.sql");

    /// <summary>A database an older release left: these scripts applied and journaled by DbUp, as SqliteMigrator would.</summary>
    private void MigrateTo(params string[] scripts)
    {
        using var connection = _database.CreateFactory().OpenConnection();
        SqliteNameWordFunction.Register(connection);
        using var shared = new SharedConnection(connection);
        var result = DeployChanges.To
            .SqliteDatabase(shared)
            .WithScripts(scripts.Select(name => new SqlScript(name, ReadScript(name))))
            .JournalToSqliteTable(SqliteMigrator.JournalTable)
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        Assert.True(result.Successful, result.Error?.ToString());
    }

    private static string ReadScript(string name)
    {
        using var stream = typeof(SqliteMigrator).Assembly.GetManifestResourceStream("SqliteMigrations/" + name)
            ?? throw new InvalidOperationException($"No embedded script {name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
