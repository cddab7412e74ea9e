using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;

namespace PmOpsBot.Benchmarks;

/// <summary>
/// The least a turn that keeps state in SQLite can cost: one read and one update of a 1.6 KB row in a transaction,
/// on one open connection with commands prepared once (no pool, no JSON, no queue), with the bot's two sync settings.
/// With <c>synchronous=FULL</c> (the bot's default) every commit waits for the disk to sync the WAL, which is the floor
/// of an interview turn's latency at concurrency 1 on a given disk.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SqliteCommitFloorBenchmarks
{
    private const int Rows = 256;

    private string _path = null!;
    private SqliteConnection _connection = null!;
    private SqliteCommand _begin = null!;
    private SqliteCommand _select = null!;
    private SqliteCommand _update = null!;
    private SqliteCommand _commit = null!;
    private int _next;

    [Params("FULL", "NORMAL")]
    public string Synchronous { get; set; } = "FULL";

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"pmopsbot-bench-floor-{Guid.NewGuid():N}.db");
        _connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        _connection.Open();
        Execute($"PRAGMA journal_mode=WAL; PRAGMA synchronous={Synchronous}; CREATE TABLE state (key TEXT PRIMARY KEY, etag TEXT NOT NULL, json TEXT NOT NULL);");
        var json = new string('x', 1600);
        for (var i = 0; i < Rows; i++) Execute($"INSERT INTO state VALUES ('key-{i}', 'e', '{json}')");
        _begin = Prepare("BEGIN IMMEDIATE");
        _select = Prepare("SELECT etag, json FROM state WHERE key = $key", "$key");
        _update = Prepare("UPDATE state SET etag = $etag, json = $json WHERE key = $key", "$key", "$etag", "$json");
        _commit = Prepare("COMMIT");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.Dispose();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" }) File.Delete(file);
    }

    /// <summary>BEGIN IMMEDIATE, SELECT the row, UPDATE it with a new ETag, COMMIT.</summary>
    [Benchmark]
    public void ReadUpdateCommit()
    {
        var key = "key-" + (_next++ % Rows).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _begin.ExecuteNonQuery();
        _select.Parameters["$key"].Value = key;
        string json;
        using (var reader = _select.ExecuteReader())
        {
            reader.Read();
            json = reader.GetString(1);
        }

        _update.Parameters["$key"].Value = key;
        _update.Parameters["$etag"].Value = _next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _update.Parameters["$json"].Value = json;
        _update.ExecuteNonQuery();
        _commit.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(name, SqliteType.Text);
        command.Prepare();
        return command;
    }
}
