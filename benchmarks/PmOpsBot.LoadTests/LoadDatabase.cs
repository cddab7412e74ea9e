using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PmOpsBot.LoadTests;

/// <summary>
/// A fresh, empty database for one turns run, shared by every bot process of the run, and removed afterwards:
/// a temporary SQLite file, or a new database <c>pmopsbot_load_&lt;guid&gt;</c> on the PostgreSQL server named by
/// <c>PMOPSBOT_TEST_POSTGRES</c> (start one with <c>eval "$(bash build/postgres.sh start)"</c>).
/// </summary>
public sealed class LoadDatabase : IAsyncDisposable
{
    public const string ServerVariable = "PMOPSBOT_TEST_POSTGRES";

    private readonly Func<ValueTask> _drop;

    private LoadDatabase(DatabaseProvider provider, string connectionString, IReadOnlyDictionary<string, string> hostEnvironment, Func<ValueTask> drop)
    {
        Provider = provider;
        ConnectionString = connectionString;
        HostEnvironment = hostEnvironment;
        _drop = drop;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The environment variables that point a bot process at this database.</summary>
    public IReadOnlyDictionary<string, string> HostEnvironment { get; }

    public static async Task<LoadDatabase> CreateAsync(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => CreateSqlite(),
        DatabaseProvider.Postgres => await CreatePostgresAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    /// <summary>Rows in a table (the interviews that reached their decision leave one row each in <c>initiatives</c>).</summary>
    public async Task<long> CountAsync(string table)
    {
        await using DbConnection connection = Provider == DatabaseProvider.Sqlite ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => _drop();

    private static LoadDatabase CreateSqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pmopsbot-load-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={file}";
        return new LoadDatabase(DatabaseProvider.Sqlite, connectionString,
            new Dictionary<string, string> { ["Storage__Provider"] = "Sqlite", ["Storage__ConnectionString"] = connectionString },
            () =>
            {
                SqliteConnection.ClearAllPools();
                foreach (var path in new[] { file, file + "-wal", file + "-shm" }) File.Delete(path);
                return ValueTask.CompletedTask;
            });
    }

    private static async Task<LoadDatabase> CreatePostgresAsync()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
            throw new InvalidOperationException($"{ServerVariable} is not set; start a server with: eval \"$(bash build/postgres.sh start)\"");

        var name = $"pmopsbot_load_{Guid.NewGuid():N}";
        await AdministerAsync(server, $"CREATE DATABASE {name}");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new LoadDatabase(DatabaseProvider.Postgres, connectionString,
            new Dictionary<string, string> { ["Storage__Provider"] = "Postgres", ["ConnectionStrings__Postgres"] = connectionString },
            async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await AdministerAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            });
    }

    private static async Task AdministerAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
