using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Slack.BlockKit;

namespace PmOpsBot.Slack.Tests.BlockKit;

/// <summary>Names and notes people type cannot ping a channel, mention someone or smuggle in a link.</summary>
public sealed class EscapingTests
{
    private const string EvilName = "<!channel> & <https://evil.example|click me>";
    private const string EscapedEvilName = "&lt;!channel&gt; &amp; &lt;https://evil.example|click me&gt;";
    private static readonly UserRef EvilPerson = new("typed:evil", "<@U999>");

    public static TheoryData<string> EvilReplies() => new(Evil().Select(e => e.Name));

    [Theory]
    [MemberData(nameof(EvilReplies))]
    public void User_text_is_escaped_in_every_mrkdwn_text_and_the_fallback(string name)
    {
        var message = new SlackBlockKitRenderer().RenderMessage(Evil().Single(e => e.Name == name).Reply);

        var mrkdwn = MessageContent.WithThread(message).SelectMany(MessageContent.Mrkdwn).ToList();
        Assert.All(mrkdwn, text =>
        {
            Assert.DoesNotContain("<!channel>", text, StringComparison.Ordinal);
            Assert.DoesNotContain("<https://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("<@U999>", text, StringComparison.Ordinal);
        });
        Assert.Contains(mrkdwn, text => text.Contains(EscapedEvilName, StringComparison.Ordinal) || text.Contains("&lt;@U999&gt;", StringComparison.Ordinal));
        BlockKitRules.AssertValid(message, name);
    }

    [Fact]
    public void Slack_user_ids_become_mentions_and_other_ids_stay_names()
    {
        Assert.Equal("<@U024BE7LH>", Mrkdwn.Person(new UserRef("U024BE7LH", "Pat")));
        Assert.Equal("<@W0123ABC>", Mrkdwn.Person(new UserRef("W0123ABC", "Enterprise Pat")));
        Assert.Equal("&lt;@U999&gt;", Mrkdwn.Person(EvilPerson));
        Assert.Equal("Pat", Mrkdwn.Person(new UserRef("29:1abc", "Pat")));
        Assert.Equal("Pat", Mrkdwn.Person(new UserRef("u024be7lh", "Pat")));
        Assert.Equal("Pat", Mrkdwn.Person(new UserRef("U024BE7LH>", "Pat")));
        Assert.Equal("nobody yet", Mrkdwn.Person(null));
    }

    [Fact]
    public void Escape_replaces_exactly_the_three_characters_Slack_reserves() =>
        Assert.Equal("a &amp;amp; &lt;b&gt; *c* _d_", Mrkdwn.Escape("a &amp; <b> *c* _d_"));

    private static IEnumerable<(string Name, Reply Reply)> Evil()
    {
        var initiative = SampleReplies.Initiative(EvilName) with { ProjectOwner = EvilPerson, CreatedBy = EvilPerson };
        var owned = SampleReplies.Owned(initiative) with { Name = EvilName, ProjectOwner = EvilPerson, OperationsOwner = new OwnerAssignment(EvilPerson, OwnerResponse.Pending, EvilPerson, DateTimeOffset.UnixEpoch) };
        yield return ("text", new Reply.Text($"Saved “{EvilName}”: on track."));
        yield return ("welcome", new Reply.Welcome(EvilName));
        yield return ("abandon", new Reply.ConfirmAbandon(EvilName));
        yield return ("handover", new Reply.HandoverCard(owned, ReadinessChecklist.Of(owned))
        {
            LastStatus = new CheckInAnswer(Guid.NewGuid(), "t", owned.Id, EvilPerson, CheckInStatus.Blocked, EvilName, null, Guid.NewGuid(), SampleReplies.Today, DateTimeOffset.UnixEpoch, false),
        });
        yield return ("list", new Reply.InitiativeList("Your initiatives", [owned], ""));
        yield return ("choose", new Reply.ChooseInitiative($"Which “{EvilName}”?", [owned, initiative]));
        yield return ("not-found", new Reply.NoSuchInitiative(EvilName));
        var result = new PmOpsBot.Core.Classification.InitiativeClassifier().Classify([]);
        yield return ("decision-rationale", new Reply.DecisionCard(SampleReplies.Initiative("CRM rollout"), result, PmOpsBot.Core.Classification.RunGuidance.For(result)) { Rationale = EvilName });
        yield return ("owner-request", new Reply.OwnerRequest(owned, EvilPerson));
        yield return ("history", new CheckInHistoryReply(owned, [new CheckInAnswer(Guid.NewGuid(), "t", owned.Id, EvilPerson, CheckInStatus.AtRisk, EvilName, null, Guid.NewGuid(), SampleReplies.Today, DateTimeOffset.UnixEpoch, false)], ""));
        var digest = SampleReplies.Digest(owned, initiative, 2) with
        {
            MentionMissingAnswers = true,
            Status = SampleReplies.Status(owned.Id, 1) with
            {
                Blocked = [new CheckInLine(owned.Id, EvilName, EvilPerson, CheckInStatus.Blocked, EvilName, null, SampleReplies.Today, DateTimeOffset.UnixEpoch, false)],
                NotAnswered = [new CheckInPerson(EvilPerson, [])],
                Away = [new CheckInAbsence(EvilPerson, PauseKind.SnoozedToday, SampleReplies.Today, [])],
            },
            UnfinishedInterviews = [new OpenInterview(Guid.NewGuid(), "t", null, "c", EvilPerson, EvilName, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)],
        };
        yield return ("digest", new Reply.DigestCard(digest));
    }
}
