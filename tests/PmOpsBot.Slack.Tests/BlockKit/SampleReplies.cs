using PmOpsBot.Core.CareerFit;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Core.Interview;

namespace PmOpsBot.Slack.Tests.BlockKit;

/// <summary>Every reply the Slack renderer draws, built from the core's real types: realistic ones and worst cases.</summary>
public static class SampleReplies
{
    public static readonly DateOnly Today = new(2026, 11, 27);

    /// <summary>Longer than every Slack text limit, with characters that need escaping all along it.</summary>
    public static readonly string VeryLong = string.Concat(Enumerable.Repeat("Quarterly <b>&amp</b> migration ", 250));

    public static readonly UserRef Pat = new("U0PAT0001", "Pat Project");
    public static readonly UserRef Olu = new("W0OLU0002", "Olu Ops");
    public static readonly UserRef Typed = new("typed:ana", "Ana");

    public static IEnumerable<(string Name, Reply Reply)> Realistic()
    {
        var question = InterviewScript.For(Dimension.Timeframe);
        var inferred = new[] { new DimensionSignal(Dimension.Timeframe, Leaning.Project, SignalSource.Text, "“by March”"), new DimensionSignal(Dimension.Rhythm, Leaning.Project, SignalSource.Text, "“by March”") };
        yield return ("text", new Reply.Text("Saved “CRM rollout”: on track.\nYou can change it until the digest posts at 09:00."));
        yield return ("welcome", new Reply.Welcome("Ada"));
        yield return ("welcome-anonymous", new Reply.Welcome(""));
        yield return ("help", new Reply.Help(false));
        yield return ("help-in-interview", new Reply.Help(true));
        yield return ("ask-name", new Reply.InterviewPrompt(new InterviewProgress.AskName("Please keep it short."), "name", false));
        yield return ("ask-description", new Reply.InterviewPrompt(new InterviewProgress.AskDescription("CRM rollout", null), "description", true));
        yield return ("confirm-inferred", new Reply.InterviewPrompt(new InterviewProgress.ConfirmInferred(inferred, null), "confirminferred", true));
        yield return ("question", new Reply.InterviewPrompt(new InterviewProgress.AskQuestion(question, 3, 12, inferred[0], "Sorry, I didn't catch that."), "q:Timeframe", true));
        yield return ("question-first", new Reply.InterviewPrompt(new InterviewProgress.AskQuestion(InterviewScript.Questions[0], 1, 12, null, null), "q:Nature", false));
        yield return ("interview-finished", new Reply.InterviewPrompt(new InterviewProgress.Finished(), "done", false));
        yield return ("confirm-abandon", new Reply.ConfirmAbandon("Payroll"));
        yield return ("confirm-forget", new Reply.ConfirmForget());
        foreach (var (name, leaning) in new[] { ("decision-project", Leaning.Project), ("decision-operations", Leaning.Operations), ("decision-mixed", Leaning.Neutral) })
        {
            var signals = Enum.GetValues<Dimension>().Select((d, i) => new DimensionSignal(d, leaning == Leaning.Neutral ? (i % 3 == 0 ? Leaning.Operations : i % 5 == 0 ? Leaning.Neutral : Leaning.Project) : leaning, SignalSource.Answer, "A one-time piece of work"));
            var result = new InitiativeClassifier().Classify(signals);
            yield return (name, new Reply.DecisionCard(Initiative("CRM rollout") with { Decision = result.Decision, IsMixed = result.IsMixed }, result, RunGuidance.For(result)));
        }

        var explained = new InitiativeClassifier().Classify(Enum.GetValues<Dimension>().Select(d => new DimensionSignal(d, Leaning.Project, SignalSource.Answer, "A one-time piece of work")));
        yield return ("decision-explained", new Reply.DecisionCard(Initiative("CRM rollout"), explained, RunGuidance.For(explained))
        {
            Rationale = "It ends once the new CRM is live and leaves a new system behind, so it is a project.",
        });

        var project = Initiative("CRM rollout");
        var owned = Owned(project);
        var operations = project with { Id = Guid.NewGuid(), Name = "Payroll", Decision = Decision.Operations, IsMixed = false, Stage = InitiativeStage.InOperations };
        yield return ("handover-empty", new Reply.HandoverCard(project, ReadinessChecklist.Of(project)));
        yield return ("handover-ready", new Reply.HandoverCard(owned, ReadinessChecklist.Of(owned), UpdateInPlace: true)
        {
            LastStatus = new CheckInAnswer(Guid.NewGuid(), "t", owned.Id, Pat, CheckInStatus.AtRisk, "vendor is late", null, Guid.NewGuid(), Today, DateTimeOffset.UnixEpoch, false),
        });
        yield return ("handover-operations", new Reply.HandoverCard(operations, ReadinessChecklist.Of(operations)));
        var ownerLeft = project with { ProjectOwner = PmOpsBot.Core.Privacy.FormerMember.New(), CreatedBy = PmOpsBot.Core.Privacy.FormerMember.New() };
        yield return ("handover-owner-left", new Reply.HandoverCard(ownerLeft, ReadinessChecklist.Of(ownerLeft)));
        yield return ("handover-retired", new Reply.HandoverCard(owned with { Stage = InitiativeStage.Retired }, ReadinessChecklist.Of(owned)));
        yield return ("list-empty", new Reply.InitiativeList("Handovers due this month", [], "No handovers are due this month."));
        yield return ("list", new Reply.InitiativeList("Your initiatives", [project, owned, operations], ""));
        yield return ("choose", new Reply.ChooseInitiative("Several initiatives match “crm”. Which one do you mean?", [project, owned, operations, project, owned, operations]));
        yield return ("not-found", new Reply.NoSuchInitiative("Moon base"));
        yield return ("owner-request", new Reply.OwnerRequest(owned, Pat));
        yield return ("digest-busy", new Reply.DigestCard(Digest(owned, project, 3) with { Status = Status(owned.Id, 2) }));
        yield return ("digest-status-only", new Reply.DigestCard(Digest(owned, project, 0) with { Status = Status(owned.Id, 1) }));
        yield return ("digest-quiet", new Reply.DigestCard(Digest(owned, project, 0)));
        yield return ("digest-offer", new Reply.DigestOffer());
        yield return ("checkin-history-empty", new CheckInHistoryReply(owned, [], "No status has been reported for it yet."));
        yield return ("checkin-history", new CheckInHistoryReply(owned,
            [new CheckInAnswer(Guid.NewGuid(), "t", owned.Id, Pat, CheckInStatus.Blocked, "waiting for legal", Today.AddDays(5), Guid.NewGuid(), Today, DateTimeOffset.UnixEpoch, true)], ""));
        yield return ("checkin-prompt", new CheckInPromptReply(Guid.NewGuid(), Today, [project, operations], Reminder: false));
        yield return ("checkin-reminder", new CheckInPromptReply(Guid.NewGuid(), Today, [operations], Reminder: true));
        var career = CareerQuestions.Questions[0];
        yield return ("career-question", new Reply.CareerQuestion(new CareerFitProgress.AskQuestion(career, 1, CareerQuestions.Questions.Count, null), false));
        yield return ("career-question-note", new Reply.CareerQuestion(new CareerFitProgress.AskQuestion(career, 2, CareerQuestions.Questions.Count, "I didn't catch that."), true));
        yield return ("career-result", new Reply.CareerResult(new CareerFitResult(70, 30, CareerLeaning.ProjectManagement, ["Enjoys new initiatives"], ["Prefers structured work"], 8, 10)));
        yield return ("career-result-even", new Reply.CareerResult(new CareerFitResult(50, 50, CareerLeaning.Balanced, [], [], 0, 10)));
        yield return ("career-reuse", new Reply.CareerReuseOffer(DateTimeOffset.UnixEpoch));
    }

    /// <summary>Every limit pushed: very long names and notes everywhere, 200-item digests, 30 open checklist items, 25 candidates.</summary>
    public static IEnumerable<(string Name, Reply Reply)> WorstCase()
    {
        var longPerson = new UserRef("typed:long", VeryLong);
        var project = Initiative(VeryLong) with { Description = VeryLong, ProjectOwner = longPerson };
        var owned = Owned(project) with { OperationsOwner = new OwnerAssignment(longPerson, OwnerResponse.Pending, longPerson, DateTimeOffset.UnixEpoch) };
        var thirtyOpen = new Readiness([], Enumerable.Range(1, 30).Select(i => new ReadinessChecklist.ItemInfo(ReadinessItem.RunbookWritten, VeryLong, VeryLong, (TransitionRisk)(i % 3), VeryLong)).ToList());
        var inferred = Enumerable.Range(0, 40).Select(i => new DimensionSignal((Dimension)(i % 12), (Leaning)(i % 3), SignalSource.Text, $"{i} {VeryLong}")).ToList();
        var signals = Enumerable.Range(0, 200).Select(i => new DimensionSignal((Dimension)(i % 12), (Leaning)(i % 3), SignalSource.Answer, VeryLong)).ToList();
        var result = new InitiativeClassifier().Classify(signals);
        var longQuestion = new InterviewQuestion(Dimension.Risk, VeryLong, VeryLong,
            [new AnswerOption("a", VeryLong, Leaning.Project, []), new AnswerOption("b", VeryLong, Leaning.Operations, [])], VeryLong);
        var longCareer = new CareerQuestion("long", VeryLong, VeryLong, [new CareerOption("a", VeryLong, CareerLeaning.ProjectManagement, VeryLong, [])], VeryLong);

        yield return ("long-text", new Reply.Text(string.Join("\n", Enumerable.Repeat(VeryLong, 20))));
        yield return ("long-welcome", new Reply.Welcome(VeryLong));
        yield return ("long-ask-description", new Reply.InterviewPrompt(new InterviewProgress.AskDescription(VeryLong, VeryLong), "description", true));
        yield return ("long-confirm-inferred", new Reply.InterviewPrompt(new InterviewProgress.ConfirmInferred(inferred, VeryLong), "confirminferred", true));
        yield return ("long-question", new Reply.InterviewPrompt(new InterviewProgress.AskQuestion(longQuestion, 12, 12, inferred[0], VeryLong), "q:Risk", true));
        yield return ("long-confirm-abandon", new Reply.ConfirmAbandon(VeryLong));
        yield return ("long-decision", new Reply.DecisionCard(project, result, RunGuidance.For(result) with { Headline = VeryLong, Summary = VeryLong, HandoffAdvice = VeryLong, Practices = Enumerable.Repeat(VeryLong, 30).ToList() }));
        yield return ("long-decision-rationale", new Reply.DecisionCard(project, result, RunGuidance.For(result)) { Rationale = VeryLong });
        yield return ("long-handover", new Reply.HandoverCard(owned, thirtyOpen)
        {
            LastStatus = new CheckInAnswer(Guid.NewGuid(), "t", owned.Id, longPerson, CheckInStatus.Blocked, VeryLong, Today, Guid.NewGuid(), Today, DateTimeOffset.UnixEpoch, true),
        });
        var many = Enumerable.Range(0, 200).Select(i => project with { Id = Guid.NewGuid(), Name = $"{i} {VeryLong}" }).ToList();
        yield return ("long-list", new Reply.InitiativeList(VeryLong, many, VeryLong));
        yield return ("long-choose", new Reply.ChooseInitiative(VeryLong, many));
        yield return ("long-not-found", new Reply.NoSuchInitiative(VeryLong));
        yield return ("long-owner-request", new Reply.OwnerRequest(owned, longPerson));
        yield return ("digest-200", new Reply.DigestCard(Digest(owned, project, 200) with { Status = Status(owned.Id, 200), MentionMissingAnswers = true, Truncated = true }));
        yield return ("long-checkin-history", new CheckInHistoryReply(owned,
            Enumerable.Range(0, 20).Select(i => new CheckInAnswer(Guid.NewGuid(), "t", owned.Id, longPerson, (CheckInStatus)(i % 3), VeryLong, Today, Guid.NewGuid(), Today, DateTimeOffset.UnixEpoch, i % 2 == 0)).ToList(), VeryLong));
        yield return ("long-career-question", new Reply.CareerQuestion(new CareerFitProgress.AskQuestion(longCareer, 1, 1, VeryLong), true));
        yield return ("long-career-result", new Reply.CareerResult(new CareerFitResult(100, 0, CareerLeaning.ProjectManagement, Enumerable.Repeat(VeryLong, 30).ToList(), Enumerable.Repeat(VeryLong, 30).ToList(), 10, 10)));
    }

    public static IEnumerable<(string Name, Reply Reply)> All() => Realistic().Concat(WorstCase());

    public static Initiative Initiative(string name) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = "T0TEAM",
        ChannelId = "slack",
        ConversationId = "C0CHANNEL",
        Name = name,
        CreatedBy = Pat,
        Decision = Decision.Project,
        Confidence = 0.8,
        IsMixed = false,
        CreatedAt = DateTimeOffset.UnixEpoch,
        DecidedAt = DateTimeOffset.UnixEpoch,
    };

    public static Initiative Owned(Initiative project) => project with
    {
        Id = Guid.NewGuid(),
        ProjectOwner = Pat,
        OperationsOwner = new OwnerAssignment(Olu, OwnerResponse.Accepted, Pat, DateTimeOffset.UnixEpoch),
        HandoverDate = new DateOnly(2027, 3, 1),
        Checklist = Enum.GetValues<ReadinessItem>().Skip(1).Select(i => new ChecklistTick(i, Pat, DateTimeOffset.UnixEpoch)).ToList(),
        Stage = InitiativeStage.HandingOver,
    };

    /// <summary>A digest with <paramref name="perList"/> items in every list, each with its own id and a numbered name.</summary>
    public static DigestContent Digest(Initiative owned, Initiative project, int perList)
    {
        DigestInitiative Line(string list, int i, Initiative source) => DigestInitiative.Of(source with { Id = Guid.NewGuid(), Name = $"{list}-{i:000} {source.Name}" });
        var readiness = ReadinessChecklist.Of(owned);
        return new DigestContent
        {
            SubscriptionId = Guid.NewGuid(),
            Scope = new DigestScope("T0TEAM", null, "C0CHANNEL"),
            LocalDate = Today,
            TimeZoneId = "Europe/Berlin",
            GeneratedAt = DateTimeOffset.UnixEpoch,
            Since = DateTimeOffset.UnixEpoch,
            NewOrDecided = Enumerable.Range(0, perList).Select(i => Line("new", i, owned)).ToList(),
            StageChanges = Enumerable.Range(0, perList).Select(i => new DigestStageMove(Line("stage", i, owned), InitiativeStage.InProject, InitiativeStage.HandingOver, i % 2 == 0 ? Pat : Typed, DateTimeOffset.UnixEpoch)).ToList(),
            HandoversDueSoon = Enumerable.Range(0, perList).Select(i => new DigestHandover(Line("due", i, owned), Today.AddDays(i % 8), i % 8, readiness)).ToList(),
            HandoversOverdue = Enumerable.Range(0, perList).Select(i => new DigestHandover(Line("late", i, owned), Today.AddDays(-1 - i), -1 - i, readiness)).ToList(),
            WithoutOperationsOwner = Enumerable.Range(0, perList).Select(i => new DigestHandover(Line("noops", i, project), Today, 0, ReadinessChecklist.Of(project))).ToList(),
            UnfinishedInterviews = Enumerable.Range(0, perList).Select(i => new OpenInterview(Guid.NewGuid(), "T0TEAM", null, "C0CHANNEL", Olu, i == 0 ? null : $"interview-{i:000} {project.Name}", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)).ToList(),
        };
    }

    /// <summary>A status section with <paramref name="perList"/> lines in every list and as many people without a status.</summary>
    public static CheckInSummary Status(Guid initiative, int perList) => new()
    {
        SubscriptionId = Guid.NewGuid(),
        DigestDate = Today,
        Blocked = Enumerable.Range(0, perList).Select(i => new CheckInLine(initiative, $"blocked-{i:000} CRM", Pat, CheckInStatus.Blocked, "vendor late", Today.AddDays(4), Today, DateTimeOffset.UnixEpoch, false, Today.AddDays(-3), 3)).ToList(),
        AtRisk = Enumerable.Range(0, perList).Select(i => new CheckInLine(initiative, $"atrisk-{i:000} Website", Typed, CheckInStatus.AtRisk, null, null, Today, DateTimeOffset.UnixEpoch, true)).ToList(),
        OnTrack = Enumerable.Range(0, perList).Select(i => new CheckInLine(initiative, $"ontrack-{i:000} Payroll", Olu, CheckInStatus.OnTrack, "fine", null, Today, DateTimeOffset.UnixEpoch, false)).ToList(),
        NotAnswered = Enumerable.Range(0, perList).Select(i => new CheckInPerson(new UserRef($"U0KIM{i:000}", $"missing-{i:000} Kim"), [new CheckInInitiative(initiative, "Billing")])).ToList(),
        Away = Enumerable.Range(0, perList).Select(i => new CheckInAbsence(new UserRef($"U0LEE{i:000}", $"away-{i:000} Lee"), PauseKind.Away, Today.AddDays(14), [])).ToList(),
        NotReachable = Enumerable.Range(0, perList).Select(i => new CheckInPerson(new UserRef($"typed:max{i}", $"unreachable-{i:000} Max"), [])).ToList(),
    };
}
