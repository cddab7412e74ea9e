using Microsoft.Extensions.Time.Testing;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using static PmOpsBot.Core.Tests.Digest.DigestSeed;

namespace PmOpsBot.Core.Tests.Digest;

public sealed class DigestRunnerTests
{
    // Monday 6 January 2025 in Berlin (CET, +01:00).
    private static readonly DateTimeOffset MondayMorning = new(2025, 1, 6, 7, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateOnly Monday = new(2025, 1, 6);

    private readonly FakeTimeProvider _clock = new(MondayMorning);
    private readonly InMemoryDigestSubscriptionStore _store = new();
    private readonly DigestRegistry _registry = new();
    private readonly InMemoryInterviewLog _interviews = new();
    private readonly RecordingSender _sender = new();

    private DigestRunner Runner(string claimant = "host-a", DigestRunnerOptions? options = null) =>
        new(_store, new DigestBuilder(_registry.Store, _interviews), _sender, _clock, claimant, options);

    private void SetLocal(int day, int hour, int minute = 0) =>
        _clock.SetUtcNow(new DateTimeOffset(2025, 1, day, hour, minute, 0, TimeSpan.FromHours(1)));

    /// <summary>A subscription with something to report every day: a handover long overdue in its team.</summary>
    private async Task<DigestSubscription> SubscribeAsync(string team = "team-a", bool skipQuietDays = false, string zone = "Europe/Berlin", IReadOnlyList<DayOfWeek>? days = null)
    {
        _registry.Add(Initiative($"Overdue in {team}", MondayMorning.AddDays(-60), team: team, handover: Monday.AddDays(-30)));
        return await _store.SaveAsync(Subscription(team: team, conversation: $"19:{team}", skipQuietDays: skipQuietDays, zone: zone, days: days), default);
    }

    [Fact]
    public async Task Posts_once_at_the_configured_time_and_not_again_that_day()
    {
        var s = await SubscribeAsync();
        var runner = Runner();

        SetLocal(6, 8, 59);
        Assert.Equal(0, await runner.RunDueAsync(default));

        foreach (var (hour, minute) in new[] { (9, 0), (9, 1), (12, 0), (23, 59) })
        {
            SetLocal(6, hour, minute);
            await runner.RunDueAsync(default);
        }

        var sent = Assert.Single(_sender.Sent);
        Assert.Equal(Monday, sent.Content.LocalDate);
        Assert.NotNull(_store.ClaimOf(s.Id, Monday)?.PostedAt);
        Assert.Equal(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.FromHours(1)), _store.Get(s.Id).LastPostedAt);
    }

    [Fact]
    public async Task Posts_each_working_day_and_not_at_the_weekend()
    {
        await SubscribeAsync();
        var runner = Runner();

        for (var day = 6; day <= 13; day++)
        {
            foreach (var hour in new[] { 8, 9, 10, 18 })
            {
                SetLocal(day, hour);
                await runner.RunDueAsync(default);
            }
        }

        Assert.Equal([6, 7, 8, 9, 10, 13], _sender.Sent.Select(s => s.Content.LocalDate.Day));
    }

    [Fact]
    public async Task A_process_down_at_nine_catches_up_once_when_back_the_same_day()
    {
        await SubscribeAsync();

        SetLocal(6, 11);
        var report = await Runner().TickAsync(default);
        SetLocal(6, 11, 1);
        await Runner().TickAsync(default);

        Assert.Equal(DigestOutcome.Posted, Assert.Single(report.Runs).Outcome);
        Assert.Equal(Monday, Assert.Single(_sender.Sent).Content.LocalDate);
    }

    [Fact]
    public async Task A_process_back_the_next_day_posts_nothing_for_yesterday()
    {
        await SubscribeAsync();

        // Down all of Monday; back on Tuesday before the digest time: nothing, and no claim for Monday is even tried.
        SetLocal(7, 0, 5);
        Assert.Equal(0, await Runner().RunDueAsync(default));
        SetLocal(7, 8, 59);
        Assert.Equal(0, await Runner().RunDueAsync(default));
        Assert.Empty(_sender.Sent);
        Assert.DoesNotContain(Monday, _store.ClaimedDates);

        SetLocal(7, 9);
        Assert.Equal(1, await Runner().RunDueAsync(default));
        Assert.Equal(Monday.AddDays(1), Assert.Single(_sender.Sent).Content.LocalDate);
    }

    [Fact]
    public async Task Exactly_once_across_a_restart()
    {
        var s = await SubscribeAsync();

        SetLocal(6, 9);
        Assert.Equal(1, await Runner("host-a:1").RunDueAsync(default));

        // The process restarts: a new runner with a new claimant id, same database.
        SetLocal(6, 9, 2);
        Assert.Equal(0, await Runner("host-a:2").RunDueAsync(default));
        Assert.Equal(1, _sender.SentTo(s.Id));
    }

    [Fact]
    public async Task A_claim_whose_holder_died_mid_send_is_taken_over_after_its_lease()
    {
        var s = await SubscribeAsync();

        // The old process claimed Monday at 9:00 and died before posting.
        SetLocal(6, 9);
        Assert.True(await _store.TryClaimAsync(s.Id, Monday, "host-a:1", _clock.GetUtcNow(), TimeSpan.FromMinutes(10), default));

        SetLocal(6, 9, 2);
        var report = await Runner("host-a:2").TickAsync(default);
        Assert.Equal(DigestOutcome.ClaimedElsewhere, Assert.Single(report.Runs).Outcome);
        Assert.Empty(_sender.Sent);

        SetLocal(6, 9, 11);
        Assert.Equal(1, await Runner("host-a:2").RunDueAsync(default));
        SetLocal(6, 9, 30);
        Assert.Equal(0, await Runner("host-a:3").RunDueAsync(default));
        Assert.Equal(1, _sender.SentTo(s.Id));
    }

    [Fact]
    public async Task Exactly_once_with_two_runners_ticking_concurrently_on_one_store()
    {
        var subscriptions = new List<DigestSubscription>();
        for (var i = 0; i < 40; i++) subscriptions.Add(await SubscribeAsync(team: $"team-{i}"));
        _sender.Delay = TimeSpan.FromMilliseconds(2);
        var a = Runner("host-a", new DigestRunnerOptions { MaxConcurrency = 4 });
        var b = Runner("host-b", new DigestRunnerOptions { MaxConcurrency = 4 });

        SetLocal(6, 9);
        var reports = new List<DigestTickReport>();
        for (var round = 0; round < 3; round++)
            reports.AddRange(await Task.WhenAll(a.TickAsync(default), b.TickAsync(default), a.TickAsync(default), b.TickAsync(default)));

        Assert.Equal(40, _sender.Sent.Count);
        Assert.All(subscriptions, s => Assert.Equal(1, _sender.SentTo(s.Id)));
        Assert.Equal(40, reports.Sum(r => r.Posted));
        Assert.All(reports.SelectMany(r => r.Runs), r => Assert.Contains(r.Outcome, new[] { DigestOutcome.Posted, DigestOutcome.ClaimedElsewhere }));
        Assert.InRange(_sender.MaxInFlight, 1, 16);
    }

    [Fact]
    public async Task A_quiet_day_posts_all_quiet()
    {
        var s = await _store.SaveAsync(Subscription(skipQuietDays: false), default);

        SetLocal(6, 9);
        Assert.Equal(1, await Runner().RunDueAsync(default));

        Assert.True(Assert.Single(_sender.Sent).Content.IsQuiet);
        Assert.NotNull(_store.Get(s.Id).LastPostedAt);
    }

    [Fact]
    public async Task A_quiet_day_posts_nothing_when_the_channel_skips_quiet_days_but_the_day_counts_as_done()
    {
        var s = await _store.SaveAsync(Subscription(skipQuietDays: true), default);
        var runner = Runner();

        SetLocal(6, 9);
        var report = await runner.TickAsync(default);
        SetLocal(6, 9, 1);
        await runner.TickAsync(default);

        Assert.Equal(DigestOutcome.SkippedQuiet, Assert.Single(report.Runs).Outcome);
        Assert.Equal(0, _sender.Attempts);
        Assert.NotNull(_store.ClaimOf(s.Id, Monday)?.PostedAt);
        Assert.Equal(1, _store.ClaimAttempts);
    }

    [Fact]
    public async Task A_day_with_news_posts_even_when_quiet_days_are_skipped()
    {
        await SubscribeAsync(skipQuietDays: true);

        SetLocal(6, 9);

        Assert.Equal(1, await Runner().RunDueAsync(default));
        Assert.False(Assert.Single(_sender.Sent).Content.IsQuiet);
    }

    [Fact]
    public async Task A_channel_that_is_gone_deactivates_the_subscription()
    {
        var s = await SubscribeAsync();
        _sender.Respond = _ => new DigestSendResult.Gone("bot removed from the team (403)");
        var runner = Runner();

        SetLocal(6, 9);
        var report = await runner.TickAsync(default);

        Assert.Equal(DigestOutcome.Deactivated, Assert.Single(report.Runs).Outcome);
        Assert.False(_store.Get(s.Id).Active);
        Assert.Equal("bot removed from the team (403)", _store.Get(s.Id).InactiveReason);
        Assert.NotNull(_store.ClaimOf(s.Id, Monday)?.PostedAt);

        SetLocal(7, 9);
        Assert.Empty((await runner.TickAsync(default)).Runs);
        Assert.Equal(1, _sender.Attempts);
    }

    [Fact]
    public async Task A_retryable_failure_gives_the_claim_back_and_a_later_tick_retries()
    {
        var s = await SubscribeAsync();
        _sender.Respond = _ => new DigestSendResult.Failed(true, "429 too many requests");
        var runner = Runner();

        SetLocal(6, 9);
        var report = await runner.TickAsync(default);
        Assert.Equal(DigestOutcome.RetryLater, Assert.Single(report.Failures).Outcome);
        Assert.Null(_store.ClaimOf(s.Id, Monday));

        _sender.Respond = _ => DigestSendResult.Success;
        SetLocal(6, 9, 1);
        Assert.Equal(1, await Runner("host-b").RunDueAsync(default));
        SetLocal(6, 9, 2);
        Assert.Equal(0, await runner.RunDueAsync(default));
        Assert.Equal(1, _sender.SentTo(s.Id));
        Assert.Equal(2, _sender.Attempts);
    }

    [Fact]
    public async Task A_refused_post_is_retried_once_per_lease_not_every_tick()
    {
        var s = await SubscribeAsync();
        _sender.Respond = _ => new DigestSendResult.Failed(false, "400 card too large");
        var runner = Runner(options: new DigestRunnerOptions { Lease = TimeSpan.FromMinutes(10) });

        SetLocal(6, 9);
        Assert.Equal(DigestOutcome.Failed, Assert.Single((await runner.TickAsync(default)).Runs).Outcome);
        SetLocal(6, 9, 5);
        Assert.Equal(DigestOutcome.ClaimedElsewhere, Assert.Single((await runner.TickAsync(default)).Runs).Outcome);
        Assert.Equal(1, _sender.Attempts);

        _sender.Respond = _ => DigestSendResult.Success;
        SetLocal(6, 9, 11);
        Assert.Equal(1, await runner.RunDueAsync(default));
        Assert.Equal(1, _sender.SentTo(s.Id));
    }

    [Fact]
    public async Task One_failing_subscription_does_not_stop_the_others()
    {
        var broken = await SubscribeAsync(team: "team-broken");
        var fine = await SubscribeAsync(team: "team-fine");
        var badZone = await _store.SaveAsync(Subscription(zone: "Mars/Olympus", conversation: "19:mars"), default);
        var throwingSend = await SubscribeAsync(team: "team-throws");
        _interviews.FailFor = scope => scope.TeamId == "team-broken";
        _sender.Respond = s => s.TeamId == "team-throws" ? throw new HttpRequestException("connection reset") : DigestSendResult.Success;

        SetLocal(6, 9);
        var report = await Runner().TickAsync(default);

        Assert.Equal(1, report.Posted);
        Assert.Equal(1, _sender.SentTo(fine.Id));
        Assert.Equal(3, report.Failures.Count);
        Assert.Contains(report.Failures, f => f.SubscriptionId == broken.Id && f.Error!.Contains("interview log unavailable", StringComparison.Ordinal));
        Assert.Contains(report.Failures, f => f.SubscriptionId == badZone.Id && f.LocalDate is null);
        Assert.Contains(report.Failures, f => f.SubscriptionId == throwingSend.Id);

        // The failed ones gave their claims back: once fixed, the next tick posts them.
        Assert.Null(_store.ClaimOf(broken.Id, Monday));
        Assert.Null(_store.ClaimOf(throwingSend.Id, Monday));
        _interviews.FailFor = _ => false;
        _sender.Respond = _ => DigestSendResult.Success;
        SetLocal(6, 9, 1);
        Assert.Equal(2, await Runner().RunDueAsync(default));
    }

    [Fact]
    public async Task Work_per_tick_is_bounded()
    {
        for (var i = 0; i < 20; i++) await SubscribeAsync(team: $"team-{i}");
        _sender.Delay = TimeSpan.FromMilliseconds(5);
        var runner = Runner(options: new DigestRunnerOptions { MaxConcurrency = 4, MaxPerTick = 12 });

        SetLocal(6, 9);
        var first = await runner.TickAsync(default);
        var second = await runner.TickAsync(default);

        Assert.Equal(12, first.Posted);
        Assert.Equal(8, first.Deferred);
        Assert.Equal(8, second.Posted);
        Assert.InRange(_sender.MaxInFlight, 1, 4);
    }

    [Fact]
    public async Task Digest_now_posts_immediately_without_consuming_the_days_claim()
    {
        var s = await _store.SaveAsync(Subscription(skipQuietDays: true), default);
        var runner = Runner();

        SetLocal(6, 7);
        var now = await runner.PostNowAsync(s, default);

        Assert.IsType<DigestSendResult.Sent>(now.Result);
        Assert.True(now.Content.IsQuiet);
        Assert.Single(_sender.Sent);
        Assert.Null(_store.ClaimOf(s.Id, Monday));

        // The scheduled digest still runs at 9:00, with what happened since.
        _registry.Add(Initiative("Decided at eight", new DateTimeOffset(2025, 1, 6, 8, 0, 0, TimeSpan.FromHours(1))));
        SetLocal(6, 9);
        Assert.Equal(1, await runner.RunDueAsync(default));
        Assert.Equal(2, _sender.Sent.Count);
        Assert.Equal("Decided at eight", Assert.Single(_sender.Sent.Last().Content.NewOrDecided).Name);
        Assert.NotNull(_store.ClaimOf(s.Id, Monday)?.PostedAt);
    }

    [Fact]
    public async Task Digest_now_on_a_channel_that_is_gone_deactivates_it()
    {
        var s = await SubscribeAsync();
        _sender.Respond = _ => new DigestSendResult.Gone("blocked");

        var now = await Runner().PostNowAsync(s, default);

        Assert.IsType<DigestSendResult.Gone>(now.Result);
        Assert.False(_store.Get(s.Id).Active);
    }

    [Fact]
    public async Task Each_subscription_runs_in_its_own_time_zone()
    {
        var berlin = await SubscribeAsync(team: "berlin");
        var newYork = await SubscribeAsync(team: "new-york", zone: "America/New_York");

        SetLocal(6, 9);
        await Runner().RunDueAsync(default);
        Assert.Equal(1, _sender.SentTo(berlin.Id));
        Assert.Equal(0, _sender.SentTo(newYork.Id));

        // 15:00 in Berlin is 9:00 in New York.
        SetLocal(6, 15);
        await Runner().RunDueAsync(default);
        Assert.Equal(1, _sender.SentTo(newYork.Id));
        Assert.Equal(1, _sender.SentTo(berlin.Id));
    }

    [Fact]
    public async Task A_tick_across_a_dst_change_posts_once_per_local_day()
    {
        var s = await _store.SaveAsync(Subscription(time: new TimeOnly(2, 30), days: DigestSchedule.EveryDay), default);
        var runner = Runner();

        // Tick every 15 minutes from Saturday 29 March to Monday 31 March 2025 (Berlin springs forward on Sunday),
        // and across Sunday 26 October (falls back, 02:30 happens twice).
        foreach (var (from, to) in new[]
                 {
                     (new DateTimeOffset(2025, 3, 29, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 31, 12, 0, 0, TimeSpan.Zero)),
                     (new DateTimeOffset(2025, 10, 25, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 10, 27, 12, 0, 0, TimeSpan.Zero)),
                 })
        {
            for (var t = from; t <= to; t = t.AddMinutes(15))
            {
                _clock.SetUtcNow(t);
                await runner.RunDueAsync(default);
            }
        }

        var posts = _sender.Sent.Where(p => p.Subscription.Id == s.Id).Select(p => (p.Content.LocalDate, p.Content.GeneratedAt)).ToList();
        Assert.Equal(
            [new DateOnly(2025, 3, 29), new DateOnly(2025, 3, 30), new DateOnly(2025, 3, 31), new DateOnly(2025, 10, 25), new DateOnly(2025, 10, 26), new DateOnly(2025, 10, 27)],
            posts.Select(p => p.LocalDate));

        // On the spring-forward day the digest went out at 03:00 local, the first valid instant after 02:30.
        Assert.Equal(new DateTimeOffset(2025, 3, 30, 3, 0, 0, TimeSpan.FromHours(2)), posts[1].GeneratedAt);
    }
}
