using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace PmOpsBot.Storage.Postgres;

/// <summary>
/// A shared PostgreSQL database for several bot instances. Connections come from one pooled
/// <see cref="NpgsqlDataSource"/> per process.
/// </summary>
public sealed class PostgresDatabase : StorageDatabase, IAsyncDisposable
{
    /// <summary>The advisory lock every write takes when it names no narrower key.</summary>
    private const string AllWrites = "pmopsbot:writes";

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresMigrator>? _migrationLog;

    public PostgresDatabase(string connectionString, ILogger<PostgresMigrator>? migrationLog = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConnectionString = connectionString;
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _migrationLog = migrationLog;
    }

    public string ConnectionString { get; }

    public override StorageProvider Provider => StorageProvider.Postgres;

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken, params IReadOnlyCollection<string> lockKeys)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        try
        {
            // Sorted, so two writers wanting the same keys take them in the same order and cannot deadlock.
            foreach (var key in (lockKeys.Count == 0 ? [AllWrites] : lockKeys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "key";
                parameter.Value = key;
                command.Parameters.Add(parameter);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override IReadOnlyList<string> Migrate() => new PostgresMigrator(ConnectionString, _migrationLog).Migrate();

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
