using Newtonsoft.Json.Linq;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Core.Interview;

namespace PmOpsBot.Bot.Tests;

/// <summary>Every card the bot can send, checked by the real Adaptive Cards library (npm adaptivecards 3).</summary>
public sealed class CardValidationTests
{
    public static IEnumerable<(string Name, Reply Reply)> EveryCard()
    {
        var question = InterviewScript.For(Dimension.Timeframe);
        var inferred = new[] { new DimensionSignal(Dimension.Timeframe, Leaning.Project, SignalSource.Text, "“by March”") };
        yield return ("welcome", new Reply.Welcome("Ada [Lovelace](https://evil.example)"));
        yield return ("welcome-anonymous", new Reply.Welcome(""));
        yield return ("help", new Reply.Help(false));
        yield return ("help-in-interview", new Reply.Help(true));
        yield return ("ask-name", new Reply.InterviewPrompt(new InterviewProgress.AskName("Please keep it short."), "name", false));
        yield return ("ask-description", new Reply.InterviewPrompt(new InterviewProgress.AskDescription("**CRM** <at>rollout</at>", null), "description", true));
        yield return ("confirm-inferred", new Reply.InterviewPrompt(new InterviewProgress.ConfirmInferred(inferred, null), "confirminferred", true));
        yield return ("question", new Reply.InterviewPrompt(new InterviewProgress.AskQuestion(question, 3, 12, inferred[0], "Sorry, I didn't catch that."), "q:Timeframe", true));
        yield return ("question-first", new Reply.InterviewPrompt(new InterviewProgress.AskQuestion(InterviewScript.Questions[0], 1, 12, null, null), "q:Nature", false));
        yield return ("confirm-abandon", new Reply.ConfirmAbandon("Payroll"));
        yield return ("confirm-forget", new Reply.ConfirmForget());
        var project = SampleInitiative(new InitiativeClassifier().Classify(Enum.GetValues<Dimension>().Select(d => new DimensionSignal(d, Leaning.Project, SignalSource.Answer, "x"))));
        var owned = project with
        {
            ProjectOwner = new UserRef("p", "Pat [Project]"),
            OperationsOwner = new OwnerAssignment(new UserRef("o", "Olu *Ops*"), OwnerResponse.Accepted, new UserRef("p", "Pat"), DateTimeOffset.UnixEpoch),
            HandoverDate = new DateOnly(2027, 3, 1),
            Checklist = Enum.GetValues<ReadinessItem>().Skip(1).Select(i => new ChecklistTick(i, new UserRef("p", "Pat"), DateTimeOffset.UnixEpoch)).ToList(),
            Stage = InitiativeStage.HandingOver,
        };
        var operations = project with { Decision = Decision.Operations, IsMixed = false, Stage = InitiativeStage.InOperations };
        yield return ("handover-empty", new Reply.HandoverCard(project, ReadinessChecklist.Of(project)));
        yield return ("handover-ready", new Reply.HandoverCard(owned, ReadinessChecklist.Of(owned), UpdateInPlace: true));
        yield return ("handover-operations", new Reply.HandoverCard(operations, ReadinessChecklist.Of(operations)));
        var ownerLeft = project with { ProjectOwner = PmOpsBot.Core.Privacy.FormerMember.New(), CreatedBy = PmOpsBot.Core.Privacy.FormerMember.New() };
        yield return ("handover-owner-left", new Reply.HandoverCard(ownerLeft, ReadinessChecklist.Of(ownerLeft)));
        yield return ("list-empty", new Reply.InitiativeList("Handovers due this month", [], "No handovers are due this month."));
        yield return ("list", new Reply.InitiativeList("Your initiatives", [project, owned, operations], ""));
        yield return ("choose", new Reply.ChooseInitiative("Several initiatives match “crm”. Which one do you mean?", [project, owned, operations, project, owned, operations]));
        yield return ("not-found", new Reply.NoSuchInitiative("Moon <base>"));
        yield return ("owner-request", new Reply.OwnerRequest(owned, new UserRef("p", "Pat")));
        var line = DigestInitiative.Of(owned);
        var readiness = ReadinessChecklist.Of(owned);
        var busy = new DigestContent
        {
            SubscriptionId = Guid.NewGuid(),
            Scope = new DigestScope("t", "team", "c"),
            LocalDate = new DateOnly(2026, 11, 27),
            TimeZoneId = "Europe/Berlin",
            GeneratedAt = DateTimeOffset.UnixEpoch,
            Since = DateTimeOffset.UnixEpoch,
            NewOrDecided = Enumerable.Repeat(line, 12).ToList(),
            StageChanges = [new DigestStageMove(line, InitiativeStage.InProject, InitiativeStage.HandingOver, new UserRef("typed:pat", "Pat"), DateTimeOffset.UnixEpoch)],
            HandoversDueSoon = [new DigestHandover(line, new DateOnly(2026, 11, 30), 3, readiness)],
            HandoversOverdue = [new DigestHandover(line, new DateOnly(2026, 11, 20), -7, readiness)],
            WithoutOperationsOwner = [new DigestHandover(DigestInitiative.Of(project), new DateOnly(2026, 11, 27), 0, ReadinessChecklist.Of(project))],
            UnfinishedInterviews = [new OpenInterview(Guid.NewGuid(), "t", "team", "c", new UserRef("u", "Una"), null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)],
            Truncated = true,
        };
        yield return ("digest-busy", new Reply.DigestCard(busy));
        yield return ("digest-quiet", new Reply.DigestCard(busy with { NewOrDecided = [], StageChanges = [], HandoversDueSoon = [], HandoversOverdue = [], WithoutOperationsOwner = [], UnfinishedInterviews = [], Truncated = false }));
        yield return ("digest-offer", new Reply.DigestOffer());
        var status = new PmOpsBot.Core.CheckIns.CheckInSummary
        {
            SubscriptionId = Guid.NewGuid(),
            DigestDate = new DateOnly(2026, 11, 27),
            Blocked = [new PmOpsBot.Core.CheckIns.CheckInLine(project.Id, "CRM *rollout*", new UserRef("29:pat", "Pat"), PmOpsBot.Core.CheckIns.CheckInStatus.Blocked, "vendor [late]", new DateOnly(2026, 12, 1), new DateOnly(2026, 11, 27), DateTimeOffset.UnixEpoch, false, new DateOnly(2026, 11, 24), 3)],
            AtRisk = [new PmOpsBot.Core.CheckIns.CheckInLine(project.Id, "Website", new UserRef("typed:ana", "Ana"), PmOpsBot.Core.CheckIns.CheckInStatus.AtRisk, null, null, new DateOnly(2026, 11, 27), DateTimeOffset.UnixEpoch, true)],
            OnTrack = [new PmOpsBot.Core.CheckIns.CheckInLine(project.Id, "Payroll", new UserRef("29:olu", "Olu"), PmOpsBot.Core.CheckIns.CheckInStatus.OnTrack, "fine", null, new DateOnly(2026, 11, 27), DateTimeOffset.UnixEpoch, false)],
            NotAnswered = [new PmOpsBot.Core.CheckIns.CheckInPerson(new UserRef("29:kim", "Kim"), [new PmOpsBot.Core.CheckIns.CheckInInitiative(project.Id, "Billing")])],
            Away = [new PmOpsBot.Core.CheckIns.CheckInAbsence(new UserRef("29:lee", "Lee"), PmOpsBot.Core.CheckIns.PauseKind.Away, new DateOnly(2026, 12, 12), [])],
            NotReachable = [new PmOpsBot.Core.CheckIns.CheckInPerson(new UserRef("29:max", "Max"), [])],
        };
        yield return ("digest-with-status", new Reply.DigestCard(busy with { Status = status }));
        yield return ("checkin-history", new PmOpsBot.Core.CheckIns.CheckInHistoryReply(owned, [], "No status has been reported for it yet."));
        foreach (var (name, signals) in DecisionSamples())
        {
            var result = new InitiativeClassifier().Classify(signals);
            yield return (name, new Reply.DecisionCard(SampleInitiative(result), result, RunGuidance.For(result)));
        }

        var explained = new InitiativeClassifier().Classify(DecisionSamples().First().Item2);
        yield return ("decision-explained", new Reply.DecisionCard(SampleInitiative(explained), explained, RunGuidance.For(explained)) { Rationale = "It ends at launch, so it is a **project** <at>x</at>." });
    }

    [Fact]
    public void Every_card_passes_the_adaptive_cards_library()
    {
        var renderer = new AdaptiveCardReplyRenderer();
        var dir = Directory.CreateTempSubdirectory("pmopsbot-cards-");
        try
        {
            var cards = EveryCard().ToList();
            foreach (var (name, reply) in cards)
                File.WriteAllText(Path.Combine(dir.FullName, name + ".json"), renderer.RenderCard(reply).ToString());

            var (exit, output) = NodeValidator.Run("validate-cards.js", dir.FullName);

            Assert.True(exit == 0, output);
            Assert.Contains($"cards: {cards.Count} checked, 0 with errors", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_validator_really_rejects_a_broken_card()
    {
        // Guards the test above: a validator that passes everything would make it meaningless.
        var dir = Directory.CreateTempSubdirectory("pmopsbot-cards-");
        try
        {
            var card = new AdaptiveCardReplyRenderer().RenderCard(new Reply.Help(false));
            card["version"] = "1.6";
            ((JArray)card["body"]!).Add(new JObject { ["type"] = "Carousel" });
            File.WriteAllText(Path.Combine(dir.FullName, "broken.json"), card.ToString());

            var (exit, _) = NodeValidator.Run("validate-cards.js", dir.FullName);

            Assert.Equal(1, exit);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_check_in_prompt_passes_the_adaptive_cards_library()
    {
        var dir = Directory.CreateTempSubdirectory("pmopsbot-cards-");
        try
        {
            var initiative = SampleInitiative(new InitiativeClassifier().Classify([])) with { Decision = Decision.Project };
            File.WriteAllText(Path.Combine(dir.FullName, "checkin-prompt.json"), CheckInCards.Prompt(Guid.NewGuid(), new DateOnly(2026, 11, 27), [initiative, initiative with { Id = Guid.NewGuid(), Name = "Payroll" }], reminder: true).ToString());

            var (exit, output) = NodeValidator.Run("validate-cards.js", dir.FullName);

            Assert.True(exit == 0, output);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void User_text_cannot_become_a_link_or_formatting()
    {
        var card = new AdaptiveCardReplyRenderer().RenderCard(new Reply.Welcome("Ada [Lovelace](https://evil.example)"));

        var heading = card["body"]![0]!["text"]!.ToString();
        Assert.Contains(@"\[Lovelace\]\(https://evil.example\)", heading, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_card_declares_version_1_5()
    {
        var renderer = new AdaptiveCardReplyRenderer();
        Assert.All(EveryCard(), c => Assert.Equal("1.5", renderer.RenderCard(c.Reply)["version"]!.ToString()));
    }

    private static IEnumerable<(string, DimensionSignal[])> DecisionSamples()
    {
        DimensionSignal A(Dimension d, Leaning l) => new(d, l, SignalSource.Answer, l == Leaning.Project ? "A one-time piece of work" : "It repeats and carries on");
        yield return ("decision-project", Enum.GetValues<Dimension>().Select(d => A(d, Leaning.Project)).ToArray());
        yield return ("decision-operations", Enum.GetValues<Dimension>().Select(d => A(d, Leaning.Operations)).ToArray());
        yield return ("decision-mixed", Enum.GetValues<Dimension>().Select((d, i) => A(d, i % 3 == 0 ? Leaning.Operations : i % 5 == 0 ? Leaning.Neutral : Leaning.Project)).ToArray());
    }

    private static Initiative SampleInitiative(ClassificationResult result) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = "t",
        ChannelId = "msteams",
        ConversationId = "c",
        Name = "CRM rollout <b>now</b>",
        CreatedBy = new UserRef("u", "User"),
        Decision = result.Decision,
        Confidence = result.Confidence,
        IsMixed = result.IsMixed,
        CreatedAt = DateTimeOffset.UnixEpoch,
        DecidedAt = DateTimeOffset.UnixEpoch,
    };
}

public sealed class DigestCardTests
{
    [Fact]
    public void Owners_with_real_ids_are_mentioned_with_matching_entities_and_typed_names_are_not()
    {
        var jane = new UserRef("29:jane", "Jane");
        var initiative = new Initiative
        {
            Id = Guid.NewGuid(), TenantId = "t", ChannelId = "msteams", ConversationId = "c", Name = "CRM", CreatedBy = new UserRef("typed:pat", "Pat"),
            Decision = Decision.Project, Confidence = 1, IsMixed = false, CreatedAt = DateTimeOffset.UnixEpoch, DecidedAt = DateTimeOffset.UnixEpoch,
            OperationsOwner = new OwnerAssignment(jane, OwnerResponse.Accepted, jane, DateTimeOffset.UnixEpoch),
        };
        var content = new DigestContent
        {
            SubscriptionId = Guid.NewGuid(), Scope = new DigestScope("t", null, "c"), LocalDate = new DateOnly(2026, 11, 27), TimeZoneId = "UTC",
            GeneratedAt = DateTimeOffset.UnixEpoch, Since = DateTimeOffset.UnixEpoch,
            HandoversDueSoon = [new DigestHandover(DigestInitiative.Of(initiative), new DateOnly(2026, 11, 28), 1, ReadinessChecklist.Of(initiative))],
            NewOrDecided = [DigestInitiative.Of(initiative)],
        };

        var card = DigestCards.Digest(content);

        var entity = Assert.Single(card["msteams"]!["entities"]!);
        Assert.Equal("29:jane", entity["mentioned"]!["id"]!.ToString());
        Assert.Contains("<at>Jane</at>", card.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("<at>Pat</at>", card.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void People_without_an_answer_are_mentioned_only_when_the_channel_asked(bool mention)
    {
        var status = new PmOpsBot.Core.CheckIns.CheckInSummary
        {
            SubscriptionId = Guid.NewGuid(),
            DigestDate = new DateOnly(2026, 11, 27),
            NotAnswered = [new PmOpsBot.Core.CheckIns.CheckInPerson(new UserRef("29:kim", "Kim"), [new PmOpsBot.Core.CheckIns.CheckInInitiative(Guid.NewGuid(), "Billing")])],
        };
        var content = new DigestContent
        {
            SubscriptionId = Guid.NewGuid(), Scope = new DigestScope("t", null, "c"), LocalDate = new DateOnly(2026, 11, 27), TimeZoneId = "UTC",
            GeneratedAt = DateTimeOffset.UnixEpoch, Since = DateTimeOffset.UnixEpoch, Status = status, MentionMissingAnswers = mention,
            UnfinishedInterviews = [new OpenInterview(Guid.NewGuid(), "t", null, "c", new UserRef("typed:una", "Una"), null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)],
        };

        var card = DigestCards.Digest(content).ToString();

        Assert.Equal(mention, card.Contains("<at>Kim</at>", StringComparison.Ordinal));
        Assert.Contains("Kim", card, StringComparison.Ordinal);
    }
}
