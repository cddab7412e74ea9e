using BenchmarkDotNet.Attributes;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Core.Ownership;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Benchmarks;

/// <summary>
/// "who owns X after launch?" and "what handovers are due this month?" against 100,000 initiatives:
/// parse, look up, rank, answer and render the card, as a turn does. Targets: 10 ms and 20 ms median.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class OwnershipBenchmarks
{
    private OwnershipFlow _flow = null!;
    private ChatContext _context = null!;
    private readonly AdaptiveCardReplyRenderer _renderer = new();
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var factory = LargeRegistry.Open();
        var store = new SqlInitiativeStore(new SqliteDatabase(factory));
        _flow = new OwnershipFlow(store, new HandoverService(store, TimeProvider.System), TimeProvider.System);
        _context = new ChatContext("msteams", LargeRegistry.Tenant, null, "bench", new UserRef("user-7", "Person 7"), false);
    }

    [Benchmark]
    public async Task<int> WhoOwnsAfterLaunch()
    {
        var i = Interlocked.Increment(ref _next) * 7919 % LargeRegistry.Count;
        var replies = await Ask($"who owns {LargeRegistry.NameOf(i)} after launch?");
        return Render(replies);
    }

    [Benchmark]
    public async Task<int> WhoRunsWithTypo()
    {
        var i = Interlocked.Increment(ref _next) * 7919 % LargeRegistry.Count;
        var words = LargeRegistry.NameOf(i).Split(' ');
        words[1] = words[1].Remove(3, 1); // "rollout" → "rolout"
        return Render(await Ask($"who runs {string.Join(' ', words)}?"));
    }

    [Benchmark]
    public async Task<int> HandoversDueThisMonth() => Render(await Ask("what handovers are due this month?"));

    private async Task<IReadOnlyList<Reply>> Ask(string text)
    {
        var input = UserInput.Typed(text);
        var request = _flow.Read(input) ?? throw new InvalidOperationException($"not a request: {text}");
        return await _flow.HandleAsync(new ChatState(), _context, request, text, null, CancellationToken.None);
    }

    private int Render(IReadOnlyList<Reply> replies) =>
        replies.Sum(r => r is Reply.Text t ? t.Message.Length : _renderer.RenderCard(r).ToString().Length);
}
