using Microsoft.Extensions.Time.Testing;
using PmOpsBot.Core.Digest;
using static PmOpsBot.Core.Tests.Digest.DigestSeed;

namespace PmOpsBot.Core.Tests.Digest;

/// <summary>
/// The tick reads only the subscriptions whose next run (kept by the store) has come, and moves on the ones it finds
/// not due, so a tick with nothing due reads nothing, whatever the number of subscriptions.
/// </summary>
public sealed class DigestRunnerNextRunTests
{
    // Monday 6 January 2025 in Berlin (CET, +01:00).
    private static readonly DateTimeOffset MondayMorning = new(2025, 1, 6, 7, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateOnly Monday = new(2025, 1, 6);

    private readonly FakeTimeProvider _clock = new(MondayMorning);
    private readonly InMemoryDigestSubscriptionStore _store = new();
    private readonly DigestRegistry _registry = new();
    private readonly RecordingSender _sender = new();

    private DigestRunner Runner(string claimant = "host-a") =>
        new(_store, new DigestBuilder(_registry.Store, new InMemoryInterviewLog()), _sender, _clock, claimant);

    private void SetLocal(int day, int hour, int minute = 0) =>
        _clock.SetUtcNow(new DateTimeOffset(2025, 1, day, hour, minute, 0, TimeSpan.FromHours(1)));

    private static DateTimeOffset Local(int day, int hour, int minute = 0) => new(2025, 1, day, hour, minute, 0, TimeSpan.FromHours(1));

    private async Task<List<DigestSubscription>> SubscribeAsync(int count, DateTimeOffset createdAt, bool skipQuietDays = false)
    {
        var saved = new List<DigestSubscription>(count);
        for (var i = 0; i < count; i++)
            saved.Add(await _store.SaveAsync(Subscription(conversation: $"19:c{i}", team: $"team-{i}", skipQuietDays: skipQuietDays) with { CreatedAt = createdAt }, default));
        return saved;
    }

    [Fact]
    public async Task A_tick_over_1000_subscriptions_none_of_them_due_reads_none_of_them()
    {
        var subscriptions = await SubscribeAsync(1000, MondayMorning);
        var runner = Runner();

        SetLocal(6, 8, 59);
        var before = await runner.TickAsync(default);

        Assert.Equal(0, _store.RowsRead);
        Assert.Equal(0, _store.ListActiveCalls);
        Assert.Empty(before.Runs);
        Assert.Equal(1000, before.ActiveSubscriptions);
        Assert.Equal(0, before.Deferred);

        // At nine all are due, and read once; once posted, the rest of the day reads nothing again.
        SetLocal(6, 9);
        Assert.Equal(1000, await runner.RunDueAsync(default));
        Assert.Equal(1000, _store.RowsRead);
        foreach (var (hour, minute) in new[] { (9, 0), (9, 1), (12, 0), (23, 59) })
        {
            SetLocal(6, hour, minute);
            Assert.Empty((await runner.TickAsync(default)).Runs);
        }

        SetLocal(7, 8, 59);
        Assert.Empty((await runner.TickAsync(default)).Runs);
        Assert.Equal(1000, _store.RowsRead);
        Assert.All(subscriptions, s => Assert.Equal(Local(7, 9), _store.NextRunOf(s.Id)));
        Assert.Equal(1000, _sender.Sent.Count);
    }

    [Fact]
    public async Task Subscriptions_of_unknown_next_run_are_read_once_then_moved_to_their_next_run()
    {
        // Stored before the store kept next runs: subscribed long ago, posted on Friday.
        var subscriptions = await SubscribeAsync(5, MondayMorning.AddDays(-100));
        _store.ForgetNextRuns();
        var runner = Runner();

        SetLocal(6, 8);
        var first = await runner.TickAsync(default);

        Assert.Empty(first.Runs);
        Assert.Equal(5, _store.RowsRead);
        Assert.All(subscriptions, s => Assert.Equal(Local(6, 9), _store.NextRunOf(s.Id)));

        SetLocal(6, 8, 30);
        await runner.TickAsync(default);
        Assert.Equal(5, _store.RowsRead);

        SetLocal(6, 9);
        Assert.Equal(5, await runner.RunDueAsync(default));
        Assert.All(subscriptions, s => Assert.Equal(Local(7, 9), _store.NextRunOf(s.Id)));
    }

    [Fact]
    public async Task A_day_missed_while_down_is_moved_on_not_posted()
    {
        var s = Assert.Single(await SubscribeAsync(1, MondayMorning));
        Assert.Equal(Local(6, 9), _store.NextRunOf(s.Id));

        // Down all of Monday: on Tuesday morning Monday's run is read, found not due, and moved to Tuesday 9:00.
        SetLocal(7, 7);
        Assert.Empty((await Runner().TickAsync(default)).Runs);
        Assert.Equal(Local(7, 9), _store.NextRunOf(s.Id));
        Assert.Empty(_store.ClaimedDates);

        SetLocal(7, 9, 5);
        Assert.Equal(1, await Runner().RunDueAsync(default));
        Assert.Equal(Monday.AddDays(1), Assert.Single(_sender.Sent).Content.LocalDate);
    }

    [Fact]
    public async Task Subscribing_after_the_days_time_first_runs_the_next_working_day()
    {
        // Friday 10 January, 10:00: today's 9:00 had passed when the channel subscribed.
        var s = Assert.Single(await SubscribeAsync(1, Local(10, 10)));

        Assert.Equal(Local(13, 9), _store.NextRunOf(s.Id));
        SetLocal(10, 10, 1);
        Assert.Empty((await Runner().TickAsync(default)).Runs);
        Assert.Equal(0, _store.RowsRead);
    }

    [Fact]
    public async Task A_quiet_day_skipped_and_a_gone_channel_both_move_the_next_run()
    {
        var quiet = Assert.Single(await SubscribeAsync(1, MondayMorning, skipQuietDays: true));
        var gone = await _store.SaveAsync(Subscription(conversation: "19:gone", team: "team-gone") with { CreatedAt = MondayMorning }, default);
        _sender.Respond = s => s.Id == gone.Id ? new DigestSendResult.Gone("removed") : DigestSendResult.Success;

        SetLocal(6, 9);
        var report = await Runner().TickAsync(default);

        Assert.Equal(DigestOutcome.SkippedQuiet, Assert.Single(report.Runs, r => r.SubscriptionId == quiet.Id).Outcome);
        Assert.Equal(DigestOutcome.Deactivated, Assert.Single(report.Runs, r => r.SubscriptionId == gone.Id).Outcome);
        Assert.Equal(Local(7, 9), _store.NextRunOf(quiet.Id));
        Assert.Equal(Local(7, 9), _store.NextRunOf(gone.Id));

        SetLocal(6, 9, 1);
        var after = await Runner().TickAsync(default);
        Assert.Empty(after.Runs);
        Assert.Equal(1, after.ActiveSubscriptions);
        Assert.Equal(2, _store.RowsRead);
    }

    [Fact]
    public async Task A_schedule_saved_while_a_tick_decides_keeps_its_own_next_run()
    {
        var s = Assert.Single(await SubscribeAsync(1, MondayMorning));
        SetLocal(6, 8);

        // The tick read the 9:00 schedule and would move it to 9:00; meanwhile the channel moved its digest to 7:30.
        var moved = await _store.SaveAsync(s with { TimeOfDay = new TimeOnly(7, 30) }, default);
        await _store.SetNextRunsAsync([new DigestNextRun(s, Local(6, 9))], default);

        Assert.Equal(Local(6, 7, 30), _store.NextRunOf(moved.Id));
        Assert.Equal(1, await Runner().RunDueAsync(default));
    }
}
