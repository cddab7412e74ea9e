using Microsoft.Extensions.Time.Testing;
using PmOpsBot.Slack.Inbound;

namespace PmOpsBot.Slack.Tests.Inbound;

public sealed class SlackEventIdsTests
{
    [Fact]
    public void An_event_is_first_seen_once_and_repeats_are_recognised()
    {
        var ids = new SlackEventIds(new FakeTimeProvider());
        Assert.True(ids.TryFirstSighting("Ev1"));
        Assert.False(ids.TryFirstSighting("Ev1"));
        Assert.True(ids.TryFirstSighting("Ev2"));
    }

    [Fact]
    public void An_id_is_remembered_for_at_least_the_hour_slack_retries_in()
    {
        var clock = new FakeTimeProvider();
        var ids = new SlackEventIds(clock);
        clock.Advance(TimeSpan.FromMinutes(59));
        ids.TryFirstSighting("Ev1");
        clock.Advance(TimeSpan.FromMinutes(2)); // the generations rotate here
        ids.TryFirstSighting("EvOther");
        clock.Advance(TimeSpan.FromMinutes(57));
        Assert.False(ids.TryFirstSighting("Ev1"));
    }

    [Fact]
    public void Long_after_slacks_retry_window_an_id_is_forgotten()
    {
        var clock = new FakeTimeProvider();
        var ids = new SlackEventIds(clock);
        ids.TryFirstSighting("Ev1");
        clock.Advance(2 * SlackEventIds.Remembered + TimeSpan.FromSeconds(1));
        Assert.True(ids.TryFirstSighting("Ev1"));
    }

    [Fact]
    public void Ids_from_two_rotations_ago_are_dropped()
    {
        var clock = new FakeTimeProvider();
        var ids = new SlackEventIds(clock);
        ids.TryFirstSighting("Ev1");
        clock.Advance(SlackEventIds.Remembered);
        ids.TryFirstSighting("Ev2");
        clock.Advance(SlackEventIds.Remembered);
        ids.TryFirstSighting("Ev3");
        Assert.True(ids.TryFirstSighting("Ev1"));
        Assert.False(ids.TryFirstSighting("Ev2"));
    }

    [Fact]
    public void Concurrent_deliveries_of_one_event_let_exactly_one_through()
    {
        var ids = new SlackEventIds(new FakeTimeProvider());
        var firsts = 0;
        Parallel.For(0, 64, _ => { if (ids.TryFirstSighting("EvSame")) Interlocked.Increment(ref firsts); });
        Assert.Equal(1, firsts);
    }

    [Fact]
    public void A_forgotten_id_counts_as_new_again()
    {
        var ids = new SlackEventIds(new FakeTimeProvider());
        ids.TryFirstSighting("Ev1");
        ids.Forget("Ev1");
        Assert.True(ids.TryFirstSighting("Ev1"));
    }
}
