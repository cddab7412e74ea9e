using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Slack.BlockKit;

namespace PmOpsBot.Slack.Tests.BlockKit;

/// <summary>A language model's "why" is shown under the decision's summary, escaped, and only when there is one.</summary>
public sealed class DecisionRationaleTests
{
    private static Reply.DecisionCard Decision(string? rationale)
    {
        var result = new InitiativeClassifier().Classify([new DimensionSignal(Dimension.Timeframe, Leaning.Project, SignalSource.Answer, "Ends in March")]);
        return new Reply.DecisionCard(SampleReplies.Initiative("CRM rollout"), result, RunGuidance.For(result)) { Rationale = rationale };
    }

    [Fact]
    public void The_rationale_follows_the_summary_as_an_escaped_in_short_line()
    {
        var message = InterviewBlocks.Decision(Decision("It ends in March <!channel> & then *stops*."));

        var texts = message.Blocks.Select(b => (string?)b["type"] switch
        {
            "section" or "header" => (string?)b["text"]?["text"],
            "context" => (string?)b["elements"]?[0]?["text"],
            _ => null,
        }).ToList();
        var summary = texts.FindIndex(t => t?.StartsWith("Confidence ", StringComparison.Ordinal) == true);
        Assert.Equal("In short: It ends in March &lt;!channel&gt; &amp; then *stops*.", texts[summary + 1]);
        BlockKitRules.AssertValid(message, "decision-rationale");
    }

    [Fact]
    public void Without_a_rationale_nothing_is_added()
    {
        var plain = InterviewBlocks.Decision(Decision(null));
        var explained = InterviewBlocks.Decision(Decision("Because."));

        Assert.DoesNotContain("In short", plain.Blocks.ToString(), StringComparison.Ordinal);
        Assert.Equal(plain.Blocks.Count + 1, explained.Blocks.Count);
    }
}
