using PmOpsBot.Core.Conversation;
using PmOpsBot.Slack.BlockKit;

namespace PmOpsBot.Slack.Tests.BlockKit;

public sealed class BlockKitLimitsTests
{
    [Fact]
    public void Text_within_the_limit_is_kept_as_it_is() => Assert.Equal("short", BlockKitLimits.Fit("short", 5));

    [Fact]
    public void Text_over_the_limit_is_cut_with_an_ellipsis_to_exactly_the_limit()
    {
        var fitted = BlockKitLimits.Fit(new string('x', 200), 75);

        Assert.Equal(75, fitted.Length);
        Assert.EndsWith("…", fitted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aaaaaaa &amp; bbbb", 11, "aaaaaaa …")]
    [InlineData("aaaa <@U12345> bbbb", 10, "aaaa …")]
    [InlineData("aaaaaaa 😀 bbbb", 10, "aaaaaaa …")]
    public void A_cut_never_splits_an_escape_a_mention_or_an_emoji(string text, int max, string expected) =>
        Assert.Equal(expected, BlockKitLimits.Fit(text, max));

    [Fact]
    public void A_very_long_reply_is_cut_never_refused()
    {
        var message = new SlackBlockKitRenderer().RenderMessage(new Reply.ConfirmAbandon(SampleReplies.VeryLong));

        Assert.Equal(BlockKitLimits.FallbackText, message.Text.Length);
        Assert.EndsWith("…", message.Text, StringComparison.Ordinal);
        BlockKitRules.AssertValid(message, "abandon");
    }

    [Fact]
    public void A_message_given_too_many_blocks_keeps_49_and_says_so()
    {
        var message = BlockKitMessage.Compose("many", Enumerable.Range(0, 80).Select(i => Blocks.Section($"row {i}")));

        Assert.Equal(BlockKitLimits.BlocksPerMessage, message.Blocks.Count);
        Assert.Equal("row 48", (string?)message.Blocks[48]!["text"]!["text"]);
        Assert.Contains("more than fits", message.Blocks[49]!.ToString(), StringComparison.Ordinal);
    }
}
