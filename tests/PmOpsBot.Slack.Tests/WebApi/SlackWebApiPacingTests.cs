using PmOpsBot.Slack.BlockKit;

namespace PmOpsBot.Slack.Tests.WebApi;

public sealed class SlackWebApiPacingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static SlackMessage Say(string text) => new() { Text = text };

    [Fact]
    public async Task Posts_to_one_channel_go_in_arrival_order_at_least_the_interval_apart_while_another_channel_does_not_wait()
    {
        await using var slack = await SlackWebApiHarness.StartAsync(o => o.ChannelPostInterval = TimeSpan.FromSeconds(1));

        var first = slack.Api.PostMessageAsync("C0BUSY", Say("one"), null, CancellationToken.None);
        var second = slack.Api.PostMessageAsync("C0BUSY", Say("two"), null, CancellationToken.None);
        var third = slack.Api.PostMessageAsync("C0BUSY", Say("three"), null, CancellationToken.None);
        var elsewhere = slack.Api.PostMessageAsync("C0OTHER", Say("elsewhere"), null, CancellationToken.None);

        await Task.WhenAll(first, elsewhere).WaitAsync(Timeout);
        await SlackWebApiHarness.SettleAsync();
        Assert.Equal(2, slack.Fake.Calls.Count); // without fake time passing only one post per channel goes out
        Assert.False(second.IsCompleted);

        await slack.AdvanceUntilAsync(() => third.IsCompleted, step: TimeSpan.FromMilliseconds(100));

        var busy = slack.Fake.Calls.Where(c => c.Channel == "C0BUSY").ToList();
        Assert.Equal(["one", "two", "three"], busy.Select(c => c.Text));
        Assert.True(busy[1].ReceivedAt - busy[0].ReceivedAt >= TimeSpan.FromSeconds(1));
        Assert.True(busy[2].ReceivedAt - busy[1].ReceivedAt >= TimeSpan.FromSeconds(1));
        var other = Assert.Single(slack.Fake.Calls, c => c.Channel == "C0OTHER");
        Assert.Equal(busy[0].ReceivedAt, other.ReceivedAt); // it went at once, at the same fake instant
    }

    [Fact]
    public async Task A_post_after_a_quiet_spell_goes_at_once()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        await slack.Api.PostMessageAsync("C0PMOPS", Say("morning"), null, CancellationToken.None).WaitAsync(Timeout);

        slack.Clock.Advance(TimeSpan.FromSeconds(5));

        await slack.Api.PostMessageAsync("C0PMOPS", Say("later"), null, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(2, slack.Fake.Calls.Count);
    }

    [Fact]
    public async Task A_cancelled_waiting_post_is_not_sent_and_does_not_let_the_next_one_overtake()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        using var cancel = new CancellationTokenSource();

        var first = slack.Api.PostMessageAsync("C0PMOPS", Say("one"), null, CancellationToken.None);
        var cancelled = slack.Api.PostMessageAsync("C0PMOPS", Say("never"), null, cancel.Token);
        var third = slack.Api.PostMessageAsync("C0PMOPS", Say("three"), null, CancellationToken.None);
        await first.WaitAsync(Timeout);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
        await slack.AdvanceUntilAsync(() => third.IsCompleted, step: TimeSpan.FromMilliseconds(100));

        var calls = slack.Fake.Calls;
        Assert.Equal(["one", "three"], calls.Select(c => c.Text));
        Assert.True(calls[1].ReceivedAt - calls[0].ReceivedAt >= TimeSpan.FromSeconds(1));
    }
}
