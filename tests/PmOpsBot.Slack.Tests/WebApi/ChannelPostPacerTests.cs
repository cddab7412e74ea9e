using Microsoft.Extensions.Time.Testing;
using PmOpsBot.Slack.WebApi;

namespace PmOpsBot.Slack.Tests.WebApi;

public sealed class ChannelPostPacerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Channels_that_went_quiet_are_forgotten()
    {
        var clock = new FakeTimeProvider();
        var pacer = new ChannelPostPacer(Interval, clock);
        for (var i = 0; i < 50; i++)
        {
            using (await pacer.WaitForTurnAsync($"C{i}", CancellationToken.None)) { }
        }

        Assert.Equal(50, pacer.TrackedChannelCount);

        clock.Advance(Interval);
        using (await pacer.WaitForTurnAsync("C-next", CancellationToken.None)) { }

        Assert.Equal(1, pacer.TrackedChannelCount);
    }

    [Fact]
    public async Task A_channel_with_a_post_in_flight_is_kept_however_long_it_takes()
    {
        var clock = new FakeTimeProvider();
        var pacer = new ChannelPostPacer(Interval, clock);
        var inFlight = await pacer.WaitForTurnAsync("C0SLOW", CancellationToken.None);

        clock.Advance(TimeSpan.FromMinutes(5));
        using (await pacer.WaitForTurnAsync("C0OTHER", CancellationToken.None)) { }

        Assert.Equal(2, pacer.TrackedChannelCount);
        inFlight.Dispose();
    }

    [Fact]
    public async Task The_next_post_waits_for_the_one_in_flight_and_then_for_the_interval()
    {
        var clock = new FakeTimeProvider();
        var pacer = new ChannelPostPacer(Interval, clock);
        var inFlight = await pacer.WaitForTurnAsync("C0PMOPS", CancellationToken.None);

        var next = pacer.WaitForTurnAsync("C0PMOPS", CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(50);
        Assert.False(next.IsCompleted); // still busy: time alone does not free the channel

        inFlight.Dispose();
        await Task.Delay(50);
        Assert.False(next.IsCompleted); // done, but the interval starts when the previous post ended
        var released = clock.GetUtcNow();
        while (!next.IsCompleted && clock.GetUtcNow() - released < TimeSpan.FromMinutes(1))
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(5);
        }

        (await next.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        Assert.True(clock.GetUtcNow() - released >= Interval);
    }
}
