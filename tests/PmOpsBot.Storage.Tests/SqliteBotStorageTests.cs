using Dapper;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PmOpsBot.Storage.Sqlite;
using Xunit.Abstractions;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteBotStorageTests : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly SqliteConnectionFactory _factory;
    private readonly SqliteBotStorage _storage;

    private readonly ITestOutputHelper _output;

    public SqliteBotStorageTests(ITestOutputHelper output)
    {
        _output = output;
        _factory = _database.CreateMigratedFactory();
        _storage = new SqliteBotStorage(_factory);
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Read_returns_a_written_item_as_its_own_type()
    {
        var written = new CounterItem
        {
            Count = 3,
            Notes = ["first", "second"],
            Tally = new() { ["yes"] = 2, ["no"] = 1 },
            Colour = Colour.Green,
            At = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)),
            Extra = new InterviewNotes { Answers = ["nested"] },
        };

        await _storage.WriteAsync(new Dictionary<string, object> { ["counter"] = written });
        var read = await _storage.ReadAsync(["counter"]);

        var item = Assert.IsType<CounterItem>(read["counter"]);
        Assert.Equal(3, item.Count);
        Assert.Equal(["first", "second"], item.Notes);
        Assert.Equal(new Dictionary<string, int> { ["yes"] = 2, ["no"] = 1 }, item.Tally);
        Assert.Equal(Colour.Green, item.Colour);
        Assert.Equal(written.At, item.At);
        Assert.Equal(["nested"], Assert.IsType<InterviewNotes>(item.Extra).Answers);
        Assert.False(string.IsNullOrEmpty(item.ETag));
        Assert.Equal(written.ETag, item.ETag);
    }

    [Fact]
    public async Task Each_write_stores_a_new_etag_and_sets_it_on_the_written_item()
    {
        var item = new CounterItem { Count = 1 };

        await Write("counter", item);
        var firstETag = item.ETag;
        item.Count = 2;
        await Write("counter", item);

        Assert.NotNull(firstETag);
        Assert.NotEqual(firstETag, item.ETag);
        Assert.Equal(item.ETag, (await ReadCounter("counter"))!.ETag);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_throws_and_keeps_the_stored_item()
    {
        await Write("counter", new CounterItem { Count = 1 });
        var mine = (await ReadCounter("counter"))!;
        var theirs = (await ReadCounter("counter"))!;
        theirs.Count = 10;
        await Write("counter", theirs);
        var staleETag = mine.ETag;

        mine.Count = 2;
        var conflict = await Assert.ThrowsAsync<StorageConcurrencyException>(() => Write("counter", mine));

        Assert.Contains("ETag conflict", conflict.Message, StringComparison.Ordinal);
        Assert.Equal("counter", conflict.Key);
        Assert.Equal(staleETag, conflict.ExpectedETag);
        Assert.Equal(theirs.ETag, conflict.StoredETag);
        Assert.Equal(staleETag, mine.ETag);
        Assert.Equal(10, (await ReadCounter("counter"))!.Count);
    }

    [Theory]
    [InlineData("*")]
    [InlineData(null)]
    public async Task A_wildcard_or_missing_etag_overwrites(string? eTag)
    {
        await Write("counter", new CounterItem { Count = 1 });
        await Write("counter", new CounterItem { Count = 2 });

        await Write("counter", new CounterItem { Count = 3, ETag = eTag });

        Assert.Equal(3, (await ReadCounter("counter"))!.Count);
    }

    [Fact]
    public async Task An_empty_etag_creates_only_when_nothing_is_stored()
    {
        await Write("counter", new CounterItem { Count = 1, ETag = "" });

        await Assert.ThrowsAsync<StorageConcurrencyException>(() => Write("counter", new CounterItem { Count = 2, ETag = "" }));
        Assert.Equal(1, (await ReadCounter("counter"))!.Count);
    }

    [Fact]
    public async Task A_known_etag_on_a_deleted_item_recreates_it()
    {
        await Write("counter", new CounterItem { Count = 1 });
        var item = (await ReadCounter("counter"))!;
        await _storage.DeleteAsync(["counter"]);

        item.Count = 2;
        await Write("counter", item);

        Assert.Equal(2, (await ReadCounter("counter"))!.Count);
    }

    [Fact]
    public async Task A_conflict_leaves_every_change_of_the_same_call_unwritten()
    {
        await Write("counter", new CounterItem { Count = 1 });
        var stale = (await ReadCounter("counter"))!;
        await Write("counter", new CounterItem { Count = 2 });
        var other = new CounterItem { Count = 7 };

        await Assert.ThrowsAsync<StorageConcurrencyException>(() => _storage.WriteAsync(new Dictionary<string, object>
        {
            ["other"] = other,
            ["counter"] = stale,
        }));

        Assert.Empty(await _storage.ReadAsync(["other"]));
        Assert.Null(other.ETag);
    }

    [Fact]
    public async Task Dictionaries_and_jobjects_with_an_etag_entry_are_checked_too()
    {
        var bag = new Dictionary<string, object> { ["ETag"] = "*", ["value"] = 1L };
        var json = new JObject { ["eTag"] = "*", ["value"] = 1 };
        await _storage.WriteAsync(new Dictionary<string, object> { ["bag"] = bag, ["json"] = json });
        var bagETag = (string)bag["ETag"];
        var jsonETag = (string?)json["eTag"];
        Assert.NotEqual("*", bagETag);
        Assert.NotEqual("*", jsonETag);

        var read = await _storage.ReadAsync(["bag", "json"]);
        Assert.Equal(bagETag, Assert.IsType<Dictionary<string, object>>(read["bag"])["ETag"]);
        Assert.Equal(jsonETag, (string?)Assert.IsType<JObject>(read["json"])["eTag"]);

        await Assert.ThrowsAsync<StorageConcurrencyException>(() => _storage.WriteAsync(new Dictionary<string, object>
        {
            ["bag"] = new Dictionary<string, object> { ["ETag"] = "stale", ["value"] = 2L },
        }));
        await Assert.ThrowsAsync<StorageConcurrencyException>(() => _storage.WriteAsync(new Dictionary<string, object>
        {
            ["json"] = new JObject { ["eTag"] = "stale", ["value"] = 2 },
        }));
    }

    [Fact]
    public async Task Items_without_an_etag_are_last_writer_wins()
    {
        await Write("notes", new InterviewNotes { Answers = ["a"] });
        await Write("notes", new InterviewNotes { Answers = ["b"] });

        var read = await _storage.ReadAsync(["notes"]);

        Assert.Equal(["b"], Assert.IsType<InterviewNotes>(read["notes"]).Answers);
    }

    [Fact]
    public async Task Delete_removes_items_and_ignores_unknown_keys()
    {
        await Write("a", new CounterItem { Count = 1 });
        await Write("b", new CounterItem { Count = 2 });

        await _storage.DeleteAsync(["a", "never-written"]);

        var read = await _storage.ReadAsync(["a", "b"]);
        Assert.Equal(["b"], read.Keys);
    }

    [Fact]
    public async Task Writing_null_deletes_the_key()
    {
        await Write("a", new CounterItem { Count = 1 });

        await _storage.WriteAsync(new Dictionary<string, object> { ["a"] = null! });

        Assert.Empty(await _storage.ReadAsync(["a"]));
    }

    [Fact]
    public async Task Read_leaves_out_keys_with_nothing_stored()
    {
        await Write("present", new CounterItem { Count = 1 });

        var read = await _storage.ReadAsync(["missing", "present", "present", "also-missing"]);

        Assert.Equal(["present"], read.Keys);
        Assert.Empty(await _storage.ReadAsync([]));
    }

    [Fact]
    public async Task Null_arguments_are_rejected()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => _storage.ReadAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _storage.WriteAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _storage.DeleteAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => _storage.ReadAsync([null!]));
        await Assert.ThrowsAsync<ArgumentException>(() => _storage.DeleteAsync([null!]));
    }

    [Theory]
    [InlineData("System.Diagnostics.Process, System.Diagnostics.Process")]
    [InlineData("System.Collections.Generic.List`1[[System.Diagnostics.Process, System.Diagnostics.Process]], System.Private.CoreLib")]
    [InlineData("System.Text.StringBuilder, System.Private.CoreLib")]
    [InlineData("Microsoft.Bot.Builder.MemoryStorage, Microsoft.Bot.Builder")]
    public async Task Read_refuses_stored_type_names_outside_the_allow_list(string typeName)
    {
        using (var connection = _factory.OpenConnection())
        {
            connection.Execute(
                "INSERT INTO bot_state (key, etag, json, updated_at) VALUES ('evil', 'e1', @Json, '2025-01-01T00:00:00.0000000+00:00')",
                new { Json = new JObject { ["$type"] = typeName }.ToString() });
        }

        var refused = await Assert.ThrowsAsync<JsonSerializationException>(() => _storage.ReadAsync(["evil"]));

        Assert.Contains("not allowed", refused.Message + refused.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Types_from_assemblies_outside_the_configured_prefixes_are_refused_both_ways()
    {
        await Write("counter", new CounterItem { Count = 1 });
        var restricted = new SqliteBotStorage(_factory, allowedAssemblyPrefixes: ["PmOpsBot.Core"]);

        await Assert.ThrowsAsync<JsonSerializationException>(() => restricted.ReadAsync(["counter"]));
        await Assert.ThrowsAsync<JsonSerializationException>(() =>
            restricted.WriteAsync(new Dictionary<string, object> { ["other"] = new CounterItem() }));
        Assert.Empty(await _storage.ReadAsync(["other"]));
    }

    [Fact]
    public async Task Conversation_state_keeps_typed_properties_across_turns()
    {
        var conversationState = new ConversationState(_storage);
        var notes = conversationState.CreateProperty<InterviewNotes>("notes");
        var adapter = new TestAdapter(TestAdapter.CreateConversation("storage-test"))
            .Use(new AutoSaveStateMiddleware(conversationState));

        await new TestFlow(adapter, async (turn, cancellationToken) =>
            {
                var current = await notes.GetAsync(turn, () => new InterviewNotes(), cancellationToken);
                current.Answers.Add(turn.Activity.Text);
                await turn.SendActivityAsync(string.Join(",", current.Answers), cancellationToken: cancellationToken);
            })
            .Send("a").AssertReply("a")
            .Send("b").AssertReply("a,b")
            .StartTestAsync();

        using var connection = _factory.OpenConnection();
        var key = Assert.Single(connection.Query<string>("SELECT key FROM bot_state"));
        var reopened = new SqliteBotStorage(_database.CreateFactory());
        var state = Assert.IsType<Dictionary<string, object>>((await reopened.ReadAsync([key]))[key]);
        Assert.Equal(["a", "b"], Assert.IsType<InterviewNotes>(state["notes"]).Answers);
    }

    [Fact]
    public async Task Two_storages_on_the_same_file_never_lose_an_increment()
    {
        // Separate factories, storages and connection pools (the second does not pool at all), as two
        // processes sharing the file would have.
        var first = new SqliteBotStorage(_database.CreateFactory());
        var second = new SqliteBotStorage(new SqliteConnectionFactory(_database.ConnectionString + ";Pooling=False"));
        const int incrementsPerWriter = 50;
        var startTogether = new Barrier(2);

        var conflicts = await Task.WhenAll(
            Task.Run(() => IncrementRepeatedly(first, incrementsPerWriter, startTogether)),
            Task.Run(() => IncrementRepeatedly(second, incrementsPerWriter, startTogether)));

        var counter = (await ReadCounter("shared-counter"))!;
        Assert.Equal(2 * incrementsPerWriter, counter.Count);
        Assert.Equal(2 * incrementsPerWriter, counter.Notes.Distinct().Count());
        _output.WriteLine($"conflicts retried: {conflicts[0]} + {conflicts[1]}");
        // Without any conflict the writers never overlapped and the test proved nothing.
        Assert.True(conflicts.Sum() > 0, "the two writers never raced");
    }

    private static async Task<int> IncrementRepeatedly(SqliteBotStorage storage, int increments, Barrier startTogether)
    {
        startTogether.SignalAndWait(TimeSpan.FromSeconds(10));
        var writer = Guid.NewGuid().ToString("N");
        var conflicts = 0;
        for (var done = 0; done < increments;)
        {
            var read = await storage.ReadAsync(["shared-counter"]);
            // "" rather than null for a new item: create it only if the other writer has not.
            var counter = read.TryGetValue("shared-counter", out var existing) ? (CounterItem)existing : new CounterItem { ETag = "" };
            counter.Count++;
            counter.Notes.Add($"{writer}:{done}");

            // Widens the read-to-write window so the other writer gets in between.
            await Task.Delay(1);
            try
            {
                await storage.WriteAsync(new Dictionary<string, object> { ["shared-counter"] = counter });
                done++;
            }
            catch (StorageConcurrencyException)
            {
                conflicts++;
            }
        }

        return conflicts;
    }

    private Task Write(string key, object item) =>
        _storage.WriteAsync(new Dictionary<string, object> { [key] = item });

    private async Task<CounterItem?> ReadCounter(string key) =>
        (await _storage.ReadAsync([key])).TryGetValue(key, out var item) ? (CounterItem)item : null;
}
