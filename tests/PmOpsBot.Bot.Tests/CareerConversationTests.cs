using Microsoft.Bot.Schema;
using static PmOpsBot.Bot.Tests.BotHarness;

namespace PmOpsBot.Bot.Tests;

public sealed class CareerConversationTests
{
    private readonly BotHarness _bot = new();

    [Fact]
    public async Task The_career_check_by_buttons_and_typing_ends_in_a_fit_card_and_is_remembered()
    {
        var replies = await _bot.SayAsync("which career fits me?");
        Assert.Contains("1 of 4", AllText(replies), StringComparison.Ordinal);

        replies = await _bot.PressAsync(Button(replies, "a)"));
        replies = await _bot.SayAsync("a");
        replies = await _bot.SayAsync("1");
        replies = await _bot.SayAsync("a");

        var card = AllText(replies);
        Assert.Contains("Project management", card, StringComparison.Ordinal);
        Assert.Contains("PMP", card, StringComparison.Ordinal);
        Assert.Contains("portfolio manager", card, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(await _bot.CareerProfiles.FindAsync("tenant-1", "user1", CancellationToken.None));
    }

    [Fact]
    public async Task Asking_again_offers_to_reuse_or_redo_the_saved_answers()
    {
        await _bot.SayAsync("career fit");
        for (var i = 0; i < 4; i++) await _bot.SayAsync("b");

        var offer = await _bot.SayAsync("career fit");
        var reused = await _bot.PressAsync(Button(offer, "Use my saved answers"));
        var again = await _bot.SayAsync("career fit");
        var redo = await _bot.PressAsync(Button(again, "Answer again"));

        Assert.Contains("Operations management", AllText(reused), StringComparison.Ordinal);
        Assert.Contains("1 of 4", AllText(redo), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Navigation_commands_work_inside_the_career_check()
    {
        await _bot.SayAsync("career fit");
        await _bot.SayAsync("a");

        var back = await _bot.SayAsync("back");
        var skip = await _bot.SayAsync("skip");
        var nonsense = await _bot.SayAsync("purple");
        var cancel = await _bot.SayAsync("cancel");

        Assert.Contains("1 of 4", AllText(back), StringComparison.Ordinal);
        Assert.Contains("2 of 4", AllText(skip), StringComparison.Ordinal);
        Assert.Contains("2 of 4", AllText(nonsense), StringComparison.Ordinal);
        Assert.Contains("Career check cancelled", AllText(cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_decision_card_button_starts_the_career_check()
    {
        var replies = await _bot.PressAsync(new Newtonsoft.Json.Linq.JObject { ["action"] = "career" });

        Assert.Contains("1 of 4", AllText(replies), StringComparison.Ordinal);
        Assert.IsAssignableFrom<IMessageActivity>(replies[0]);
    }
}
