using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace PmOpsBot.Storage.Sqlite;

/// <summary>Opens connections to the bot's SQLite database, each configured the same way.</summary>
public sealed class SqliteConnectionFactory
{
    // busy_timeout first: switching to WAL needs a lock, and a second process opening the file at the
    // same moment should wait for it rather than fail.
    // WAL: readers never block the writer and the writer never blocks readers, so two processes
    // (an old and a new instance during a deploy) can share the file.
    // foreign_keys: SQLite leaves them off per connection unless asked.
    // synchronous: FULL (SQLite's default) syncs the WAL on every commit; NORMAL only at checkpoints (see StorageOptions).
    private const string ConnectionPragmas =
        "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;";

    // The pragmas last run on each native connection. Microsoft.Data.Sqlite pools native connections and they keep
    // their settings, so the pragmas run once per native connection, not on every open: they were a tenth of a
    // state write's time. Keyed weakly: a handle the pool drops takes its entry with it. Shared by all factories,
    // since factories with the same connection string share the pool (and may want different settings).
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, string> ConfiguredHandles = new();

    private readonly string _pragmas;

    private readonly string? _databaseDirectory;
    private volatile bool _directoryEnsured;

    /// <param name="relaxedSync">synchronous=NORMAL instead of FULL: much faster commits, the last ones lost on a power cut.</param>
    public SqliteConnectionFactory(string connectionString, bool relaxedSync = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConnectionString = connectionString;
        _pragmas = ConnectionPragmas + (relaxedSync ? " PRAGMA synchronous=NORMAL;" : " PRAGMA synchronous=FULL;");
        _databaseDirectory = FindDatabaseDirectory(new SqliteConnectionStringBuilder(connectionString));
    }

    public string ConnectionString { get; }

    /// <summary>An open, configured connection; the caller disposes it.</summary>
    public SqliteConnection OpenConnection()
    {
        EnsureDatabaseDirectory();
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            connection.Open();
            if (NeedsPragmas(connection))
            {
                using var command = connection.CreateCommand();
                command.CommandText = _pragmas;
                command.ExecuteNonQuery();
                Configured(connection);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>An open, configured connection; the caller disposes it.</summary>
    public async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        EnsureDatabaseDirectory();
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (NeedsPragmas(connection))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = _pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                Configured(connection);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private bool NeedsPragmas(SqliteConnection connection) =>
        connection.Handle is not { } handle || !ConfiguredHandles.TryGetValue(handle, out var applied) || applied != _pragmas;

    private void Configured(SqliteConnection connection)
    {
        if (connection.Handle is { } handle) ConfiguredHandles.AddOrUpdate(handle, _pragmas);
    }

    // SQLite creates a missing database file but not a missing directory, so the first run with
    // "Data Source=data/pmopsbot.db" would fail without this.
    private void EnsureDatabaseDirectory()
    {
        if (_directoryEnsured || _databaseDirectory is null)
        {
            return;
        }

        Directory.CreateDirectory(_databaseDirectory);
        _directoryEnsured = true;
    }

    private static string? FindDatabaseDirectory(SqliteConnectionStringBuilder builder)
    {
        var dataSource = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory
            || string.IsNullOrWhiteSpace(dataSource)
            || dataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase)
            || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            || dataSource.Contains("|DataDirectory|", StringComparison.OrdinalIgnoreCase))
        {
            // In-memory, URI and |DataDirectory| data sources have no plain directory to create here.
            return null;
        }

        return Path.GetDirectoryName(Path.GetFullPath(dataSource));
    }
}
