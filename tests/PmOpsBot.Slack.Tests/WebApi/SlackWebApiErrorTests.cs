using Microsoft.Extensions.Logging;
using PmOpsBot.Bot;
using PmOpsBot.Slack.BlockKit;
using PmOpsBot.Slack.WebApi;

namespace PmOpsBot.Slack.Tests.WebApi;

public sealed class SlackWebApiErrorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly SlackMessage Hello = new() { Text = "hello" };

    [Theory]
    [InlineData("channel_not_found", true, false)]
    [InlineData("not_in_channel", true, false)]
    [InlineData("is_archived", true, false)]
    [InlineData("account_inactive", true, false)]
    [InlineData("user_not_found", true, false)]
    [InlineData("user_disabled", true, false)]
    [InlineData("cannot_dm_bot", true, false)]
    [InlineData("team_access_not_granted", true, false)]
    [InlineData("internal_error", false, true)]
    [InlineData("fatal_error", false, true)]
    [InlineData("service_unavailable", false, true)]
    [InlineData("request_timeout", false, true)]
    [InlineData("ratelimited", false, true)]
    [InlineData("invalid_auth", false, false)]
    [InlineData("missing_scope", false, false)]
    [InlineData("invalid_blocks", false, false)]
    [InlineData("msg_too_long", false, false)]
    [InlineData("message_not_found", false, false)] // for a post it is a bad thread_ts, not a gone recipient
    public async Task Slack_ok_false_becomes_a_SlackApiException_with_the_code_and_what_a_sender_should_do(string code, bool recipientGone, bool retryable)
    {
        await using var slack = await SlackWebApiHarness.StartAsync(o => o.MaxRetries = 0);
        slack.Fake.Script("chat.postMessage", FakeSlackResponse.Error(code));

        var error = await Assert.ThrowsAsync<SlackApiException>(() => slack.Api.PostMessageAsync("C0PMOPS", Hello, null, CancellationToken.None).WaitAsync(Timeout));

        Assert.IsAssignableFrom<ChannelDeliveryException>(error);
        Assert.Equal(code, error.Code);
        Assert.Equal("chat.postMessage", error.Method);
        Assert.Equal(recipientGone, error.RecipientGone);
        Assert.Equal(retryable, error.Retryable);
        Assert.Contains("chat.postMessage", error.Message);
    }

    [Theory]
    [InlineData("update")]
    [InlineData("delete")]
    public async Task A_message_that_is_gone_is_a_gone_recipient_for_update_and_delete(string action)
    {
        await using var slack = await SlackWebApiHarness.StartAsync(o => o.MaxRetries = 0);
        slack.Fake.Script("chat." + action, FakeSlackResponse.Error("message_not_found"));

        var error = await Assert.ThrowsAsync<SlackApiException>(() => (action == "update"
            ? slack.Api.UpdateMessageAsync("C0PMOPS", "1.2", Hello, CancellationToken.None)
            : slack.Api.DeleteMessageAsync("C0PMOPS", "1.2", CancellationToken.None)).WaitAsync(Timeout));

        Assert.True(error.RecipientGone);
        Assert.False(error.Retryable);
    }

    [Fact]
    public async Task A_bad_token_is_logged_at_error_with_what_to_fix_and_is_not_retried()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        slack.Fake.RequiredToken = "xoxb-the-real-one";

        var error = await Assert.ThrowsAsync<SlackApiException>(() => slack.Api.PostMessageAsync("C0PMOPS", Hello, null, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal("invalid_auth", error.Code);
        Assert.False(error.Retryable);
        Assert.Single(slack.Fake.Calls);
        var logged = Assert.Single(slack.Log.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("chat.postMessage", logged.Message);
        Assert.Contains("invalid_auth", logged.Message);
        Assert.Contains("check Slack:BotToken", logged.Message);
    }

    [Fact]
    public async Task A_missing_scope_names_the_scope_Slack_needs()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        slack.Fake.Script("conversations.open", FakeSlackResponse.Error("missing_scope", new() { ["needed"] = "im:write" }));

        var error = await Assert.ThrowsAsync<SlackApiException>(() => slack.Api.OpenDirectMessageAsync("U0ADA", CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal("missing_scope", error.Code);
        Assert.Contains("im:write", error.Message);
        Assert.Contains("reinstall", error.Message);
    }

    [Fact]
    public async Task An_empty_token_fails_without_calling_Slack_and_says_which_setting_is_empty()
    {
        await using var slack = await SlackWebApiHarness.StartAsync(o => o.BotToken = "");

        var error = await Assert.ThrowsAsync<SlackApiException>(() => slack.Api.PostMessageAsync("C0PMOPS", Hello, null, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal("not_authed", error.Code);
        Assert.Contains("Slack:BotToken", error.Message);
        Assert.Empty(slack.Fake.Calls);
    }

    [Fact]
    public async Task A_body_that_is_not_Slack_json_is_a_clear_error_quoting_what_came_back()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        slack.Fake.Script("chat.postMessage", FakeSlackResponse.Raw(200, "<html>Captive portal</html>"));

        var error = await Assert.ThrowsAsync<SlackApiException>(() => slack.Api.PostMessageAsync("C0PMOPS", Hello, null, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(SlackErrorCodes.InvalidResponse, error.Code);
        Assert.False(error.Retryable);
        Assert.Contains("Captive portal", error.Message);
        Assert.Contains("Slack:ApiBaseUrl", error.Message);
    }

    [Fact]
    public async Task An_ok_answer_without_the_expected_field_is_an_invalid_response()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        slack.Fake.Script("chat.postMessage", FakeSlackResponse.Ok());

        var error = await Assert.ThrowsAsync<SlackApiException>(() => slack.Api.PostMessageAsync("C0PMOPS", Hello, null, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(SlackErrorCodes.InvalidResponse, error.Code);
        Assert.Contains("'ts'", error.Message);
    }

    [Fact]
    public async Task An_unreachable_Slack_is_a_retryable_network_error()
    {
        await using var slack = await SlackWebApiHarness.StartAsync(o =>
        {
            o.MaxRetries = 0;
            o.ApiBaseUrl = "http://127.0.0.1:1/api/"; // nothing listens on port 1
        });

        var error = await Assert.ThrowsAsync<SlackApiException>(() => slack.Api.PostMessageAsync("C0PMOPS", Hello, null, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(SlackErrorCodes.NetworkError, error.Code);
        Assert.True(error.Retryable);
        Assert.False(error.RecipientGone);
    }

    [Fact]
    public async Task A_hanging_Slack_is_a_retryable_timeout_not_a_cancellation()
    {
        await using var slack = await SlackWebApiHarness.StartAsync(o => o.MaxRetries = 0);
        slack.Fake.Script("chat.postMessage", FakeSlackResponse.Ok(new() { ["ts"] = "1.1" }).After(TimeSpan.FromSeconds(3)));
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        var api = new SlackWebApi(http, Microsoft.Extensions.Options.Options.Create(slack.Options), slack.Clock, slack.Log);

        var error = await Assert.ThrowsAsync<SlackApiException>(() => api.PostMessageAsync("C0PMOPS", Hello, null, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(SlackErrorCodes.RequestTimeout, error.Code);
        Assert.True(error.Retryable);
    }

    [Fact]
    public async Task An_api_base_url_that_is_not_absolute_http_fails_at_construction_naming_the_setting()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new SlackOptions { BotToken = "xoxb-1", ApiBaseUrl = "slack.com/api" });

        var error = Assert.Throws<InvalidOperationException>(() => new SlackWebApi(new HttpClient(), options, TimeProvider.System, new RecordingLogger<SlackWebApi>()));

        Assert.Contains("Slack:ApiBaseUrl", error.Message);
    }
}
