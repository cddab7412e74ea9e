using Microsoft.Bot.Builder;
using PmOpsBot.Core.Digest;

namespace PmOpsBot.Bot.Tests.State;

/// <summary>Where the storage can, a turn's open interviews are written with its state, in one call (one transaction).</summary>
public sealed class StateWithInterviewLogTests
{
    [Fact]
    public async Task Started_and_named_interviews_go_with_the_state_and_not_through_the_log_on_their_own()
    {
        var storage = new StateWithInterviewLogStorage();
        var bot = new BotHarness(storage);

        await bot.SayAsync("new initiative");
        await bot.SayAsync("Blue sky");

        Assert.Empty(bot.OpenInterviews.Open);
        Assert.Equal(2, storage.Calls.Count);
        Assert.All(storage.Calls, call => Assert.Single(call.StateKeys));
        Assert.Null(Assert.Single(storage.Calls[0].Interviews).Name);
        Assert.Equal("Blue sky", Assert.Single(storage.Calls[1].Interviews).Name);
        Assert.Equal(storage.Calls[0].Interviews.Single().SessionId, storage.Calls[1].Interviews.Single().SessionId);
    }

    [Fact]
    public async Task A_turn_that_changes_no_interview_saves_its_state_the_plain_way()
    {
        var storage = new StateWithInterviewLogStorage();
        var bot = new BotHarness(storage);

        var replies = await bot.SayAsync("help");

        Assert.NotEmpty(replies);
        Assert.Empty(storage.Calls);
        Assert.NotEmpty(await storage.ReadAsync(storage.Keys.ToArray()));
    }

    [Fact]
    public async Task An_interview_the_storage_refuses_does_not_fail_the_turn()
    {
        var storage = new StateWithInterviewLogStorage { RefuseAll = true };
        var bot = new BotHarness(storage);

        await bot.SayAsync("new initiative");
        var replies = await bot.SayAsync("Blue sky");

        Assert.Contains("Blue sky", string.Concat(replies.Select(BotHarness.TextOf)), StringComparison.Ordinal);
        Assert.Empty(bot.OpenInterviews.Open);
    }

    /// <summary>State in memory, and the interviews each combined write carried.</summary>
    private sealed class StateWithInterviewLogStorage : IStorage, IStateWithInterviewLogWriter
    {
        private readonly MemoryStorage _state = new();
        private readonly HashSet<string> _keys = [];

        public List<(IReadOnlyList<string> StateKeys, IReadOnlyList<OpenInterview> Interviews)> Calls { get; } = [];

        public bool RefuseAll { get; init; }

        public IReadOnlyCollection<string> Keys => _keys;

        public Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default) => _state.ReadAsync(keys, cancellationToken);

        public Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
        {
            _keys.UnionWith(changes.Keys);
            return _state.WriteAsync(changes, cancellationToken);
        }

        public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default) => _state.DeleteAsync(keys, cancellationToken);

        public async Task<IReadOnlyList<OpenInterview>> WriteWithInterviewsAsync(
            IDictionary<string, object> changes, IReadOnlyCollection<OpenInterview> openInterviews, CancellationToken cancellationToken)
        {
            await WriteAsync(changes, cancellationToken);
            Calls.Add((changes.Keys.ToList(), openInterviews.ToList()));
            return RefuseAll ? openInterviews.ToList() : [];
        }
    }
}
