using Microsoft.Extensions.Time.Testing;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Core.Tests.Digest;
using static PmOpsBot.Core.Tests.Digest.DigestSeed;

namespace PmOpsBot.Core.Tests.CheckIns;

public sealed class CheckInRunnerTests
{
    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);
    private static readonly DateOnly Monday = new(2025, 1, 6);
    private static readonly UserRef Ana = new("ana", "Ana");
    private static readonly UserRef Typed = new("typed:sam", "Sam");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 1, 6, 7, 0, 0, Cet));
    private readonly InMemoryDigestSubscriptionStore _subscriptions = new();
    private readonly CheckInRegistry _registry = new();
    private readonly InMemoryCheckInStore _store = new();
    private readonly RecordingCheckInSender _sender = new();

    private CheckInRunner Runner() => new(_subscriptions, _registry.Store, _store, _sender, _clock);

    private void SetLocal(int hour, int minute = 0, int day = 6) => _clock.SetUtcNow(new DateTimeOffset(2025, 1, day, hour, minute, 0, Cet));

    private Initiative Owned(string name, UserRef owner, string team = "team-a", string tenant = "t1", InitiativeStage stage = InitiativeStage.InProject) =>
        _registry.Add(Initiative(name, new DateTimeOffset(2024, 12, 1, 9, 0, 0, Cet), tenant: tenant, team: team, stage: stage) with { ProjectOwner = owner });

    private async Task<DigestSubscription> SeedAsync()
    {
        Owned("CRM rollout", Pat);
        Owned("Payroll cleanup", Pat);
        Owned("Data platform", Kim);
        Owned("Typed owner's work", Typed);
        Owned("Old thing", Ana, stage: InitiativeStage.Retired);
        Owned("Other team's work", Ana, team: "team-b");
        Owned("Other tenant's work", Olu, tenant: "t2");
        // In operations: the operations owner who accepted reports, not the creator.
        _registry.Add(Initiative("Service desk", new DateTimeOffset(2024, 12, 1, 9, 0, 0, Cet), decision: Decision.Operations, stage: InitiativeStage.InOperations)
            with { ProjectOwner = null, CreatedBy = Ana, OperationsOwner = new OwnerAssignment(Olu, OwnerResponse.Accepted, Pat, DateTimeOffset.UnixEpoch) });
        return await _subscriptions.SaveAsync(Subscription(team: "team-a", conversation: "19:team-a"), default);
    }

    [Fact]
    public async Task Each_owner_in_scope_gets_one_prompt_with_all_their_initiatives_and_nobody_outside_the_scope_gets_anything()
    {
        _registry.Loose = true;
        await SeedAsync();
        var runner = Runner();

        SetLocal(7, 59);
        Assert.Equal(0, (await runner.TickAsync(default)).Prompted);
        foreach (var minute in new[] { 0, 1, 30, 44 })
        {
            SetLocal(8, minute);
            await runner.TickAsync(default);
        }

        Assert.Equal(["kim", "olu", "pat"], _sender.PromptedIds());
        var pat = Assert.Single(_sender.Calls, c => c.Owner.Id == "pat");
        Assert.Equal(["CRM rollout", "Payroll cleanup"], pat.Initiatives.Select(i => i.Name).Order());
        Assert.Equal(Monday, pat.Date);
        Assert.All(_sender.Calls, c => Assert.All(c.Initiatives, i => Assert.True(i.TenantId == "t1" && i.TeamId == "team-a")));
        Assert.Equal(["Service desk"], _sender.Calls.Single(c => c.Owner.Id == "olu").Initiatives.Select(i => i.Name));
        Assert.DoesNotContain(_sender.Calls, c => c.Owner.Id is "ana" || c.Owner.Id.StartsWith("typed:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reminds_once_only_those_who_answered_nothing()
    {
        var s = await SeedAsync();
        var runner = Runner();
        SetLocal(8, 0);
        await runner.TickAsync(default);

        // Kim answers before the reminder window.
        var data = (await _registry.Store.ListForDigestAsync(DigestScope.Of(s), DateTimeOffset.MinValue, DateOnly.MaxValue, 100, default)).Single(i => i.Name == "Data platform");
        await _store.SaveAnswerAsync(new CheckInAnswer(Guid.NewGuid(), "t1", data.Id, Kim, CheckInStatus.OnTrack, null, null, s.Id, Monday, _clock.GetUtcNow(), false), default);

        foreach (var minute in new[] { 45, 46, 50, 59 })
        {
            SetLocal(8, minute);
            await runner.TickAsync(default);
        }

        Assert.Equal(["olu", "pat"], _sender.PromptedIds(reminder: true));
        SetLocal(9, 0);
        await runner.TickAsync(default);
        Assert.Equal(5, _sender.Calls.Count);
    }

    [Fact]
    public async Task Someone_first_asked_inside_the_reminder_window_gets_no_reminder()
    {
        await SeedAsync();
        SetLocal(8, 50);
        await Runner().TickAsync(default);
        SetLocal(8, 55);
        await Runner().TickAsync(default);
        Assert.Equal(3, _sender.Calls.Count);
        Assert.Empty(_sender.PromptedIds(reminder: true));
    }

    [Fact]
    public async Task Away_and_snoozed_people_are_not_asked_and_an_expired_pause_no_longer_counts()
    {
        await SeedAsync();
        await _store.SetPauseAsync(new CheckInPause("t1", "pat", PauseKind.Away, Monday.AddDays(4)), default);
        await _store.SetPauseAsync(new CheckInPause("t1", "kim", PauseKind.SnoozedToday, Monday), default);
        await _store.SetPauseAsync(new CheckInPause("t1", "olu", PauseKind.Away, Monday.AddDays(-1)), default);

        foreach (var minute in new[] { 0, 45 })
        {
            SetLocal(8, minute);
            await Runner().TickAsync(default);
        }

        Assert.Equal(["olu"], _sender.PromptedIds());
        Assert.Equal(["olu"], _sender.PromptedIds(reminder: true));

        // Tuesday: Kim's snooze is over, Pat is still away.
        _sender.Calls.Clear();
        SetLocal(8, 0, day: 7);
        await Runner().TickAsync(default);
        Assert.Equal(["kim", "olu"], _sender.PromptedIds());
    }

    [Fact]
    public async Task Unreachable_people_are_marked_and_never_tried_again_that_day()
    {
        var s = await SeedAsync();
        _sender.Respond = owner => owner.Id == "kim" ? new CheckInSendResult.Unreachable("403 bot blocked") : CheckInSendResult.Success;
        var runner = Runner();
        foreach (var minute in new[] { 0, 1, 45, 50 })
        {
            SetLocal(8, minute);
            await runner.TickAsync(default);
        }

        Assert.Single(_sender.Calls, c => c.Owner.Id == "kim");
        Assert.True((await _store.ListPromptsAsync(s.Id, Monday, default)).Single(p => p.UserId == "kim").Unreachable);
    }

    [Fact]
    public async Task Two_runners_on_one_store_prompt_and_remind_each_owner_once()
    {
        await SeedAsync();
        _sender.Delay = TimeSpan.FromMilliseconds(5);
        var a = Runner();
        var b = Runner();
        foreach (var minute in new[] { 0, 1, 45, 46 })
        {
            SetLocal(8, minute);
            await Task.WhenAll(Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? a : b).TickAsync(default)));
        }

        Assert.Equal(["kim", "olu", "pat"], _sender.PromptedIds());
        Assert.Equal(["kim", "olu", "pat"], _sender.PromptedIds(reminder: true));
    }

    [Fact]
    public async Task A_failing_sender_does_not_stop_the_others()
    {
        await SeedAsync();
        _sender.Respond = owner => owner.Id == "pat" ? throw new InvalidOperationException("boom") : CheckInSendResult.Success;
        SetLocal(8, 0);
        var report = await Runner().TickAsync(default);
        Assert.Equal(2, report.Prompted);
        Assert.Equal(1, Assert.Single(report.Runs).SendFailures);
        Assert.Equal(1, report.Runs[0].TypedOwners);
    }
}
