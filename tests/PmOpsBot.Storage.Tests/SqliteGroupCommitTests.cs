using System.Data.Common;
using Dapper;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly SqliteConnectionFactory _connections;
    private readonly SqliteGroupCommit _writes;

    public SqliteGroupCommitTests()
    {
        _connections = _database.CreateMigratedFactory();
        _writes = new SqliteGroupCommit(_connections);
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Writes_that_queue_up_while_one_commits_share_the_next_transaction_and_are_each_committed()
    {
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = _writes.RunAsync(async (connection, transaction, token) =>
        {
            holding.SetResult();
            await release.Task;
            return await InsertAsync(connection, transaction, "first", token);
        }, CancellationToken.None);
        await holding.Task;

        var seen = new DbTransaction?[10];
        var queued = Enumerable.Range(0, 10).Select(i => _writes.RunAsync(async (connection, transaction, token) =>
        {
            seen[i] = transaction;
            return await InsertAsync(connection, transaction, $"queued-{i}", token);
        }, CancellationToken.None)).ToArray();
        release.SetResult();
        await first;
        await Task.WhenAll(queued);

        Assert.Single(seen.Distinct());
        Assert.Equal(11, Count());
    }

    [Fact]
    public async Task A_write_that_throws_is_rolled_back_alone_and_its_caller_gets_the_exception()
    {
        var (release, blocker) = await HoldTheWriterAsync();

        var before = _writes.RunAsync((connection, transaction, token) => InsertAsync(connection, transaction, "before", token), CancellationToken.None);
        var failing = _writes.RunAsync<int>(async (connection, transaction, token) =>
        {
            await InsertAsync(connection, transaction, "half-done", token);
            throw new InvalidOperationException("refused");
        }, CancellationToken.None);
        var after = _writes.RunAsync((connection, transaction, token) => InsertAsync(connection, transaction, "after", token), CancellationToken.None);
        release.SetResult();

        await Task.WhenAll(blocker, before, after);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("refused", refused.Message);
        Assert.Equal(["after", "before"], Names());
    }

    [Fact]
    public async Task A_write_alone_in_its_transaction_that_throws_leaves_nothing_and_the_next_write_goes_on()
    {
        var failing = _writes.RunAsync<int>(async (connection, transaction, token) =>
        {
            await InsertAsync(connection, transaction, "half-done", token);
            throw new InvalidOperationException("refused");
        }, CancellationToken.None);

        Assert.Equal("refused", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        Assert.Empty(Names());
        await _writes.RunAsync((connection, transaction, token) => InsertAsync(connection, transaction, "next", token), CancellationToken.None);
        Assert.Equal(["next"], Names());
    }

    [Fact]
    public async Task Over_several_full_transactions_in_a_row_each_failing_write_is_rolled_back_alone()
    {
        // More than two transactions' worth queued behind a held write: the writer goes from one to the next on the same
        // connection, with the same savepoint statements.
        var (release, blocker) = await HoldTheWriterAsync();
        var count = 2 * SqliteGroupCommit.MaxBatch + 22;
        var writes = Enumerable.Range(0, count).Select(i => _writes.RunAsync<int>(async (connection, transaction, token) =>
        {
            await InsertAsync(connection, transaction, $"w{i:D3}", token);
            if (i % 10 == 3) throw new InvalidOperationException($"refused {i}");
            return i;
        }, CancellationToken.None)).ToArray();
        release.SetResult();
        await blocker;

        for (var i = 0; i < count; i++)
        {
            if (i % 10 == 3) await Assert.ThrowsAsync<InvalidOperationException>(() => writes[i]);
            else Assert.Equal(i, await writes[i]);
        }

        Assert.Equal(Enumerable.Range(0, count).Where(i => i % 10 != 3).Select(i => $"w{i:D3}"), Names());
    }

    [Fact]
    public async Task When_the_transaction_itself_fails_no_write_in_it_is_reported_done()
    {
        var (release, blocker) = await HoldTheWriterAsync();

        var innocent = _writes.RunAsync((connection, transaction, token) => InsertAsync(connection, transaction, "innocent", token), CancellationToken.None);
        // Ends the shared transaction behind the group commit's back, as a failing disk would.
        var breaking = _writes.RunAsync((connection, transaction, token) =>
            connection.ExecuteAsync(new CommandDefinition("ROLLBACK", transaction: null, cancellationToken: token)), CancellationToken.None);
        release.SetResult();
        await blocker;

        await Assert.ThrowsAnyAsync<Exception>(() => innocent);
        await Assert.ThrowsAnyAsync<Exception>(() => breaking);
        Assert.Empty(Names());

        // The queue goes on with the next writes.
        await _writes.RunAsync((connection, transaction, token) => InsertAsync(connection, transaction, "later", token), CancellationToken.None);
        Assert.Equal(["later"], Names());
    }

    [Fact]
    public async Task A_write_cancelled_while_it_waits_is_not_run()
    {
        var (release, blocker) = await HoldTheWriterAsync();
        using var cancel = new CancellationTokenSource();

        var cancelled = _writes.RunAsync((connection, transaction, token) => InsertAsync(connection, transaction, "cancelled", token), cancel.Token);
        await cancel.CancelAsync();
        release.SetResult();
        await blocker;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Empty(Names());
    }

    [Fact]
    public async Task A_write_cannot_start_another_write()
    {
        var nested = _writes.RunAsync((_, _, token) => _writes.RunAsync((_, _, _) => Task.FromResult(1), token), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => nested);
    }

    [Fact]
    public async Task Many_writers_at_once_all_get_their_rows_committed()
    {
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            _writes.RunAsync((connection, transaction, token) => InsertAsync(connection, transaction, $"writer-{i}", token), CancellationToken.None))));

        Assert.Equal(200, Count());
    }

    private static readonly AsyncLocal<string?> TurnMarker = new();

    [Fact]
    public async Task The_writer_does_not_carry_the_async_locals_of_the_turn_that_started_it()
    {
        TurnMarker.Value = "first turn";
        var seen = await _writes.RunAsync((_, _, _) => Task.FromResult(TurnMarker.Value), CancellationToken.None);

        Assert.Null(seen);
    }

    /// <summary>A write that has started and waits: what is queued after it goes into the next transaction, together.</summary>
    private async Task<(TaskCompletionSource Release, Task<int> Write)> HoldTheWriterAsync()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var write = _writes.RunAsync(async (_, _, _) =>
        {
            started.SetResult();
            await release.Task;
            return 0;
        }, CancellationToken.None);
        await started.Task;
        return (release, write);
    }

    private static Task<int> InsertAsync(DbConnection connection, DbTransaction transaction, string key, CancellationToken token) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO bot_state (key, etag, json, updated_at) VALUES (@Key, 'e', '{}', '2026-11-27T00:00:00Z')",
            new { Key = key }, transaction, cancellationToken: token));

    // Read on a connection of its own: only what was committed.
    private int Count()
    {
        using var connection = _connections.OpenConnection();
        return connection.ExecuteScalar<int>("SELECT count(*) FROM bot_state");
    }

    private List<string> Names()
    {
        using var connection = _connections.OpenConnection();
        return connection.Query<string>("SELECT key FROM bot_state ORDER BY key").ToList();
    }
}
