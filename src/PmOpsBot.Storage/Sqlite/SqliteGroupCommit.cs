using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace PmOpsBot.Storage.Sqlite;

/// <summary>
/// Group commit for one SQLite file: writes handed to <see cref="RunAsync{T}"/> wait in one queue, and a single writer
/// takes whatever has queued up, runs each in a savepoint of one transaction (a write alone in its transaction needs
/// none), and commits them together. With <c>synchronous=FULL</c> a commit waits for the disk (about a millisecond
/// here), so one commit for everything that queued meanwhile lets turns share that wait instead of lining up for it one
/// by one; and a waiting turn holds no thread (before, each sat in SQLite's busy handler on a pool thread, and the pool
/// grew under load). While writes keep coming the writer keeps its connection, with the savepoint statements prepared
/// once (<c>WriteQueueBenchmarks</c>: 12 to 14 % less time per write with 16 or 64 writers).
/// </summary>
/// <remarks>
/// Nothing is reported written before the commit that holds it is on disk: a crash loses only writes no caller was
/// told about. A write that throws is rolled back to its savepoint and its caller gets the exception; the others in
/// the transaction go on. If the transaction itself fails (the disk, the lock held by another process past
/// busy_timeout), every write in it fails. Written by hand: Microsoft.Data.Sqlite has no group commit of its own.
/// </remarks>
public sealed class SqliteGroupCommit
{
    /// <summary>The most writes one transaction takes: a bound on how long the first of them waits for its commit.</summary>
    public const int MaxBatch = 64;

    private const string Savepoint = "write";

    private static readonly AsyncLocal<bool> InsideWrite = new();

    private readonly SqliteConnectionFactory _connections;
    private readonly Channel<IQueuedWrite> _queue = Channel.CreateUnbounded<IQueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<Task> _writer;

    public SqliteGroupCommit(SqliteConnectionFactory connections)
    {
        _connections = connections;
        _writer = new Lazy<Task>(StartWriter, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction and returns once it is committed. The work must use only the
    /// connection and transaction it is given, and must not start another write (it would wait for itself).
    /// </summary>
    public Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (InsideWrite.Value) throw new InvalidOperationException("A write cannot start another write: it would wait for its own commit.");
        cancellationToken.ThrowIfCancellationRequested();

        var write = new QueuedWrite<T>(work, cancellationToken);
        if (!_queue.Writer.TryWrite(write)) throw new InvalidOperationException("The write queue is closed.");
        _ = _writer.Value;
        return write.Completion;
    }

    // The writer outlives the turn that happens to start it: it must not carry that turn's async-locals (its trace,
    // its logging scope) into every write after.
    private Task StartWriter()
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(WriteLoopAsync);
        }
    }

    private async Task WriteLoopAsync()
    {
        InsideWrite.Value = true;
        var batch = new List<IQueuedWrite>(MaxBatch);
        WriterConnection? connection = null;
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                if (write.CancellationToken.IsCancellationRequested) write.Cancel();
                else batch.Add(write);
            }

            if (batch.Count == 0) continue;
            try
            {
                connection ??= await WriterConnection.OpenAsync(_connections).ConfigureAwait(false);
                await CommitAsync(connection, batch).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                // The transaction is gone, and with it every write in it: none of them happened. The connection may be
                // what failed, so the next batch gets another.
                foreach (var write in batch) write.Fail(exception);
                await CloseAsync(connection).ConfigureAwait(false);
                connection = null;
                continue;
            }

            // Kept while writes keep coming (its savepoint statements stay prepared); given back to the pool when none wait.
            if (!_queue.Reader.TryPeek(out _))
            {
                await CloseAsync(connection).ConfigureAwait(false);
                connection = null;
            }
        }
    }

    private static async Task CloseAsync(WriterConnection? connection)
    {
        if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task CommitAsync(WriterConnection connection, List<IQueuedWrite> batch)
    {
        var outcomes = new Action[batch.Count];
        // BEGIN IMMEDIATE: another process on the same file is waited for (busy_timeout), not failed on.
        await using var transaction = (SqliteTransaction)await connection.Connection.BeginTransactionAsync().ConfigureAwait(false);
        if (batch.Count == 1)
        {
            // Alone in its transaction: rolling the transaction back undoes it, no savepoint needed.
            var (succeeded, tell) = await batch[0].RunAsync(connection.Connection, transaction).ConfigureAwait(false);
            if (succeeded) await transaction.CommitAsync().ConfigureAwait(false);
            else await transaction.RollbackAsync().ConfigureAwait(false);
            tell();
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            await connection.SaveAsync(transaction).ConfigureAwait(false);
            var (succeeded, tell) = await batch[i].RunAsync(connection.Connection, transaction).ConfigureAwait(false);
            if (!succeeded) await connection.RollbackToSavepointAsync(transaction).ConfigureAwait(false);
            await connection.ReleaseAsync(transaction).ConfigureAwait(false);
            outcomes[i] = tell;
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        foreach (var tell in outcomes) tell();
    }

    /// <summary>The writer's connection, with its savepoint statements prepared once instead of for every write.</summary>
    private sealed class WriterConnection : IAsyncDisposable
    {
        private readonly SqliteCommand _save;
        private readonly SqliteCommand _rollback;
        private readonly SqliteCommand _release;

        private WriterConnection(SqliteConnection connection)
        {
            Connection = connection;
            _save = Command($"SAVEPOINT {Savepoint}");
            _rollback = Command($"ROLLBACK TO SAVEPOINT {Savepoint}");
            _release = Command($"RELEASE SAVEPOINT {Savepoint}");
        }

        public SqliteConnection Connection { get; }

        public static async Task<WriterConnection> OpenAsync(SqliteConnectionFactory connections) =>
            new(await connections.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false));

        public Task SaveAsync(SqliteTransaction transaction) => RunAsync(_save, transaction);

        public Task RollbackToSavepointAsync(SqliteTransaction transaction) => RunAsync(_rollback, transaction);

        public Task ReleaseAsync(SqliteTransaction transaction) => RunAsync(_release, transaction);

        public async ValueTask DisposeAsync()
        {
            await _save.DisposeAsync().ConfigureAwait(false);
            await _rollback.DisposeAsync().ConfigureAwait(false);
            await _release.DisposeAsync().ConfigureAwait(false);
            await Connection.DisposeAsync().ConfigureAwait(false);
        }

        private static Task RunAsync(SqliteCommand command, SqliteTransaction transaction)
        {
            command.Transaction = transaction;
            return command.ExecuteNonQueryAsync();
        }

        private SqliteCommand Command(string sql)
        {
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            return command;
        }
    }

    private interface IQueuedWrite
    {
        CancellationToken CancellationToken { get; }

        /// <summary>Runs the work; returns whether it succeeded and how to tell its caller, once the transaction has committed.</summary>
        Task<(bool Succeeded, Action Tell)> RunAsync(DbConnection connection, DbTransaction transaction);

        void Fail(Exception exception);

        void Cancel();
    }

    private sealed class QueuedWrite<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) : IQueuedWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Completion => _completion.Task;

        public CancellationToken CancellationToken => cancellationToken;

        public async Task<(bool Succeeded, Action Tell)> RunAsync(DbConnection connection, DbTransaction transaction)
        {
            try
            {
                var result = await work(connection, transaction, cancellationToken).ConfigureAwait(false);
                return (true, () => _completion.TrySetResult(result));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return (false, Cancel);
            }
            catch (Exception exception)
            {
                return (false, () => _completion.TrySetException(exception));
            }
        }

        public void Fail(Exception exception) => _completion.TrySetException(exception);

        public void Cancel() => _completion.TrySetCanceled(cancellationToken);
    }
}
