using BenchmarkDotNet.Attributes;
using Microsoft.Bot.Builder;
using PmOpsBot.Bot.State;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Interview;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Benchmarks;

/// <summary>
/// One conversation's state as an interview turn reads and writes it (<see cref="SqlBotStorage"/> behind
/// <see cref="ChatStateStore"/>): a document halfway through an interview, about 1.6 KB of JSON, on SQLite with
/// <c>synchronous=NORMAL</c>, so that what is measured is the storage's own work and not the disk's sync.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class StateStoreBenchmarks
{
    private const int Conversations = 256;

    private string _path = null!;
    private SqliteDatabase _database = null!;
    private ChatStateStore _states = null!;
    private readonly ChatStateDocument[] _documents = new ChatStateDocument[Conversations];
    private int _next;

    /// <summary>True: as the host stores it (System.Text.Json's generated code); false: Newtonsoft, as any other IStorage item.</summary>
    [Params(true, false)]
    public bool GeneratedJson { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _path = Path.Combine(Path.GetTempPath(), $"pmopsbot-bench-state-{Guid.NewGuid():N}.db");
        _database = new SqliteDatabase(new SqliteConnectionFactory($"Data Source={_path}", relaxedSync: true));
        _database.Migrate();
        _states = new ChatStateStore(new SqlBotStorage(_database, sourceGeneratedTypes: GeneratedJson ? [SourceGeneratedStateType.For(ChatStateJson.Stored.ChatStateDocument)] : null));
        for (var i = 0; i < Conversations; i++)
        {
            await _states.SaveAsync(Key(i), new ChatStateDocument { State = HalfwayThroughAnInterview() }, [], CancellationToken.None);
            _documents[i] = await _states.LoadAsync(Key(i), CancellationToken.None);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" }) File.Delete(file);
    }

    [Benchmark]
    public Task<ChatStateDocument> Load() => _states.LoadAsync(Key(Interlocked.Increment(ref _next) % Conversations), CancellationToken.None);

    /// <summary>A save of the document last read (its ETag matches), as at the end of a turn.</summary>
    [Benchmark]
    public Task<StateSaved> Save()
    {
        var index = Interlocked.Increment(ref _next) % Conversations;
        return _states.SaveAsync(Key(index), _documents[index], [], CancellationToken.None);
    }

    /// <summary>A whole turn's state: load, change, save.</summary>
    [Benchmark]
    public async Task<StateSaved> LoadAndSave()
    {
        var key = Key(Interlocked.Increment(ref _next) % Conversations);
        var document = await _states.LoadAsync(key, CancellationToken.None);
        document.State.Interview!.Misunderstood++;
        return await _states.SaveAsync(key, document, [], CancellationToken.None);
    }

    private static string Key(int conversation) => $"msteams/tenant-1/conversation-{conversation}/users/user-{conversation}";

    internal static ChatState HalfwayThroughAnInterview()
    {
        var answers = Enum.GetValues<Dimension>().Take(6)
            .Select((dimension, i) => new DimensionSignal(dimension, i % 2 == 0 ? Leaning.Project : Leaning.Operations, SignalSource.Answer, $"answer {i}: the option picked on the card"))
            .ToList();
        return new ChatState
        {
            Welcomed = true,
            PrivateChatRecorded = true,
            LastInitiativeId = Guid.NewGuid(),
            Interview = new InterviewSession
            {
                Step = InterviewStep.Question,
                Current = Dimension.WorkStyle,
                Name = "Office move to the new building",
                Description = "Relocate the Leeds office to the new building by June: new desks, network, phones and a move weekend, then hand the building over to facilities.",
                Inferred = [new DimensionSignal(Dimension.Timeframe, Leaning.Project, SignalSource.Text, "by June")],
                Answers = answers,
                History = ["name", "description", "confirm", "q:Nature", "q:Objective", "q:Timeframe", "q:Focus", "q:Scope", "q:SuccessMeasure"],
                StartedAt = DateTimeOffset.Parse("2026-11-27T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
                UpdatedAt = DateTimeOffset.Parse("2026-11-27T09:05:00Z", System.Globalization.CultureInfo.InvariantCulture),
            },
        };
    }
}
