using Microsoft.Bot.Schema;
using static PmOpsBot.Bot.Tests.BotHarness;

namespace PmOpsBot.Bot.Tests;

/// <summary>Channels and group chats: @mention required, and everyone has an interview of their own.</summary>
public sealed class ChannelConversationTests
{
    private readonly BotHarness _bot = new(channel: true);

    private Task<IReadOnlyList<IActivity>> MentionAsync(string user, string text)
    {
        var activity = _bot.Message(user, text: $"<at>PmOpsBot</at> {text}");
        // Built as it arrives on the wire: a generic entity whose properties carry the mention.
        activity.Entities = [new Entity("mention") { Properties = Newtonsoft.Json.Linq.JObject.FromObject(new { mentioned = new { id = "bot", name = "PmOpsBot" }, text = "<at>PmOpsBot</at>" }) }];
        return _bot.SendAsync(activity);
    }

    [Fact]
    public async Task A_channel_message_without_a_mention_is_ignored()
    {
        var replies = await _bot.SayAsync("new initiative");

        Assert.Empty(replies);
    }

    [Fact]
    public async Task A_button_press_on_the_bots_card_needs_no_mention()
    {
        var replies = await _bot.PressAsync(new Newtonsoft.Json.Linq.JObject { ["action"] = "new" }, user: "alice");

        Assert.Contains("What do you call it?", AllText(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mention_is_stripped_before_the_command_is_read()
    {
        var replies = await MentionAsync("alice", "new initiative");

        Assert.Contains("What do you call it?", AllText(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_people_in_one_channel_each_have_their_own_interview()
    {
        await MentionAsync("alice", "new initiative");
        await MentionAsync("bob", "new initiative");
        await MentionAsync("alice", "Office move");
        var bobReplies = await MentionAsync("bob", "Payroll");
        var aliceStatus = await MentionAsync("alice", "status");
        var bobStatus = await MentionAsync("bob", "status");

        Assert.Contains("Describe it", AllText(bobReplies), StringComparison.Ordinal);
        Assert.Contains("describing “Office move”", AllText(aliceStatus), StringComparison.Ordinal);
        Assert.Contains("describing “Payroll”", AllText(bobStatus), StringComparison.Ordinal);
    }
}
