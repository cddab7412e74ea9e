using Microsoft.Data.Sqlite;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Storage.Tests;

/// <summary>A database file of the test's own, in a directory that does not exist yet; removed on dispose.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string _root;

    public TempDatabase()
    {
        _root = Path.Combine(Path.GetTempPath(), "pmopsbot-storage-tests", Guid.NewGuid().ToString("N"));
        FilePath = Path.Combine(_root, "data", "pmopsbot.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath }.ToString();
    }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public SqliteConnectionFactory CreateFactory() => new(ConnectionString);

    /// <summary>A factory on a migrated database.</summary>
    public SqliteConnectionFactory CreateMigratedFactory()
    {
        var factory = CreateFactory();
        new SqliteMigrator(factory).Migrate();
        return factory;
    }

    public void Dispose()
    {
        // Pooled connections keep the file (and its -wal/-shm companions) open.
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
