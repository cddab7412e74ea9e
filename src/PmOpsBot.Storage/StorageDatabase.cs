using System.Data.Common;
using Dapper;

namespace PmOpsBot.Storage;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The database the stores run their SQL on, whichever provider it is. The schema and the SQL are the same
/// on both (see the migrations); what differs is here: how a connection is opened, how writers are kept from
/// interleaving, and how a unique-key violation is recognised.
/// </summary>
public abstract class StorageDatabase
{
    public abstract StorageProvider Provider { get; }

    /// <summary>An open connection; the caller disposes it.</summary>
    public abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A transaction for read-check-write sequences: no other writer touching the same <paramref name="lockKeys"/>
    /// runs between its reads and its writes. SQLite has one writer at a time anyway (BEGIN IMMEDIATE);
    /// PostgreSQL takes a transaction-scoped advisory lock per key (all writers when no key is given), so
    /// instances sharing the database serialise exactly where SQLite would. Stores write through
    /// <see cref="WriteAsync{T}"/>, which takes it (on SQLite, the group commit's one transaction stands for it).
    /// </summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken, params IReadOnlyCollection<string> lockKeys);

    /// <summary>
    /// Runs <paramref name="work"/> in a <see cref="BeginWriteAsync"/> transaction locked on <paramref name="lockKeys"/> (or,
    /// when they are null, a plain transaction: for writes that read nothing first) and returns once it is committed;
    /// if the work throws, nothing it wrote stays. The work must use only the connection
    /// and transaction it is given, and must not start another write. SQLite commits the writes that queue up meanwhile
    /// together (<see cref="Sqlite.SqliteGroupCommit"/>); PostgreSQL runs each in its own transaction.
    /// </summary>
    public virtual async Task<T> WriteAsync<T>(
        IReadOnlyCollection<string>? lockKeys, Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = lockKeys is null
            ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
            : await BeginWriteAsync(connection, cancellationToken, lockKeys).ConfigureAwait(false);
        var result = await work(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>One statement that writes and reads nothing first (<see cref="WriteAsync{T}"/> without locks); returns the rows it changed.</summary>
    public Task<int> ExecuteWriteAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        WriteAsync(lockKeys: null, (connection, transaction, token) =>
            connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: token)), cancellationToken);

    /// <summary>True when <paramref name="exception"/> is an insert that hit a unique or primary key.</summary>
    public abstract bool IsUniqueViolation(Exception exception);

    /// <summary>Brings the schema up to date; returns the scripts that ran now.</summary>
    public abstract IReadOnlyList<string> Migrate();
}
