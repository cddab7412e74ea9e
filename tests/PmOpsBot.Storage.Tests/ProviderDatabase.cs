using Microsoft.Data.Sqlite;
using Npgsql;
using PmOpsBot.Storage.Postgres;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Storage.Tests;

/// <summary>
/// A migrated, empty database of one provider, of the test's own, removed on dispose: a SQLite file in a
/// fresh directory, or a fresh database on the PostgreSQL server the test command starts
/// (<c>PMOPSBOT_TEST_POSTGRES</c>, see build/postgres.sh).
/// </summary>
public sealed class ProviderDatabase : IAsyncDisposable
{
    public const string ServerVariable = "PMOPSBOT_TEST_POSTGRES";
    private readonly List<StorageDatabase> _opened = [];
    private readonly TempDatabase? _sqliteFile;
    private readonly string? _postgresName;

    private ProviderDatabase(StorageProvider provider, string connectionString, TempDatabase? sqliteFile, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
        _postgresName = postgresName;
        Database = OpenAnother();
    }

    public StorageProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The database as a store sees it.</summary>
    public StorageDatabase Database { get; }

    /// <summary>The PostgreSQL server the tests use; a clear failure when none was started.</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                $"No PostgreSQL server for the tests: run the suite with `bash build/test.sh` (it starts one), or `eval \"$(bash build/postgres.sh start)\"` first to set {ServerVariable}.");

    public static async Task<ProviderDatabase> CreateAsync(StorageProvider provider)
    {
        ProviderDatabase database;
        if (provider == StorageProvider.Sqlite)
        {
            var file = new TempDatabase();
            database = new ProviderDatabase(provider, file.ConnectionString, file, null);
        }
        else
        {
            var name = $"pmopsbot_test_{Guid.NewGuid():N}";
            await using (var admin = new NpgsqlConnection(PostgresServer))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
                await create.ExecuteNonQueryAsync();
            }

            var connectionString = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ToString();
            database = new ProviderDatabase(provider, connectionString, null, name);
        }

        database.Database.Migrate();
        return database;
    }

    /// <summary>A second, independent handle on the same database: what another bot instance would open.</summary>
    public StorageDatabase OpenAnother()
    {
        StorageDatabase opened = Provider == StorageProvider.Sqlite
            ? new SqliteDatabase(new SqliteConnectionFactory(ConnectionString))
            : new PostgresDatabase(ConnectionString);
        _opened.Add(opened);
        return opened;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var opened in _opened.OfType<IAsyncDisposable>()) await opened.DisposeAsync();
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            _sqliteFile.Dispose();
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(PostgresServer);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
