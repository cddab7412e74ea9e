using Microsoft.Bot.Builder;
using Moq;
using PmOpsBot.Bot.Hosting;
using PmOpsBot.Bot.State;
using PmOpsBot.Core.Initiatives;
using Microsoft.Extensions.DependencyInjection;
using static PmOpsBot.Bot.Tests.BotHarness;

namespace PmOpsBot.Bot.Tests;

public sealed class TurnSafetyTests
{
    [Fact]
    public async Task Quick_messages_in_one_conversation_are_all_kept()
    {
        var bot = new BotHarness();
        await bot.SayAsync("new initiative");
        await bot.SayAsync("Blue sky");
        await bot.SayAsync("hello world");

        // Three answers at once: each turn must see the previous one's state.
        await Task.WhenAll(bot.SayAsync("a"), bot.SayAsync("b"), bot.SayAsync("a"));

        var status = await bot.SayAsync("status");
        Assert.Contains("question 4 of 12", AllText(status), StringComparison.Ordinal);
        Assert.Equal(0, bot.Provider.GetRequiredService<TurnLocks>().ActiveKeys);
    }

    [Fact]
    public async Task A_failing_turn_tells_the_user_and_resets_the_conversation()
    {
        var storage = new MemoryStorage();
        var bot = new BotHarness(storage);
        await bot.SayAsync("new initiative");
        await bot.SayAsync("Blue sky");
        await bot.SayAsync("hello world");
        var broken = new Mock<IStorage>();
        broken.Setup(s => s.ReadAsync(It.IsAny<string[]>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("disk on fire"));
        broken.Setup(s => s.DeleteAsync(It.IsAny<string[]>(), It.IsAny<CancellationToken>())).Returns<string[], CancellationToken>((keys, ct) => storage.DeleteAsync(keys, ct));
        var failing = new BotHarness(broken.Object);

        var replies = await failing.SayAsync("a");
        var after = await bot.SayAsync("status");

        Assert.Equal(TurnErrorPolicy.ResetMessage, TextOf(Assert.Single(replies)));
        broken.Verify(s => s.DeleteAsync(It.Is<string[]>(k => k.Length == 1 && k[0].EndsWith("/users/user1", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Contains("No interview is open", AllText(after), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_that_lost_a_race_is_replayed_on_the_newer_state_and_both_messages_count()
    {
        var storage = new MemoryStorage();
        var bot = new BotHarness(storage);
        await bot.SayAsync("new initiative");
        var racing = new Mock<IStorage>();
        racing.Setup(s => s.ReadAsync(It.IsAny<string[]>(), It.IsAny<CancellationToken>())).Returns<string[], CancellationToken>((k, ct) => storage.ReadAsync(k, ct));
        var writes = 0;
        racing.Setup(s => s.WriteAsync(It.IsAny<IDictionary<string, object>>(), It.IsAny<CancellationToken>()))
            .Returns<IDictionary<string, object>, CancellationToken>(async (changes, ct) =>
            {
                if (Interlocked.Increment(ref writes) == 1)
                {
                    // Meanwhile, on another instance, the same person's next message was saved first.
                    await bot.SayAsync("Blue sky");
                    throw new InvalidOperationException("Etag conflict.");
                }

                await storage.WriteAsync(changes, ct);
            });
        var other = new BotHarness(racing.Object);

        var replies = await other.SayAsync("Relocate the Leeds office to the new building by June");
        var after = await bot.SayAsync("status");

        Assert.NotEqual(TurnErrorPolicy.ConflictMessage, TextOf(replies[0]));
        Assert.Equal(2, writes);
        Assert.Contains("Blue sky", AllText(after), StringComparison.Ordinal);
        Assert.DoesNotContain("I need a name", AllText(after), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_turn_that_keeps_losing_write_races_keeps_the_answers_and_asks_to_resend()
    {
        var storage = new MemoryStorage();
        var bot = new BotHarness(storage);
        await bot.SayAsync("new initiative");
        var conflicting = new Mock<IStorage>();
        conflicting.Setup(s => s.ReadAsync(It.IsAny<string[]>(), It.IsAny<CancellationToken>())).Returns<string[], CancellationToken>((k, ct) => storage.ReadAsync(k, ct));
        conflicting.Setup(s => s.WriteAsync(It.IsAny<IDictionary<string, object>>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("Etag conflict."));
        var racing = new BotHarness(conflicting.Object);

        var replies = await racing.SayAsync("Blue sky");
        var after = await bot.SayAsync("status");

        Assert.Equal(TurnErrorPolicy.ConflictMessage, TextOf(Assert.Single(replies)));
        conflicting.Verify(s => s.WriteAsync(It.IsAny<IDictionary<string, object>>(), It.IsAny<CancellationToken>()), Times.Exactly(PmOpsBotHandler.MaxTurnAttempts));
        conflicting.Verify(s => s.DeleteAsync(It.IsAny<string[]>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Contains("I need a name", AllText(after), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_failure_at_the_end_keeps_every_answer_and_claims_nothing()
    {
        var registry = new Mock<IInitiativeStore>();
        registry.Setup(r => r.SaveAsync(It.IsAny<Initiative>(), It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("database locked"));
        var bot = new BotHarness(registry: registry.Object);
        await bot.SayAsync("new initiative");
        await bot.SayAsync("Blue sky");
        await bot.SayAsync("hello world");
        IReadOnlyList<Microsoft.Bot.Schema.IActivity> replies = [];
        for (var i = 0; i < 12; i++) replies = await bot.SayAsync("a");

        Assert.Equal(TurnErrorPolicy.TransientMessage, TextOf(Assert.Single(replies)));
        var status = await bot.SayAsync("status");
        Assert.Contains("question 12 of 12", AllText(status), StringComparison.Ordinal);
    }
    [Fact]
    public async Task An_interview_started_in_a_turn_that_lost_a_write_race_is_logged_once_as_the_saved_one()
    {
        var storage = new MemoryStorage();
        var racing = new Mock<IStorage>();
        racing.Setup(s => s.ReadAsync(It.IsAny<string[]>(), It.IsAny<CancellationToken>())).Returns<string[], CancellationToken>((k, ct) => storage.ReadAsync(k, ct));
        var writes = 0;
        var key = "";
        racing.Setup(s => s.WriteAsync(It.IsAny<IDictionary<string, object>>(), It.IsAny<CancellationToken>()))
            .Returns<IDictionary<string, object>, CancellationToken>((changes, ct) =>
            {
                if (Interlocked.Increment(ref writes) > 1) return storage.WriteAsync(changes, ct);
                key = changes.Keys.Single();
                throw new InvalidOperationException("Etag conflict.");
            });
        var bot = new BotHarness(racing.Object);

        await bot.SayAsync("new initiative");

        // The first attempt started an interview that was never saved; only the replayed one is listed.
        var logged = Assert.Single(bot.OpenInterviews.Open);
        var saved = await new ChatStateStore(storage).LoadAsync(key, default);
        Assert.Equal(saved.State.Interview!.Id, logged.SessionId);
    }

    [Fact]
    public async Task An_interview_whose_state_could_not_be_saved_is_not_logged_as_open()
    {
        var failing = new Mock<IStorage>();
        failing.Setup(s => s.ReadAsync(It.IsAny<string[]>(), It.IsAny<CancellationToken>())).ReturnsAsync(new Dictionary<string, object>());
        failing.Setup(s => s.WriteAsync(It.IsAny<IDictionary<string, object>>(), It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("disk full"));
        var bot = new BotHarness(failing.Object);

        var replies = await bot.SayAsync("new initiative");

        Assert.Equal(TurnErrorPolicy.TransientMessage, TextOf(Assert.Single(replies)));
        Assert.Empty(bot.OpenInterviews.Open);
    }

    [Fact]
    public async Task An_interview_started_normally_is_logged_as_open_after_its_turn()
    {
        var bot = new BotHarness();

        await bot.SayAsync("new initiative");
        await bot.SayAsync("Blue sky");

        Assert.Equal("Blue sky", Assert.Single(bot.OpenInterviews.Open).Name);
    }

    [Fact]
    public async Task A_very_long_message_is_read_up_to_the_limit_and_the_person_is_told_what_was_kept()
    {
        var bot = new BotHarness();
        await bot.SayAsync("new initiative");
        await bot.SayAsync("Blue sky");
        var essay = string.Join(" ", Enumerable.Repeat("Move the Leeds office to the new building by June.", 200));

        var replies = AllText(await bot.SayAsync(essay));
        var shortOne = AllText(await bot.SayAsync("status"));

        Assert.True(essay.Length > PmOpsBotHandler.MaxTextLength);
        Assert.Contains(PmOpsBotHandler.CutNote, replies, StringComparison.Ordinal);
        Assert.Contains($"I kept the first {PmOpsBot.Core.Interview.InterviewEngine.MaxDescriptionLength} characters of your description.", replies, StringComparison.Ordinal);
        Assert.DoesNotContain(PmOpsBotHandler.CutNote, shortOne, StringComparison.Ordinal);
    }
}
