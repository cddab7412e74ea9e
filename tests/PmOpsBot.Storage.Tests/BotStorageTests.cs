using Dapper;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;
using Xunit.Abstractions;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteBotStorageTests(ITestOutputHelper output) : BotStorageTests(StorageProvider.Sqlite, output)
{
    // Every other instance without a connection pool at all, as a second process sharing the file would have.
    protected override StorageDatabase AnotherInstance(int index) =>
        index % 2 == 0 ? Database.OpenAnother() : new SqliteDatabase(new SqliteConnectionFactory(Database.ConnectionString + ";Pooling=False"));
}

public sealed class PostgresBotStorageTests(ITestOutputHelper output) : BotStorageTests(StorageProvider.Postgres, output);

public abstract class BotStorageTests(StorageProvider provider, ITestOutputHelper output) : IAsyncLifetime
{
    private ProviderDatabase? _database;
    private SqlBotStorage _storage = null!;

    protected ProviderDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _storage = new SqlBotStorage(_database.Database);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>The database handle of another bot instance, the <paramref name="index"/>th of a test.</summary>
    protected virtual StorageDatabase AnotherInstance(int index) => Database.OpenAnother();

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
    public async Task Type_names_are_written_only_where_the_declared_type_does_not_say_it()
    {
        await Write("counter", new CounterItem { Count = 1, Notes = ["a"], Tally = new() { ["x"] = 1 }, Extra = new InterviewNotes { Answers = ["b"] } });

        var json = await StoredJsonAsync("counter");

        // The item itself (stored as an object) and the object-typed Extra; not the list, the dictionary or their contents.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(json, "\\$type"));
    }

    [Fact]
    public async Task A_row_written_with_a_type_name_on_everything_still_reads_as_its_own_type()
    {
        var old = new CounterItem { Count = 7, Notes = ["kept"], Tally = new() { ["yes"] = 1 }, Extra = new InterviewNotes { Answers = ["nested"] }, ETag = "e-old" };
        var json = JsonConvert.SerializeObject(old, typeof(object), new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All });
        await using (var connection = await Database.Database.OpenConnectionAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(
                "INSERT INTO bot_state (key, etag, json, updated_at) VALUES ('counter', 'e-old', @Json, '2025-01-01T00:00:00.0000000+00:00')",
                new { Json = json });
        }

        var item = Assert.IsType<CounterItem>((await _storage.ReadAsync(["counter"]))["counter"]);

        Assert.Equal((7, "kept", 1), (item.Count, Assert.Single(item.Notes), item.Tally["yes"]));
        Assert.Equal(["nested"], Assert.IsType<InterviewNotes>(item.Extra).Answers);
    }

    private async Task<string> StoredJsonAsync(string key)
    {
        await using var connection = await Database.Database.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string>("SELECT json FROM bot_state WHERE key = @Key", new { Key = key }) ?? "";
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
        await using (var connection = await Database.Database.OpenConnectionAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(
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
        var restricted = new SqlBotStorage(Database.Database, allowedAssemblyPrefixes: ["PmOpsBot.Core"]);

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

        await using var connection = await Database.Database.OpenConnectionAsync(CancellationToken.None);
        var key = Assert.Single(await connection.QueryAsync<string>("SELECT key FROM bot_state"));
        var reopened = new SqlBotStorage(Database.OpenAnother());
        var state = Assert.IsType<Dictionary<string, object>>((await reopened.ReadAsync([key]))[key]);
        Assert.Equal(["a", "b"], Assert.IsType<InterviewNotes>(state["notes"]).Answers);
    }

    [Theory]
    [InlineData(2, 50)]
    [InlineData(8, 15)]
    public async Task Concurrent_instances_never_lose_an_increment(int writers, int incrementsPerWriter)
    {
        // Separate database handles, storages and connection pools, as separate bot instances sharing the
        // database would have. Each writer re-reads after a conflict and writes with the fresh ETag.
        var storages = Enumerable.Range(0, writers).Select(index => new SqlBotStorage(AnotherInstance(index))).ToArray();
        var startTogether = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var running = storages.Select(storage => Task.Run(() => IncrementRepeatedly(storage, incrementsPerWriter, startTogether.Task))).ToArray();
        startTogether.SetResult();
        var conflicts = await Task.WhenAll(running);

        var counter = (await ReadCounter("shared-counter"))!;
        Assert.Equal(writers * incrementsPerWriter, counter.Count);
        Assert.Equal(writers * incrementsPerWriter, counter.Notes.Distinct().Count());
        output.WriteLine($"conflicts retried: {string.Join(" + ", conflicts)}");
        // Without any conflict the writers never overlapped and the test proved nothing.
        Assert.True(conflicts.Sum() > 0, "the writers never raced");
    }

    [Fact]
    public async Task Two_instances_writing_the_same_key_with_the_same_etag_exactly_one_wins()
    {
        var first = new SqlBotStorage(AnotherInstance(0));
        var second = new SqlBotStorage(AnotherInstance(1));
        await Write("contested", new CounterItem { Count = 0 });

        for (var round = 0; round < 20; round++)
        {
            var mine = (await ReadCounter(first, "contested"))!;
            var theirs = (await ReadCounter(second, "contested"))!;
            var readETag = mine.ETag;
            Assert.Equal(readETag, theirs.ETag);
            mine.Count = (2 * round) + 1;
            theirs.Count = (2 * round) + 2;

            var (winner, loser, conflict) = await Race(first, mine, second, theirs, "contested");

            Assert.Equal(readETag, conflict.ExpectedETag);
            Assert.Equal(winner.ETag, conflict.StoredETag);
            Assert.NotEqual(readETag, winner.ETag);
            Assert.Equal(readETag, loser.ETag);
            var stored = (await ReadCounter("contested"))!;
            Assert.Equal(winner.Count, stored.Count);
            Assert.Equal(winner.ETag, stored.ETag);
        }
    }

    [Fact]
    public async Task Two_instances_creating_the_same_key_with_an_empty_etag_exactly_one_wins()
    {
        var first = new SqlBotStorage(AnotherInstance(0));
        var second = new SqlBotStorage(AnotherInstance(1));

        for (var round = 0; round < 20; round++)
        {
            var key = $"created-{round}";
            var (winner, loser, conflict) = await Race(
                first, new CounterItem { Count = 1, ETag = "" },
                second, new CounterItem { Count = 2, ETag = "" },
                key);

            Assert.Equal("", conflict.ExpectedETag);
            Assert.Equal(winner.ETag, conflict.StoredETag);
            Assert.Equal("", loser.ETag);
            var stored = (await ReadCounter(key))!;
            Assert.Equal(winner.Count, stored.Count);
            Assert.Equal(winner.ETag, stored.ETag);
        }
    }

    [Fact]
    public async Task Instances_writing_and_deleting_overlapping_keys_in_any_order_neither_deadlock_nor_fail()
    {
        string[] keys = ["k1", "k2", "k3"];
        var startTogether = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = Enumerable.Range(0, 4).Select(index =>
        {
            var storage = new SqlBotStorage(AnotherInstance(index));
            var order = index % 2 == 0 ? keys : keys.Reverse().ToArray();
            return Task.Run(async () =>
            {
                await startTogether.Task;
                for (var i = 0; i < 20; i++)
                {
                    if (i % 5 == 4)
                    {
                        await storage.DeleteAsync(order);
                        continue;
                    }

                    // Wildcard ETags: every write overwrites, none may fail.
                    await storage.WriteAsync(order.ToDictionary(key => key, _ => (object)new CounterItem { Count = i, ETag = "*" }));
                }
            });
        }).ToArray();
        startTogether.SetResult();

        await Task.WhenAll(running);
    }

    /// <summary>Writes both items to <paramref name="key"/> at once, from two instances; exactly one must get a conflict.</summary>
    private static async Task<(CounterItem Winner, CounterItem Loser, StorageConcurrencyException Conflict)> Race(
        SqlBotStorage first, CounterItem firstItem, SqlBotStorage second, CounterItem secondItem, string key)
    {
        var startTogether = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstWrite = Task.Run(() => TryWrite(first, key, firstItem, startTogether.Task));
        var secondWrite = Task.Run(() => TryWrite(second, key, secondItem, startTogether.Task));
        startTogether.SetResult();
        var conflicts = await Task.WhenAll(firstWrite, secondWrite);

        Assert.Single(conflicts, conflict => conflict is null);
        return conflicts[0] is null
            ? (firstItem, secondItem, conflicts[1]!)
            : (secondItem, firstItem, conflicts[0]!);
    }

    private static async Task<StorageConcurrencyException?> TryWrite(SqlBotStorage storage, string key, CounterItem item, Task start)
    {
        await start;
        try
        {
            await storage.WriteAsync(new Dictionary<string, object> { [key] = item });
            return null;
        }
        catch (StorageConcurrencyException conflict)
        {
            return conflict;
        }
    }

    private static async Task<int> IncrementRepeatedly(SqlBotStorage storage, int increments, Task start)
    {
        await start;
        var writer = Guid.NewGuid().ToString("N");
        var conflicts = 0;
        for (var done = 0; done < increments;)
        {
            var read = await storage.ReadAsync(["shared-counter"]);
            // "" rather than null for a new item: create it only if another writer has not.
            var counter = read.TryGetValue("shared-counter", out var existing) ? (CounterItem)existing : new CounterItem { ETag = "" };
            counter.Count++;
            counter.Notes.Add($"{writer}:{done}");

            // Widens the read-to-write window so another writer gets in between.
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

    private Task<CounterItem?> ReadCounter(string key) => ReadCounter(_storage, key);

    private static async Task<CounterItem?> ReadCounter(SqlBotStorage storage, string key) =>
        (await storage.ReadAsync([key])).TryGetValue(key, out var item) ? (CounterItem)item : null;
}
