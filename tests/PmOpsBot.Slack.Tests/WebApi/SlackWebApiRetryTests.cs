using Microsoft.Extensions.Logging;
using PmOpsBot.Slack.BlockKit;
using PmOpsBot.Slack.WebApi;

namespace PmOpsBot.Slack.Tests.WebApi;

public sealed class SlackWebApiRetryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly SlackMessage Hello = new() { Text = "hello" };

    [Fact]
    public async Task A_429_is_retried_only_after_its_Retry_After()
    {
        // A long backoff shows the wait came from Retry-After, not from the backoff.
        await using var slack = await SlackWebApiHarness.StartAsync(o => o.RetryBaseDelay = TimeSpan.FromMinutes(10));
        slack.Fake.Script("chat.postMessage", FakeSlackResponse.RateLimited(2));

        var post = slack.Api.PostMessageAsync("C0PMOPS", Hello, null, CancellationToken.None);
        var first = await slack.Fake.WaitForAsync(c => c.Method == "chat.postMessage", Timeout);
        await SlackWebApiHarness.SettleAsync();
        Assert.Single(slack.Fake.Calls); // no fake time has passed: no retry yet

        await slack.AdvanceUntilAsync(() => post.IsCompleted);

        Assert.Equal("1700000000.000001", await post);
        var calls = slack.Fake.Calls;
        Assert.Equal([429, 200], calls.Select(c => c.AnsweredWith));
        var waited = calls[1].ReceivedAt - first.ReceivedAt;
        Assert.InRange(waited, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_Retry_After_beyond_a_minute_is_capped_at_a_minute()
    {
        // A short backoff shows the minute came from the capped Retry-After.
        await using var slack = await SlackWebApiHarness.StartAsync(o => o.RetryBaseDelay = TimeSpan.FromSeconds(1));
        slack.Fake.Script("chat.postMessage", FakeSlackResponse.RateLimited(3600));

        var post = slack.Api.PostMessageAsync("C0PMOPS", Hello, null, CancellationToken.None);
        await slack.Fake.WaitForAsync(c => c.Method == "chat.postMessage", Timeout);
        await slack.AdvanceUntilAsync(() => post.IsCompleted, step: TimeSpan.FromSeconds(5));

        await post;
        var calls = slack.Fake.Calls;
        Assert.InRange(calls[1].ReceivedAt - calls[0].ReceivedAt, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("soon")]
    public async Task A_429_without_a_usable_Retry_After_waits_the_backoff(string? retryAfter)
    {
        await using var slack = await SlackWebApiHarness.StartAsync(o => o.RetryBaseDelay = TimeSpan.FromSeconds(30));
        slack.Fake.Script("chat.postMessage", FakeSlackResponse.RateLimited(retryAfter));

        var post = slack.Api.PostMessageAsync("C0PMOPS", Hello, null, CancellationToken.None);
        await slack.Fake.WaitForAsync(c => c.Method == "chat.postMessage", Timeout);
        await slack.AdvanceUntilAsync(() => post.IsCompleted, step: TimeSpan.FromSeconds(1));

        await post;
        var calls = slack.Fake.Calls;
        Assert.Equal(2, calls.Count);
        Assert.True(calls[1].ReceivedAt - calls[0].ReceivedAt > TimeSpan.FromSeconds(2), "the retry should wait the jittered backoff from 30 s");
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_and_the_post_then_returns_its_ts()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        slack.Fake.Script("chat.postMessage", FakeSlackResponse.ServerError(500), FakeSlackResponse.ServerError(503));

        var post = slack.Api.PostMessageAsync("C0PMOPS", Hello, null, CancellationToken.None);
        await slack.Fake.WaitForAsync(c => c.Method == "chat.postMessage", Timeout);
        await SlackWebApiHarness.SettleAsync();
        Assert.Single(slack.Fake.Calls); // the backoff waits on the clock
        await slack.AdvanceUntilAsync(() => post.IsCompleted);

        Assert.Equal("1700000000.000001", await post);
        Assert.Equal([500, 503, 200], slack.Fake.Calls.Select(c => c.AnsweredWith));
        var retries = slack.Log.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Equal(2, retries.Count);
        Assert.Contains("chat.postMessage attempt 1 of 4 failed with http_500", retries[0]);
        Assert.Contains("chat.postMessage attempt 2 of 4 failed with http_503", retries[1]);
    }

    [Fact]
    public async Task A_retryable_Slack_error_is_retried_like_a_server_error()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        slack.Fake.Script("chat.update", FakeSlackResponse.Error("internal_error"));

        var update = slack.Api.UpdateMessageAsync("C0PMOPS", "1.1", Hello, CancellationToken.None);
        await slack.AdvanceUntilAsync(() => update.IsCompleted);

        await update;
        Assert.Equal(2, slack.Fake.CallsTo("chat.update").Count);
    }

    [Fact]
    public async Task It_gives_up_after_MaxRetries_with_a_retryable_exception_logged_at_error()
    {
        await using var slack = await SlackWebApiHarness.StartAsync(o => o.MaxRetries = 2);
        slack.Fake.Script("chat.postMessage", FakeSlackResponse.ServerError(502), FakeSlackResponse.ServerError(502), FakeSlackResponse.ServerError(502), FakeSlackResponse.ServerError(502));

        var post = slack.Api.PostMessageAsync("C0PMOPS", Hello, null, CancellationToken.None);
        await slack.AdvanceUntilAsync(() => post.IsCompleted);

        var error = await Assert.ThrowsAsync<SlackApiException>(() => post);
        Assert.Equal("http_502", error.Code);
        Assert.True(error.Retryable);
        Assert.Equal(3, slack.Fake.Calls.Count);
        var final = Assert.Single(slack.Log.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("chat.postMessage", final.Message);
        Assert.Contains("http_502", final.Message);
    }

    [Fact]
    public async Task With_MaxRetries_zero_a_server_error_fails_at_once()
    {
        await using var slack = await SlackWebApiHarness.StartAsync(o => o.MaxRetries = 0);
        slack.Fake.Script("chat.postMessage", FakeSlackResponse.ServerError(500));

        var error = await Assert.ThrowsAsync<SlackApiException>(() => slack.Api.PostMessageAsync("C0PMOPS", Hello, null, CancellationToken.None).WaitAsync(Timeout));

        Assert.True(error.Retryable);
        Assert.Single(slack.Fake.Calls);
    }

    [Fact]
    public async Task Errors_that_another_try_cannot_fix_are_not_retried()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        slack.Fake.Script("chat.postMessage", FakeSlackResponse.Error("channel_not_found"));

        await Assert.ThrowsAsync<SlackApiException>(() => slack.Api.PostMessageAsync("C0GONE", Hello, null, CancellationToken.None).WaitAsync(Timeout));

        Assert.Single(slack.Fake.Calls);
    }

    [Fact]
    public async Task Cancelling_during_a_retry_wait_throws_cancellation_and_sends_nothing_more()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        slack.Fake.Script("chat.postMessage", FakeSlackResponse.RateLimited(30));
        using var cancel = new CancellationTokenSource();

        var post = slack.Api.PostMessageAsync("C0PMOPS", Hello, null, cancel.Token);
        await slack.Fake.WaitForAsync(c => c.Method == "chat.postMessage", Timeout);
        await SlackWebApiHarness.SettleAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => post.WaitAsync(Timeout));
        slack.Clock.Advance(TimeSpan.FromMinutes(1));
        await SlackWebApiHarness.SettleAsync();
        Assert.Single(slack.Fake.Calls);
        Assert.DoesNotContain(slack.Log.Entries, e => e.Level == LogLevel.Error);
    }
}
