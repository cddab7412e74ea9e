using Npgsql;
using PmOpsBot.Storage.Postgres;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Storage.Tests;

public sealed class PostgresMigratorTests
{
    [Fact]
    public void Postgres_has_the_same_numbered_history_as_sqlite() =>
        Assert.Equal(SqliteMigrator.KnownScripts, PostgresMigrator.KnownScripts);

    [Fact]
    public async Task A_new_database_gets_every_script_once_and_a_second_run_changes_nothing()
    {
        await using var database = await ProviderDatabase.CreateAsync(StorageProvider.Postgres);

        Assert.Empty(database.OpenAnother().Migrate());
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var journal = new NpgsqlCommand($"SELECT scriptname FROM {PostgresMigrator.JournalTable} ORDER BY scriptname", connection);
        var applied = new List<string>();
        await using (var reader = await journal.ExecuteReaderAsync())
            while (await reader.ReadAsync()) applied.Add(reader.GetString(0));
        Assert.Equal(PostgresMigrator.KnownScripts, applied);
    }

    [Fact]
    public async Task Instances_starting_together_apply_the_scripts_once_between_them()
    {
        var name = $"pmopsbot_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(ProviderDatabase.PostgresServer))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(ProviderDatabase.PostgresServer) { Database = name }.ToString();
            var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new PostgresMigrator(connectionString).Migrate())));
            Assert.Equal(PostgresMigrator.KnownScripts, runs.SelectMany(r => r).Order(StringComparer.Ordinal));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(ProviderDatabase.PostgresServer);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
