using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace PmOpsBot.Storage.Sqlite;

/// <summary>The embedded default: one SQLite file.</summary>
public sealed class SqliteDatabase(SqliteConnectionFactory connections, ILogger<SqliteMigrator>? migrationLog = null) : StorageDatabase
{
    private readonly SqliteGroupCommit _groupCommit = new(connections);

    public SqliteConnectionFactory Connections { get; } = connections;

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await Connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    // Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE: the file's one write lock is taken up front, so every
    // write transaction is already serialised with every other, whatever the keys. (Writes go through the group
    // commit below, which begins its transactions the same way; this is what the base class's contract asks for.)
    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken, params IReadOnlyCollection<string> lockKeys) =>
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    // One writer at a time per file anyway: the lock keys have nothing to add.
    public override Task<T> WriteAsync<T>(
        IReadOnlyCollection<string>? lockKeys, Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        _groupCommit.RunAsync(work, cancellationToken);

    public override bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: SQLitePCL.raw.SQLITE_CONSTRAINT_PRIMARYKEY or SQLitePCL.raw.SQLITE_CONSTRAINT_UNIQUE };

    public override IReadOnlyList<string> Migrate() => new SqliteMigrator(Connections, migrationLog).Migrate();
}
