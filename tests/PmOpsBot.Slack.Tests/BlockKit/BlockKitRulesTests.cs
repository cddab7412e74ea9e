using Newtonsoft.Json.Linq;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Slack.BlockKit;

namespace PmOpsBot.Slack.Tests.BlockKit;

public sealed class BlockKitRulesTests
{
    private readonly SlackBlockKitRenderer _renderer = new();

    public static TheoryData<string> EveryReply() => new(SampleReplies.All().Select(s => s.Name));

    [Theory]
    [MemberData(nameof(EveryReply))]
    public void Every_reply_renders_a_message_Slack_accepts(string name)
    {
        var reply = SampleReplies.All().Single(s => s.Name == name).Reply;

        var message = _renderer.RenderMessage(reply);

        BlockKitRules.AssertValid(message, name);
    }

    [Fact]
    public void Every_reply_type_the_Teams_renderer_covers_is_sampled()
    {
        var sampled = SampleReplies.All().Select(s => s.Reply.GetType()).ToHashSet();
        // Every reply in the core, so a new one fails here until it has a Slack rendering and samples.
        var expected = typeof(Reply).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Reply)) && t != typeof(Reply.DirectMessage)).ToList();

        Assert.Contains(typeof(PmOpsBot.Core.CheckIns.CheckInHistoryReply), expected);
        Assert.All(expected, type => Assert.Contains(type, sampled));
        Assert.All(SampleReplies.All(), s => Assert.NotEqual(s.Reply.GetType().Name, _renderer.RenderMessage(s.Reply).Text));
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(40, true)]
    public void The_check_in_prompt_is_valid_with_few_or_many_long_named_initiatives(int count, bool longNames)
    {
        var initiatives = Enumerable.Range(0, count).Select(i => SampleReplies.Initiative(longNames ? $"{i} {SampleReplies.VeryLong}" : $"Initiative {i}") with
        {
            Decision = i % 2 == 0 ? Decision.Project : Decision.Operations,
        }).ToList();

        var message = SlackBlockKitRenderer.CheckInPrompt(Guid.NewGuid(), SampleReplies.Today, initiatives, reminder: longNames);

        BlockKitRules.AssertValid(message, "checkin-prompt");
        Assert.Equal(Math.Min(count, CheckInBlocks.PromptInitiatives) * 3, MessageContent.Buttons(message).Count(b => (string?)MessageContent.Value(b)["action"] == "checkin-status"));
    }

    [Fact]
    public void The_rules_reject_what_Slack_would_refuse()
    {
        // Guards the tests above: a checker that passes everything would make them meaningless.
        var good = _renderer.RenderMessage(new Reply.Welcome("Ada"));
        Assert.Empty(BlockKitRules.Check(good));

        Assert.NotEmpty(BlockKitRules.Check(Broken(good, b => b.Add(Enumerable.Range(0, 50).Select(_ => Blocks.Divider())))));
        Assert.NotEmpty(BlockKitRules.Check(Broken(good, b => b[0]!["text"]!["type"] = "mrkdwn")));
        Assert.NotEmpty(BlockKitRules.Check(Broken(good, b => b[0]!["text"]!["text"] = new string('x', 151))));
        Assert.NotEmpty(BlockKitRules.Check(Broken(good, b => b.Add(new JObject { ["type"] = "carousel" }))));
        Assert.NotEmpty(BlockKitRules.Check(Broken(good, b => b[1]!["txt"] = "typo")));
        Assert.NotEmpty(BlockKitRules.Check(Broken(good, b => b.Last!["elements"]![1]!["action_id"] = b.Last!["elements"]![0]!["action_id"])));
        Assert.NotEmpty(BlockKitRules.Check(Broken(good, b => b.Last!["elements"]![0]!["value"] = "{\"action\":\"explode\"}")));
        Assert.NotEmpty(BlockKitRules.Check(Broken(good, b => b.Last!["elements"]![0]!["value"] = "new")));
        Assert.NotEmpty(BlockKitRules.Check(Broken(good, b => b.Last!["elements"]![0]!["style"] = "positive")));
        Assert.NotEmpty(BlockKitRules.Check(Broken(good, b => b[1]!["text"]!["text"] = "Tom & Jerry")));
        Assert.NotEmpty(BlockKitRules.Check(Broken(good, b => b.Add(Blocks.TextInput("opsowner", "Ops owner", "name")))));
        Assert.NotEmpty(BlockKitRules.Check(Broken(good, b => b.Add(Blocks.DateInput("date", "Date", null)), thread: true)));
        Assert.NotEmpty(BlockKitRules.Check(new SlackMessage { Text = new string('x', 3001), Blocks = good.Blocks }));
    }

    private static SlackMessage Broken(SlackMessage good, Action<JArray> breakIt, bool thread = false)
    {
        var blocks = (JArray)good.Blocks.DeepClone();
        breakIt(blocks);
        var broken = new SlackMessage { Text = good.Text, Blocks = blocks };
        if (!thread) return broken;

        // A thread reply with two inputs of the same id.
        ((JArray)broken.Blocks).Add(Blocks.DateInput("date", "Date again", null));
        return new SlackMessage { Text = good.Text, Blocks = good.Blocks, Thread = [broken] };
    }
}
