using System.Text.RegularExpressions;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Digest;
using PmOpsBot.Slack.BlockKit;

namespace PmOpsBot.Slack.Tests.BlockKit;

/// <summary>The digest: a short summary in the channel, every item in its thread, every message within Slack's limits.</summary>
public sealed partial class DigestThreadTests
{
    private readonly SlackBlockKitRenderer _renderer = new();

    [Fact]
    public void A_digest_with_200_items_in_every_list_puts_every_item_once_in_a_thread_of_valid_messages()
    {
        var project = SampleReplies.Initiative("CRM rollout");
        var owned = SampleReplies.Owned(project);
        var content = SampleReplies.Digest(owned, project, 200) with { Status = SampleReplies.Status(owned.Id, 200) };

        var message = _renderer.RenderMessage(new Reply.DigestCard(content));

        BlockKitRules.AssertValid(message, "digest-200");
        Assert.True(message.Thread.Count > 1, "200 items per list cannot fit one thread message");
        var thread = string.Join("\n", message.Thread.SelectMany(MessageContent.Mrkdwn));
        var expected = new[] { "new", "stage", "due", "late", "noops", "blocked", "atrisk", "ontrack", "missing", "away", "unreachable" }
            .SelectMany(list => Enumerable.Range(0, 200).Select(i => $"{list}-{i:000}"))
            .Concat(Enumerable.Range(1, 199).Select(i => $"interview-{i:000}"));
        Assert.All(expected, item => Assert.Single(ItemName().Matches(thread), m => m.Value == item));
        Assert.Contains("An unnamed interview", thread, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_linked_row_in_the_thread_has_an_Open_button_for_its_initiative()
    {
        var project = SampleReplies.Initiative("CRM rollout");
        var content = SampleReplies.Digest(SampleReplies.Owned(project), project, 60);

        var message = _renderer.RenderMessage(new Reply.DigestCard(content));

        var opened = message.Thread.SelectMany(MessageContent.Buttons).Select(MessageContent.Value).ToList();
        Assert.All(opened, v => Assert.Equal("handover-show", (string?)v["action"]));
        var expected = content.HandoversOverdue.Concat(content.WithoutOperationsOwner).Concat(content.HandoversDueSoon).Select(h => h.Initiative.Id)
            .Concat(content.NewOrDecided.Select(i => i.Id)).Concat(content.StageChanges.Select(m => m.Initiative.Id));
        Assert.Equal(expected.Select(id => id.ToString("D")).Order(), opened.Select(v => (string)v["initiative"]!).Order());
        Assert.Empty(MessageContent.Buttons(message));
    }

    [Fact]
    public void The_channel_message_is_a_summary_with_a_count_per_section_and_capped_status_lines()
    {
        var project = SampleReplies.Initiative("CRM rollout");
        var owned = SampleReplies.Owned(project);
        var content = SampleReplies.Digest(owned, project, 200) with { Status = SampleReplies.Status(owned.Id, 200) };

        var message = _renderer.RenderMessage(new Reply.DigestCard(content));

        var summary = string.Join("\n", MessageContent.Mrkdwn(message));
        Assert.Contains("*Overdue handovers*: 200", summary, StringComparison.Ordinal);
        Assert.Contains("*Interviews left unfinished*: 200", summary, StringComparison.Ordinal);
        Assert.Contains("blocked-009", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("blocked-010", summary, StringComparison.Ordinal);
        Assert.Contains("… and 390 more blocked or at risk in the thread", summary, StringComparison.Ordinal);
        Assert.Contains("✅ 200 on track", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("new-000", summary, StringComparison.Ordinal);
        Assert.True(message.Blocks.Count <= 12, $"the summary has {message.Blocks.Count} blocks");
    }

    [Fact]
    public void A_quiet_digest_is_one_short_message_without_a_thread()
    {
        var project = SampleReplies.Initiative("CRM rollout");

        var message = _renderer.RenderMessage(new Reply.DigestCard(SampleReplies.Digest(SampleReplies.Owned(project), project, 0)));

        Assert.Empty(message.Thread);
        Assert.Equal(2, message.Blocks.Count);
        Assert.Contains("All quiet", message.Text, StringComparison.Ordinal);
        BlockKitRules.AssertValid(message, "digest-quiet");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void People_without_an_answer_are_mentioned_only_when_the_channel_asked(bool mention)
    {
        var project = SampleReplies.Initiative("CRM rollout");
        var content = SampleReplies.Digest(SampleReplies.Owned(project), project, 1) with
        {
            MentionMissingAnswers = mention,
            Status = SampleReplies.Status(project.Id, 1),
        };

        var message = _renderer.RenderMessage(new Reply.DigestCard(content));

        var everything = string.Join("\n", MessageContent.WithThread(message).SelectMany(MessageContent.Mrkdwn));
        Assert.Equal(mention, everything.Contains("<@U0KIM000>", StringComparison.Ordinal));
        Assert.Equal(!mention, everything.Contains("missing-000 Kim", StringComparison.Ordinal));
        // Away people are never pinged, whatever the channel chose.
        Assert.DoesNotContain("<@U0LEE000>", everything, StringComparison.Ordinal);
        Assert.Contains("away-000 Lee", everything, StringComparison.Ordinal);
    }

    [Fact]
    public void Owners_with_Slack_ids_are_mentioned_and_typed_names_are_not()
    {
        var project = SampleReplies.Initiative("CRM rollout");
        var content = SampleReplies.Digest(SampleReplies.Owned(project), project, 2);

        var message = _renderer.RenderMessage(new Reply.DigestCard(content));

        var thread = string.Join("\n", message.Thread.SelectMany(MessageContent.Mrkdwn));
        Assert.Contains($"by <@{SampleReplies.Pat.Id}>", thread, StringComparison.Ordinal);
        Assert.Contains($"ops: <@{SampleReplies.Olu.Id}>", thread, StringComparison.Ordinal);
        Assert.Contains("by Ana", thread, StringComparison.Ordinal);
        Assert.DoesNotContain("typed:", thread, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_running_over_a_message_is_continued_under_its_title()
    {
        var project = SampleReplies.Initiative("CRM rollout");
        var content = SampleReplies.Digest(SampleReplies.Owned(project), project, 0) with
        {
            NewOrDecided = Enumerable.Range(0, 120).Select(i => DigestInitiative.Of(project with { Id = Guid.NewGuid(), Name = $"new-{i:000}" })).ToList(),
        };

        var message = _renderer.RenderMessage(new Reply.DigestCard(content));

        Assert.Equal(3, message.Thread.Count);
        Assert.Equal("*New and decided (120)*", (string?)message.Thread[0].Blocks[0]!["text"]!["text"]);
        Assert.Equal("*New and decided (120) (continued)*", (string?)message.Thread[1].Blocks[0]!["text"]!["text"]);
        Assert.Contains("(part 3 of 3)", message.Thread[2].Text, StringComparison.Ordinal);
    }

    [GeneratedRegex("[a-z]+-[0-9]{3}")]
    private static partial Regex ItemName();
}
