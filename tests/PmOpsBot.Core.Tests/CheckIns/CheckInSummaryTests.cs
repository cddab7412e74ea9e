using Microsoft.Extensions.Time.Testing;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Core.Tests.Digest;
using static PmOpsBot.Core.Tests.Digest.DigestSeed;

namespace PmOpsBot.Core.Tests.CheckIns;

public sealed class CheckInSummaryTests
{
    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);
    private static readonly DateOnly Thursday = new(2025, 1, 9);
    private static readonly UserRef Ana = new("ana", "Ana");
    private static readonly UserRef Bo = new("bo", "Bo");
    private static readonly UserRef Typed = new("typed:sam", "Sam");

    private readonly CheckInRegistry _registry = new();
    private readonly InMemoryCheckInStore _store = new();
    private readonly InMemoryDigestSubscriptionStore _subscriptions = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 1, 9, 8, 30, 0, Cet));

    private Initiative Owned(string name, UserRef owner) =>
        _registry.Add(Initiative(name, new DateTimeOffset(2024, 12, 1, 9, 0, 0, Cet)) with { ProjectOwner = owner, TeamId = "team-a" });

    private static DateTimeOffset Local(int day, int hour, int minute = 0) => new(2025, 1, day, hour, minute, 0, Cet);

    private async Task Answer(Initiative i, UserRef by, CheckInStatus status, DateOnly date, DateTimeOffset at, Guid subscription, string? note = null, bool late = false) =>
        await _store.SaveAnswerAsync(new CheckInAnswer(Guid.NewGuid(), "t1", i.Id, by, status, note, null, subscription, date, at, late), default);

    [Fact]
    public async Task Compiles_blocked_first_with_notes_and_days_then_at_risk_on_track_late_and_who_is_missing_once()
    {
        var s = await _subscriptions.SaveAsync(Subscription(team: "team-a") with { LastPostedAt = Local(8, 9, 0) }, default);
        var crm = Owned("CRM rollout", Pat);
        var payroll = Owned("Payroll cleanup", Pat);
        var data = Owned("Data platform", Kim);
        var portal = Owned("Portal", Kim);
        var wiki = Owned("Wiki", Olu);
        var billing = Owned("Billing", Olu);
        var hr = Owned("HR tool", Ana);
        var legacy = Owned("Legacy", Bo);
        var typedWork = Owned("Typed work", Typed);

        // CRM: blocked Monday, (no answer Tuesday), blocked Wednesday, blocked today → blocked since Monday, 3 days.
        await Answer(crm, Pat, CheckInStatus.Blocked, Thursday.AddDays(-3), Local(6, 8, 10), s.Id);
        await Answer(crm, Pat, CheckInStatus.Blocked, Thursday.AddDays(-1), Local(8, 8, 10), s.Id);
        await Answer(crm, Pat, CheckInStatus.Blocked, Thursday, Local(9, 8, 10), s.Id, "waiting for the vendor's API keys");
        // Data platform: on track yesterday, blocked today → new blocker (0 days).
        await Answer(data, Kim, CheckInStatus.OnTrack, Thursday.AddDays(-1), Local(8, 8, 5), s.Id);
        await Answer(data, Kim, CheckInStatus.Blocked, Thursday, Local(9, 8, 5), s.Id, "security review");
        await Answer(portal, Kim, CheckInStatus.AtRisk, Thursday, Local(9, 8, 6), s.Id, "design slipped");
        await Answer(payroll, Pat, CheckInStatus.OnTrack, Thursday, Local(9, 8, 11), s.Id);
        // Wiki: answered late for yesterday, after yesterday's digest → carried into today's, marked late.
        await Answer(wiki, Olu, CheckInStatus.OnTrack, Thursday.AddDays(-1), Local(8, 11, 0), s.Id, late: true);
        // An old answer from before the last digest is not reported again.
        await Answer(billing, Olu, CheckInStatus.OnTrack, Thursday.AddDays(-2), Local(7, 8, 0), s.Id);
        await _store.SetPauseAsync(new CheckInPause("t1", "ana", PauseKind.Away, Thursday.AddDays(7)), default);
        await _store.TryRecordPromptAsync(s.Id, Thursday, "bo", Local(9, 8, 0), default);
        await _store.MarkUnreachableAsync(s.Id, Thursday, "bo", Local(9, 8, 0), default);

        var summary = await new CheckInSummaryService(_registry.Store, _store).BuildSummaryAsync(s, Thursday, default);

        Assert.Equal(["CRM rollout", "Data platform"], summary.Blocked.Select(l => l.InitiativeName));
        Assert.Equal((new DateOnly(2025, 1, 6), 3), (summary.Blocked[0].BlockedSince!.Value, summary.Blocked[0].BlockedDays!.Value));
        Assert.Equal("waiting for the vendor's API keys", summary.Blocked[0].Note);
        Assert.Equal(0, summary.Blocked[1].BlockedDays);
        Assert.Equal(["Portal"], summary.AtRisk.Select(l => l.InitiativeName));
        Assert.Equal("design slipped", summary.AtRisk[0].Note);
        Assert.Equal(2, summary.OnTrackCount);
        Assert.Equal(["Wiki"], summary.Late.Select(l => l.InitiativeName));
        // Olu is listed once (for Billing), Ana as away, Bo and the typed-name owner as not reachable.
        var missing = Assert.Single(summary.NotAnswered);
        Assert.Equal("olu", missing.Person.Id);
        Assert.Equal(["Billing"], missing.Initiatives.Select(i => i.Name));
        Assert.Equal([("ana", PauseKind.Away)], summary.Away.Select(a => (a.Person.Id, a.Kind)));
        Assert.Equal(["bo", "typed:sam"], summary.NotReachable.Select(p => p.Person.Id).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(summary.NotAnswered, p => p.Person.Id is "pat" or "kim");
        Assert.Contains(summary.NotReachable, p => p.Initiatives.Any(i => i.Id == legacy.Id));
        Assert.Contains(summary.NotReachable, p => p.Initiatives.Any(i => i.Id == typedWork.Id));
        Assert.Equal(hr.Id, summary.Away[0].Initiatives.Single().Id);
        Assert.False(summary.IsEmpty);
    }

    [Fact]
    public void A_scope_without_initiatives_has_an_empty_section()
    {
        var summary = CheckInCompiler.Compile(Guid.NewGuid(), Thursday, [], [], new Dictionary<Guid, IReadOnlyList<CheckInAnswer>>(), [], []);
        Assert.True(summary.IsEmpty);
    }

    private CheckInFlow Flow() => new(_registry.Store, _subscriptions, _store, _clock);

    private static ChatContext As(UserRef user) => new("msteams", "t1", null, "a:1on1", user, IsGroup: false);

    [Fact]
    public async Task An_edit_before_the_digest_replaces_the_answer_and_the_history_keeps_both()
    {
        var s = await _subscriptions.SaveAsync(Subscription(team: "team-a") with { LastPostedAt = Local(8, 9, 0) }, default);
        var crm = Owned("CRM rollout", Pat);

        var first = await Flow().HandleAsync(As(Pat), new CheckInAction.Answer(s.Id, Thursday, crm.Id, CheckInStatus.AtRisk, "vendor late"), default);
        _clock.Advance(TimeSpan.FromMinutes(10));
        await Flow().HandleAsync(As(Pat), new CheckInAction.Answer(s.Id, Thursday, crm.Id, CheckInStatus.Blocked, "vendor gone"), default);

        Assert.Contains("until the digest posts at 09:00", Assert.IsType<Reply.Text>(Assert.Single(first)).Message, StringComparison.Ordinal);
        var current = Assert.Single(await _store.ListForDigestAsync("t1", s.Id, Thursday, s.LastPostedAt, default));
        Assert.Equal((CheckInStatus.Blocked, "vendor gone", false), (current.Status, current.Note, current.Late));
        var history = await _store.ListHistoryAsync("t1", crm.Id, 10, default);
        Assert.Equal([CheckInStatus.Blocked, CheckInStatus.AtRisk], history.Select(h => h.Status));
        Assert.All(history, h => Assert.Equal(current.Id, h.Id));

        var reply = Assert.IsType<CheckInHistoryReply>(Assert.Single(await Flow().HandleAsync(As(Kim), CheckInActionReader.Parse("status history of crm rollout", Thursday)!, default)));
        Assert.Equal(crm.Id, reply.Initiative.Id);
        Assert.Equal(2, reply.Entries.Count);
        Assert.Equal(CheckInStatus.Blocked, (await _store.FindLatestAsync("t1", crm.Id, default))!.Status);
    }

    [Fact]
    public async Task An_answer_after_the_digest_posted_is_late_and_reported_by_the_next_digest()
    {
        var s = await _subscriptions.SaveAsync(Subscription(team: "team-a"), default);
        await _subscriptions.TryClaimAsync(s.Id, Thursday, "host", Local(9, 9, 0), TimeSpan.FromMinutes(10), default);
        await _subscriptions.MarkPostedAsync(s.Id, Thursday, "host", Local(9, 9, 0), default);
        var crm = Owned("CRM rollout", Pat);
        _clock.SetUtcNow(Local(9, 10, 15));

        var reply = await Flow().HandleAsync(As(Pat), new CheckInAction.Answer(s.Id, Thursday, crm.Id, CheckInStatus.AtRisk), default);

        Assert.Contains("next digest, marked late", Assert.IsType<Reply.Text>(Assert.Single(reply)).Message, StringComparison.Ordinal);
        var friday = _subscriptions.Get(s.Id);
        var summary = await new CheckInSummaryService(_registry.Store, _store).BuildSummaryAsync(friday, Thursday.AddDays(1), default);
        var line = Assert.Single(summary.Late);
        Assert.Equal((crm.Id, CheckInStatus.AtRisk), (line.InitiativeId, line.Status));
    }

    [Fact]
    public async Task Only_the_owner_may_answer_and_only_for_an_initiative_of_that_digest()
    {
        var s = await _subscriptions.SaveAsync(Subscription(team: "team-a"), default);
        var crm = Owned("CRM rollout", Pat);
        var elsewhere = _registry.Add(Initiative("Elsewhere", Local(1, 9), team: "team-b") with { ProjectOwner = Pat });

        var refused = await Flow().HandleAsync(As(Kim), new CheckInAction.Answer(s.Id, Thursday, crm.Id, CheckInStatus.OnTrack), default);
        var outside = await Flow().HandleAsync(As(Pat), new CheckInAction.Answer(s.Id, Thursday, elsewhere.Id, CheckInStatus.OnTrack), default);

        Assert.Contains("Only the owner", Assert.IsType<Reply.Text>(Assert.Single(refused)).Message, StringComparison.Ordinal);
        Assert.Contains("isn't covered", Assert.IsType<Reply.Text>(Assert.Single(outside)).Message, StringComparison.Ordinal);
        Assert.Empty(await _store.ListHistoryAsync("t1", crm.Id, 10, default));
        Assert.Empty(await _store.ListHistoryAsync("t1", elsewhere.Id, 10, default));
    }

    [Fact]
    public async Task Snooze_away_and_back_set_and_clear_the_pause()
    {
        await Flow().HandleAsync(As(Pat), CheckInActionReader.Parse("snooze today", Thursday)!, default);
        Assert.Equal(new CheckInPause("t1", "pat", PauseKind.SnoozedToday, Thursday), await _store.FindPauseAsync("t1", "pat", default));

        await Flow().HandleAsync(As(Pat), CheckInActionReader.Parse("I'm away until 12 December", Thursday)!, default);
        Assert.Equal(new CheckInPause("t1", "pat", PauseKind.Away, new DateOnly(2025, 12, 12)), await _store.FindPauseAsync("t1", "pat", default));

        await Flow().HandleAsync(As(Pat), CheckInActionReader.Parse("I'm back", Thursday)!, default);
        Assert.Null(await _store.FindPauseAsync("t1", "pat", default));
    }

    [Theory]
    [InlineData("snooze today", typeof(CheckInAction.SnoozeToday))]
    [InlineData("I’m away until 12 December", typeof(CheckInAction.AwayUntil))]
    [InlineData("i am on holiday until 2026-01-05", typeof(CheckInAction.AwayUntil))]
    [InlineData("I'm away until someday", typeof(CheckInAction.AwayUnreadable))]
    [InlineData("status history of the CRM rollout", typeof(CheckInAction.History))]
    [InlineData("I'm back", typeof(CheckInAction.Back))]
    public void Reads_typed_check_in_commands(string text, Type expected) =>
        Assert.IsType(expected, CheckInActionReader.Parse(text, Thursday));

    [Theory]
    [InlineData("who owns CRM rollout")]
    [InlineData("the vendor is away until Friday, so this is blocked")]
    [InlineData("digest now")]
    public void Leaves_other_messages_alone(string text) => Assert.Null(CheckInActionReader.Parse(text, Thursday));

    [Fact]
    public void Reads_a_status_button()
    {
        var subscription = Guid.NewGuid();
        var initiative = Guid.NewGuid();
        var input = UserInput.Button(CheckInActionReader.StatusAction, "blocked") with
        {
            InitiativeId = initiative,
            Fields = new Dictionary<string, string>
            {
                [CheckInActionReader.SubscriptionField] = subscription.ToString(),
                [CheckInActionReader.DateField] = "2025-01-09",
                [CheckInActionReader.NoteField] = " waiting ",
                [CheckInActionReader.MilestoneField] = "2025-02-01",
            },
        };

        Assert.Equal(
            new CheckInAction.Answer(subscription, Thursday, initiative, CheckInStatus.Blocked, "waiting", new DateOnly(2025, 2, 1)),
            CheckInActionReader.Read(input, Thursday));
    }
}
