using System.Text.Json.Serialization;
using Dapper;
using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteSourceGeneratedStateTests() : SourceGeneratedStateTests(StorageProvider.Sqlite);

public sealed class PostgresSourceGeneratedStateTests() : SourceGeneratedStateTests(StorageProvider.Postgres);

/// <summary>State types written and read with System.Text.Json (<see cref="SourceGeneratedStateType"/>) next to Newtonsoft's rows.</summary>
public abstract class SourceGeneratedStateTests(StorageProvider provider) : IAsyncLifetime
{
    private const string TypeName = "PmOpsBot.Storage.Tests.TypedCounter, PmOpsBot.Storage.Tests";

    private ProviderDatabase? _database;
    private SqlBotStorage _generated = null!;
    private SqlBotStorage _newtonsoft = null!;

    private ProviderDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _generated = new SqlBotStorage(_database.Database, sourceGeneratedTypes: [SourceGeneratedStateType.For(TestStateJson.Default.TypedCounter)]);
        _newtonsoft = new SqlBotStorage(_database.Database);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_registered_type_round_trips_and_its_row_names_its_type_and_its_writer()
    {
        await _generated.WriteAsync(new Dictionary<string, object> { ["c"] = Sample() });

        var read = Assert.IsType<TypedCounter>((await _generated.ReadAsync(["c"]))["c"]);

        Assert.Equal(Describe(Sample()), Describe(read));
        Assert.False(string.IsNullOrEmpty(read.ETag));
        Assert.StartsWith($"{{\"$type\":\"{TypeName}\",\"$format\":\"stj\",\"Count\":3,", await StoredJsonAsync("c"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Either_writer_reads_the_rows_of_the_other()
    {
        await _generated.WriteAsync(new Dictionary<string, object> { ["by-generated"] = Sample() });
        await _newtonsoft.WriteAsync(new Dictionary<string, object> { ["by-newtonsoft"] = Sample() });

        var readByNewtonsoft = Assert.IsType<TypedCounter>((await _newtonsoft.ReadAsync(["by-generated"]))["by-generated"]);
        var readByGenerated = Assert.IsType<TypedCounter>((await _generated.ReadAsync(["by-newtonsoft"]))["by-newtonsoft"]);

        Assert.Equal(Describe(Sample()), Describe(readByNewtonsoft));
        Assert.Equal(Describe(Sample()), Describe(readByGenerated));
        Assert.DoesNotContain("$format", await StoredJsonAsync("by-newtonsoft"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_old_row_with_type_names_on_everything_is_read_as_before()
    {
        // Newtonsoft's TypeNameHandling.All puts a "$type" entry inside the dictionary and wraps lists in "$values": read
        // through System.Text.Json it would gain a "$type" key or fail, so such rows stay on Newtonsoft's path.
        var json = JsonConvert.SerializeObject(Sample(), typeof(object), new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All });
        Assert.Contains("$values", json, StringComparison.Ordinal);
        await using (var connection = await Database.Database.OpenConnectionAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(
                "INSERT INTO bot_state (key, etag, json, updated_at) VALUES ('old', 'e-old', @Json, '2025-01-01T00:00:00.0000000+00:00')", new { Json = json });
        }

        var read = Assert.IsType<TypedCounter>((await _generated.ReadAsync(["old"]))["old"]);

        Assert.Equal(Describe(Sample()), Describe(read));
        Assert.Equal("e-old", read.ETag);
    }

    [Fact]
    public async Task A_stale_etag_is_still_refused()
    {
        await _generated.WriteAsync(new Dictionary<string, object> { ["c"] = Sample() });
        var first = Assert.IsType<TypedCounter>((await _generated.ReadAsync(["c"]))["c"]);
        var second = Assert.IsType<TypedCounter>((await _generated.ReadAsync(["c"]))["c"]);
        first.Count = 4;
        await _generated.WriteAsync(new Dictionary<string, object> { ["c"] = first });

        second.Count = 5;
        await Assert.ThrowsAsync<PmOpsBot.Storage.Sqlite.StorageConcurrencyException>(() => _generated.WriteAsync(new Dictionary<string, object> { ["c"] = second }));
        Assert.Equal(4, Assert.IsType<TypedCounter>((await _newtonsoft.ReadAsync(["c"]))["c"]).Count);
    }

    private static TypedCounter Sample() => new()
    {
        Count = 3,
        Notes = ["first", "second “quoted”"],
        Tally = new() { ["yes"] = 2, ["no"] = 1 },
        Colour = Colour.Green,
        At = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)),
        Nested = new InterviewNotes { Answers = ["nested"] },
        Missing = null,
        Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
    };

    private static string Describe(TypedCounter item) =>
        $"{item.Count}|{string.Join(",", item.Notes)}|{string.Join(",", item.Tally.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value}"))}|{item.Colour}|{item.At:O}|{string.Join(",", item.Nested?.Answers ?? [])}|{item.Missing ?? "null"}|{item.Id}";

    private async Task<string> StoredJsonAsync(string key)
    {
        await using var connection = await Database.Database.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string>("SELECT json FROM bot_state WHERE key = @Key", new { Key = key }) ?? "";
    }
}

/// <summary>A state item whose every member System.Text.Json and Newtonsoft both read the same way.</summary>
public sealed class TypedCounter : IStoreItem
{
    public int Count { get; set; }

    public string? ETag { get; set; }

    public List<string> Notes { get; set; } = [];

    public Dictionary<string, int> Tally { get; set; } = [];

    public Colour Colour { get; set; }

    public DateTimeOffset At { get; set; }

    public InterviewNotes? Nested { get; set; }

    public string? Missing { get; set; }

    public Guid? Id { get; set; }
}

[JsonSerializable(typeof(TypedCounter))]
internal sealed partial class TestStateJson : JsonSerializerContext;
