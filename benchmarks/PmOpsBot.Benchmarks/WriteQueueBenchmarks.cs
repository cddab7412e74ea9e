using BenchmarkDotNet.Attributes;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Benchmarks;

/// <summary>
/// SQLite's write queue (<see cref="SqliteGroupCommit"/>): <see cref="Writers"/> writes started at once, each one
/// statement (a Slack event id, as the acknowledgement stores one), awaited together. With <c>synchronous=NORMAL</c>, so
/// commits do not wait for the disk and what is measured is the queue's and SQLite's own work per write.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class WriteQueueBenchmarks
{
    private const string InsertSql = "INSERT INTO inbound_events (source, event_id, received_at) VALUES (@Source, @EventId, @ReceivedAt)";

    private string _path = null!;
    private SqliteDatabase _database = null!;
    private long _next;

    [Params(1, 16, 64)]
    public int Writers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"pmopsbot-bench-writes-{Guid.NewGuid():N}.db");
        _database = new SqliteDatabase(new SqliteConnectionFactory($"Data Source={_path}", relaxedSync: true));
        _database.Migrate();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" }) File.Delete(file);
    }

    /// <summary>All <see cref="Writers"/> writes, from start to the last one committed.</summary>
    [Benchmark]
    public Task Writes()
    {
        var writes = new Task[Writers];
        for (var i = 0; i < writes.Length; i++)
        {
            var id = Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
            writes[i] = _database.ExecuteWriteAsync(InsertSql, new { Source = "bench", EventId = id, ReceivedAt = "2026-11-27T09:00:00.0000000+00:00" }, CancellationToken.None);
        }

        return Task.WhenAll(writes);
    }
}
