using Dapper;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteMigratorTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void Migrate_on_a_new_database_runs_every_script_once()
    {
        var migrator = new SqliteMigrator(_database.CreateFactory());

        var first = migrator.Migrate();
        var second = migrator.Migrate();

        Assert.Equal(["0001_initial.sql", "0002_handover_and_careers.sql", "0003_digest.sql", "0004_checkins.sql", "0005_digest_next_run.sql", "0006_digest_mentions.sql", "0007_inbound_events.sql", "0008_pending_messages.sql", "0009_slack_inbound.sql"], first);
        Assert.Equal(SqliteMigrator.KnownScripts, first);
        Assert.Empty(second);
        Assert.True(File.Exists(_database.FilePath));
        using var connection = _database.CreateFactory().OpenConnection();
        var tables = connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").ToList();
        Assert.Contains("bot_state", tables);
        Assert.Contains("initiatives", tables);
        Assert.Contains("initiative_name_words", tables);
        Assert.Contains("career_profiles", tables);
        Assert.Contains("digest_subscriptions", tables);
        Assert.Contains("digest_runs", tables);
        Assert.Contains("open_interviews", tables);
        Assert.Contains(SqliteMigrator.JournalTable, tables);
        var indexes = connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'initiatives'").ToList();
        Assert.Contains("ix_initiatives_tenant_name_key", indexes);
        Assert.Contains("ix_initiatives_tenant_creator_decided", indexes);
        Assert.Contains("ix_initiatives_tenant_handover_date", indexes);
        Assert.Contains("ix_initiatives_tenant_ops_owner", indexes);
        Assert.Contains("ix_initiatives_tenant_project_owner", indexes);
        Assert.Contains("ix_initiatives_awaiting_ops_owner", indexes);
        Assert.Contains("ix_initiatives_tenant_team_updated", indexes);
        Assert.Contains("ix_initiatives_tenant_team_handover_date", indexes);
        Assert.Contains("ix_initiatives_tenant_conversation_updated", indexes);
        Assert.Contains("ix_initiatives_tenant_conversation_handover_date", indexes);
    }

    [Fact]
    public void Migrate_from_a_fresh_migrator_on_a_current_database_runs_nothing()
    {
        new SqliteMigrator(_database.CreateFactory()).Migrate();

        var again = new SqliteMigrator(_database.CreateFactory()).Migrate();

        Assert.Empty(again);
    }

    [Fact]
    public void Migrate_upgrades_an_older_database_without_losing_its_rows()
    {
        // A database from before the registry: bot_state made by hand, an empty journal.
        using (var connection = _database.CreateFactory().OpenConnection())
        {
            connection.Execute("""
                CREATE TABLE bot_state (key TEXT PRIMARY KEY, etag TEXT NOT NULL, json TEXT NOT NULL, updated_at TEXT NOT NULL);
                CREATE TABLE schema_migrations (
                    SchemaVersionID INTEGER CONSTRAINT PK_schema_migrations_SchemaVersionID PRIMARY KEY AUTOINCREMENT NOT NULL,
                    ScriptName TEXT NOT NULL,
                    Applied DATETIME NOT NULL);
                INSERT INTO bot_state VALUES ('conversation/1', 'etag-1', '{"count":1}', '2024-01-01T00:00:00.0000000+00:00');
                INSERT INTO bot_state VALUES ('conversation/2', 'etag-2', '{"count":2}', '2024-01-01T00:00:00.0000000+00:00');
                """);
        }

        var ran = new SqliteMigrator(_database.CreateFactory()).Migrate();

        Assert.Equal(["0001_initial.sql", "0002_handover_and_careers.sql", "0003_digest.sql", "0004_checkins.sql", "0005_digest_next_run.sql", "0006_digest_mentions.sql", "0007_inbound_events.sql", "0008_pending_messages.sql", "0009_slack_inbound.sql"], ran);
        using var after = _database.CreateFactory().OpenConnection();
        var rows = after.Query<(string Key, string ETag, string Json)>("SELECT key, etag, json FROM bot_state ORDER BY key").ToList();
        Assert.Equal(
            [("conversation/1", "etag-1", """{"count":1}"""), ("conversation/2", "etag-2", """{"count":2}""")],
            rows);
        Assert.Equal(0, after.ExecuteScalar<long>("SELECT count(*) FROM initiatives"));
        Assert.Equal(1, after.ExecuteScalar<long>("SELECT count(*) FROM schema_migrations WHERE ScriptName = '0001_initial.sql'"));
    }

    [Fact]
    public void Connections_use_wal_a_busy_timeout_and_foreign_keys()
    {
        using var connection = _database.CreateFactory().OpenConnection();

        Assert.Equal("wal", connection.ExecuteScalar<string>("PRAGMA journal_mode"));
        Assert.Equal(5000L, connection.ExecuteScalar<long>("PRAGMA busy_timeout"));
        Assert.Equal(1L, connection.ExecuteScalar<long>("PRAGMA foreign_keys"));
        Assert.Equal(2L, connection.ExecuteScalar<long>("PRAGMA synchronous")); // FULL: every commit on disk
    }

    [Fact]
    public void A_pooled_connection_keeps_its_settings_and_a_factory_with_other_settings_applies_its_own()
    {
        var full = _database.CreateFactory();
        var relaxed = new SqliteConnectionFactory(full.ConnectionString, relaxedSync: true);
        SQLitePCL.sqlite3? firstHandle = null;

        for (var round = 0; round < 3; round++)
        {
            using (var connection = full.OpenConnection())
            {
                firstHandle ??= connection.Handle;
                Assert.Same(firstHandle, connection.Handle); // the pool hands back the same native connection
                Assert.Equal(2L, connection.ExecuteScalar<long>("PRAGMA synchronous"));
                Assert.Equal(5000L, connection.ExecuteScalar<long>("PRAGMA busy_timeout"));
                Assert.Equal(1L, connection.ExecuteScalar<long>("PRAGMA foreign_keys"));
            }

            using (var connection = relaxed.OpenConnection())
            {
                Assert.Same(firstHandle, connection.Handle);
                Assert.Equal(1L, connection.ExecuteScalar<long>("PRAGMA synchronous"));
                Assert.Equal(1L, connection.ExecuteScalar<long>("PRAGMA foreign_keys"));
            }
        }
    }

    [Theory]
    [InlineData("Full", false, 2L)]
    [InlineData("normal", true, 1L)]
    public void Commits_are_synced_every_time_unless_the_relaxed_setting_is_chosen(string setting, bool relaxed, long pragma)
    {
        Assert.Equal(relaxed, new StorageOptions { SqliteSynchronous = setting }.ParseRelaxedSync());
        using var connection = new SqliteConnectionFactory(_database.CreateFactory().ConnectionString, relaxed).OpenConnection();

        Assert.Equal(pragma, connection.ExecuteScalar<long>("PRAGMA synchronous"));
    }

    [Fact]
    public void Options_default_to_a_file_under_data()
    {
        var options = new StorageOptions();

        Assert.Equal("Storage", StorageOptions.Section);
        Assert.Equal("Data Source=data/pmopsbot.db", options.ConnectionString);
    }
}
