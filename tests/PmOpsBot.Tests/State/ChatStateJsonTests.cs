using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;
using PmOpsBot.Bot.State;
using PmOpsBot.Core.CareerFit;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Interview;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Tests.State;

/// <summary>The conversation state through System.Text.Json's generated code, as the host stores it, against Newtonsoft's reading.</summary>
public sealed class ChatStateJsonTests : IDisposable
{
    private readonly string _path = PmOpsBotFactory.NewDatabasePath();
    private readonly SqliteDatabase _database;

    public ChatStateJsonTests()
    {
        _database = new SqliteDatabase(new SqliteConnectionFactory($"Data Source={_path}"));
        _database.Migrate();
    }

    public void Dispose() => PmOpsBotFactory.DeleteDatabase(_path);

    [Fact]
    public async Task Every_field_of_the_state_survives_either_writer_and_either_reader()
    {
        var generated = new ChatStateStore(new SqlBotStorage(_database, sourceGeneratedTypes: [SourceGeneratedStateType.For(ChatStateJson.Stored.ChatStateDocument)]));
        var newtonsoft = new ChatStateStore(new SqlBotStorage(_database));
        var expected = Describe(Everything());

        await generated.SaveAsync("a", new ChatStateDocument { State = Everything() }, [], CancellationToken.None);
        await newtonsoft.SaveAsync("b", new ChatStateDocument { State = Everything() }, [], CancellationToken.None);

        Assert.Equal(expected, Describe((await generated.LoadAsync("a", CancellationToken.None)).State));
        Assert.Equal(expected, Describe((await newtonsoft.LoadAsync("a", CancellationToken.None)).State));
        Assert.Equal(expected, Describe((await generated.LoadAsync("b", CancellationToken.None)).State));
        // Text kept as typed, as Newtonsoft writes it, not as \u escapes that make the row bigger.
        Assert.Contains("who owns “payroll”?", await new BotStateTable(_database).JsonAsync("a"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_stores_the_state_through_the_generated_code()
    {
        await using var app = new PmOpsBotFactory(_path);
        var bot = new BotClient(app.CreateClient());
        await bot.SendAsync("new initiative");
        await bot.SendAsync("Office move");

        var storage = app.Services.GetRequiredService<SqlBotStorage>();
        var table = new BotStateTable(_database);
        var keys = await table.AllAsync();
        var items = await storage.ReadAsync([.. keys]);
        var key = Assert.Single(keys, key => items[key] is ChatStateDocument { State.Interview.Name: "Office move" });

        Assert.Contains("\"$format\":\"stj\"", await table.JsonAsync(key), StringComparison.Ordinal);
    }

    /// <summary>A state with every member set to something other than its default.</summary>
    private static ChatState Everything() => new()
    {
        Welcomed = true,
        AwaitingAbandonConfirmation = true,
        AwaitingForgetConfirmation = true,
        LastInitiativeId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        PendingRequestText = "who owns “payroll”?",
        PendingChoices = [Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7")],
        PrivateChatRecorded = true,
        Career = new CareerFitSession { Index = 2, Answers = new() { ["pace"] = "b" }, Skipped = ["risk"], History = ["pace", "risk"], Misunderstood = 1 },
        Interview = new InterviewSession
        {
            Id = Guid.Parse("11111111-2222-3333-4444-555555555555"),
            Step = InterviewStep.Question,
            Current = Dimension.Risk,
            Name = "Office move",
            Description = "Relocate the office by June",
            Inferred = [new DimensionSignal(Dimension.Timeframe, Leaning.Project, SignalSource.Text, "by June")],
            ModelSignals = [new DimensionSignal(Dimension.Team, Leaning.Operations, SignalSource.Text, "the same team")],
            Answers = [new DimensionSignal(Dimension.Nature, Leaning.Project, SignalSource.Answer, "a) new")],
            Skipped = [Dimension.Scope],
            History = ["name", "description"],
            Misunderstood = 2,
            StartedAt = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.FromHours(1)),
            UpdatedAt = new DateTimeOffset(2026, 11, 27, 9, 5, 30, 123, TimeSpan.Zero),
        },
    };

    // Newtonsoft's view of the state, member by member: the same text means the same state.
    private static string Describe(ChatState state) => JsonConvert.SerializeObject(state);

    /// <summary>What is in bot_state, read directly.</summary>
    private sealed class BotStateTable(SqliteDatabase database)
    {
        public async Task<List<string>> AllAsync()
        {
            await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
            return (await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT key FROM bot_state")).ToList();
        }

        public async Task<string> JsonAsync(string key)
        {
            await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
            return await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "SELECT json FROM bot_state WHERE key = @key", new { key }) ?? "";
        }
    }
}
