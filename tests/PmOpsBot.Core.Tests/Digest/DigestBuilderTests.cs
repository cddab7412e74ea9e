using Moq;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using static PmOpsBot.Core.Tests.Digest.DigestSeed;

namespace PmOpsBot.Core.Tests.Digest;

public sealed class DigestBuilderTests
{
    // Wednesday 11 June 2025, 09:00 in Berlin (CEST); the last digest went out on Tuesday at 09:00.
    private static readonly DateTimeOffset Now = new(2025, 6, 11, 9, 0, 0, TimeSpan.FromHours(2));
    private static readonly DateTimeOffset LastPost = Now.AddDays(-1);
    private static readonly DateOnly Today = new(2025, 6, 11);

    private readonly DigestRegistry _registry = new();
    private readonly InMemoryInterviewLog _interviews = new();

    private DigestBuilder Builder => new(_registry.Store, _interviews);

    private async Task<DigestContent> BuildSeededAsync()
    {
        _registry.Add(Initiative("Decided since", LastPost.AddHours(3)));
        _registry.Add(Initiative("Decided last week", Now.AddDays(-7)));
        _registry.Add(Initiative("Moved stage", Now.AddDays(-30), stage: InitiativeStage.InProject, history:
        [
            new StageChange(InitiativeStage.Proposed, InitiativeStage.InProject, Kim, LastPost.AddHours(2)),
            new StageChange(InitiativeStage.InProject, InitiativeStage.Proposed, Kim, LastPost.AddHours(-2)),
        ]));
        _registry.Add(Initiative("Due in three days", Now.AddDays(-30), handover: Today.AddDays(3), operations: OwnerResponse.Accepted));
        _registry.Add(Initiative("Launching today without owner", Now.AddDays(-30), handover: Today));
        _registry.Add(Initiative("Due in a week", Now.AddDays(-30), handover: Today.AddDays(7), operations: OwnerResponse.Pending));
        _registry.Add(Initiative("Due in eight days", Now.AddDays(-30), handover: Today.AddDays(8)));
        _registry.Add(Initiative("Overdue, owner declined", Now.AddDays(-30), handover: Today.AddDays(-5), operations: OwnerResponse.Declined));
        _registry.Add(Initiative("Overdue operations work", Now.AddDays(-30), decision: Decision.Operations, stage: InitiativeStage.Proposed, handover: Today.AddDays(-2)));
        _registry.Add(Initiative("Overdue mixed, owner pending", Now.AddDays(-30), decision: Decision.Operations, mixed: true, handover: Today.AddDays(-1), operations: OwnerResponse.Pending));
        _registry.Add(Initiative("Handed over already", Now.AddDays(-30), stage: InitiativeStage.InOperations, handover: Today.AddDays(-3)));
        _registry.Add(Initiative("Retired", Now.AddDays(-30), stage: InitiativeStage.Retired, handover: Today.AddDays(2)));

        // Out of scope: another team of the tenant, the same team id in another tenant, a group chat of the tenant.
        _registry.Add(Initiative("Other team, new", LastPost.AddHours(1), team: "team-b"));
        _registry.Add(Initiative("Other team, overdue", Now.AddDays(-30), team: "team-b", handover: Today.AddDays(-1)));
        _registry.Add(Initiative("Other tenant, new", LastPost.AddHours(1), tenant: "t2"));
        _registry.Add(Initiative("Group chat, new", LastPost.AddHours(1), team: null, conversation: "19:groupchat"));

        await _interviews.UpsertAsync(new OpenInterview(Guid.NewGuid(), "t1", "team-a", "19:x", Kim, "Stale one", Now.AddDays(-3), Now.AddDays(-2)), default);
        await _interviews.UpsertAsync(new OpenInterview(Guid.NewGuid(), "t1", "team-a", "19:x", Olu, "Fresh one", Now.AddHours(-5), Now.AddHours(-2)), default);
        await _interviews.UpsertAsync(new OpenInterview(Guid.NewGuid(), "t1", "team-b", "19:y", Olu, "Other team", Now.AddDays(-3), Now.AddDays(-2)), default);
        await _interviews.UpsertAsync(new OpenInterview(Guid.NewGuid(), "t2", "team-a", "19:x", Olu, "Other tenant", Now.AddDays(-3), Now.AddDays(-2)), default);

        return await Builder.BuildAsync(Subscription(lastPostedAt: LastPost), Now, default);
    }

    private static string[] Names(IEnumerable<DigestInitiative> items) => items.Select(i => i.Name).ToArray();

    private static string[] Names(IEnumerable<DigestHandover> items) => items.Select(i => i.Initiative.Name).ToArray();

    [Fact]
    public async Task Asks_the_registry_once_for_the_scope_since_the_last_digest()
    {
        await BuildSeededAsync();

        var request = Assert.Single(_registry.Requests);
        Assert.Equal(new DigestScope("t1", "team-a", "19:general@thread.tacv2"), request.Scope);
        Assert.Equal(LastPost, request.ChangedAfter);
        Assert.Equal(Today.AddDays(7), request.DueUntil);
        Assert.Equal(DigestBuilder.InitiativeLimit, request.Limit);
    }

    [Fact]
    public async Task New_or_decided_since_the_last_digest()
    {
        var digest = await BuildSeededAsync();

        Assert.Equal(["Decided since"], Names(digest.NewOrDecided));
    }

    [Fact]
    public async Task Stage_changes_since_the_last_digest_say_who_from_and_to()
    {
        var digest = await BuildSeededAsync();

        var move = Assert.Single(digest.StageChanges);
        Assert.Equal("Moved stage", move.Initiative.Name);
        Assert.Equal((InitiativeStage.Proposed, InitiativeStage.InProject), (move.From, move.To));
        Assert.Equal(Kim, move.By);
    }

    [Fact]
    public async Task Handovers_due_in_the_next_seven_days_soonest_first()
    {
        var digest = await BuildSeededAsync();

        Assert.Equal(["Launching today without owner", "Due in three days", "Due in a week"], Names(digest.HandoversDueSoon));
        Assert.Equal([0, 3, 7], digest.HandoversDueSoon.Select(h => h.DaysFromToday));
        Assert.Equal("0 of 7 ready", digest.HandoversDueSoon[0].Readiness.Summary);
    }

    [Fact]
    public async Task Overdue_handovers_most_overdue_first_and_never_when_in_operations_or_retired()
    {
        var digest = await BuildSeededAsync();

        Assert.Equal(["Overdue, owner declined", "Overdue operations work", "Overdue mixed, owner pending"], Names(digest.HandoversOverdue));
        Assert.Equal([-5, -2, -1], digest.HandoversOverdue.Select(h => h.DaysFromToday));
    }

    [Fact]
    public async Task Projects_at_or_past_launch_without_an_operations_owner()
    {
        var digest = await BuildSeededAsync();

        // Pure operations work has nothing to hand over; a pending owner is an owner; a declined one is not.
        Assert.Equal(["Overdue, owner declined", "Launching today without owner"], Names(digest.WithoutOperationsOwner));
    }

    [Fact]
    public async Task Interviews_untouched_for_more_than_a_day_in_scope()
    {
        var digest = await BuildSeededAsync();

        var stale = Assert.Single(digest.UnfinishedInterviews);
        Assert.Equal("Stale one", stale.Name);
        Assert.Equal(Kim, stale.User);
    }

    [Fact]
    public async Task Nothing_from_other_teams_tenants_or_chats()
    {
        var digest = await BuildSeededAsync();

        var everything = Names(digest.NewOrDecided)
            .Concat(digest.StageChanges.Select(s => s.Initiative.Name))
            .Concat(Names(digest.HandoversDueSoon)).Concat(Names(digest.HandoversOverdue)).Concat(Names(digest.WithoutOperationsOwner))
            .Concat(digest.UnfinishedInterviews.Select(i => i.Name!));
        Assert.DoesNotContain(everything, n => n.StartsWith("Other", StringComparison.Ordinal) || n.StartsWith("Group", StringComparison.Ordinal));
        Assert.DoesNotContain(everything, n => n is "Decided last week" or "Due in eight days" or "Handed over already" or "Retired");
    }

    [Fact]
    public async Task Lines_carry_the_initiative_id_and_the_owners_to_mention()
    {
        var digest = await BuildSeededAsync();

        var due = digest.HandoversDueSoon.Single(h => h.Initiative.Name == "Due in three days");
        Assert.NotEqual(Guid.Empty, due.Initiative.Id);
        Assert.Equal([Pat, Olu], due.Initiative.Owners);

        var declined = digest.HandoversOverdue.Single(h => h.Initiative.Name == "Overdue, owner declined");
        Assert.Equal([Pat], declined.Initiative.Owners);

        Assert.Contains(Kim, digest.Mentioned);
        Assert.Equal(digest.Mentioned.Count, digest.Mentioned.DistinctBy(u => u.Id).Count());
    }

    [Fact]
    public async Task The_header_has_the_local_date_and_zone()
    {
        var digest = await BuildSeededAsync();

        Assert.Equal(Today, digest.LocalDate);
        Assert.Equal("Europe/Berlin", digest.TimeZoneId);
        Assert.Equal(TimeSpan.FromHours(2), digest.GeneratedAt.Offset);
        Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(digest.GeneratedAt.DateTime));
        Assert.Equal(LastPost, digest.Since);
        Assert.False(digest.IsQuiet);
        Assert.False(digest.Truncated);
    }

    [Fact]
    public async Task A_day_with_nothing_to_report_is_quiet()
    {
        _registry.Add(Initiative("Decided last week", Now.AddDays(-7)));
        _registry.Add(Initiative("Other team, new", LastPost.AddHours(1), team: "team-b"));

        var digest = await Builder.BuildAsync(Subscription(lastPostedAt: LastPost), Now, default);

        Assert.True(digest.IsQuiet);
        Assert.Empty(digest.Mentioned);
    }

    [Fact]
    public async Task The_first_digest_looks_back_one_day()
    {
        _registry.Add(Initiative("Two days ago", Now.AddDays(-2)));
        _registry.Add(Initiative("Yesterday evening", Now.AddHours(-15)));

        var digest = await Builder.BuildAsync(Subscription(lastPostedAt: null), Now, default);

        Assert.Equal(Now.AddDays(-1), digest.Since);
        Assert.Equal(["Yesterday evening"], Names(digest.NewOrDecided));
    }

    [Fact]
    public async Task A_group_chat_digest_covers_that_chat_only()
    {
        _registry.Add(Initiative("Chat work", LastPost.AddHours(1), team: null, conversation: "19:groupchat"));
        _registry.Add(Initiative("Another chat", LastPost.AddHours(1), team: null, conversation: "19:other"));
        _registry.Add(Initiative("Team work", LastPost.AddHours(1)));

        var digest = await Builder.BuildAsync(Subscription(team: null, conversation: "19:groupchat", lastPostedAt: LastPost), Now, default);

        Assert.Equal(["Chat work"], Names(digest.NewOrDecided));
    }

    [Fact]
    public async Task Another_tenants_initiative_never_shows_even_if_the_store_returns_it()
    {
        var foreign = Initiative("Foreign", LastPost.AddHours(1), tenant: "t2");
        var store = new Mock<IInitiativeStore>();
        store.Setup(s => s.ListForDigestAsync(It.IsAny<DigestScope>(), It.IsAny<DateTimeOffset>(), It.IsAny<DateOnly>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([foreign]);

        var digest = await new DigestBuilder(store.Object, _interviews).BuildAsync(Subscription(lastPostedAt: LastPost), Now, default);

        Assert.True(digest.IsQuiet);
    }

    [Fact]
    public async Task A_full_answer_is_flagged_as_possibly_truncated()
    {
        for (var i = 0; i < DigestBuilder.InitiativeLimit + 5; i++) _registry.Add(Initiative($"Item {i}", LastPost.AddMinutes(i + 1)));

        var digest = await Builder.BuildAsync(Subscription(lastPostedAt: LastPost), Now, default);

        Assert.True(digest.Truncated);
        Assert.Equal(DigestBuilder.InitiativeLimit, digest.NewOrDecided.Count);
    }
}
