using PmOpsBot.Slack.BlockKit;
using PmOpsBot.Slack.WebApi;

namespace PmOpsBot.Slack.Tests.WebApi;

public sealed class SlackWebApiResponseUrlTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly SlackMessage Answer = new() { Text = "Career fit: strong", Blocks = [new Newtonsoft.Json.Linq.JObject { ["type"] = "divider" }] };

    [Theory]
    [InlineData(SlackResponseMode.Ephemeral, "ephemeral")]
    [InlineData(SlackResponseMode.InChannel, "in_channel")]
    public async Task A_response_is_posted_to_the_response_url_with_its_audience_and_without_the_token(SlackResponseMode mode, string responseType)
    {
        await using var slack = await SlackWebApiHarness.StartAsync();

        await slack.Api.RespondAsync(slack.Fake.ResponseUrl("cmd-1"), Answer, mode, CancellationToken.None).WaitAsync(Timeout);

        var call = Assert.Single(slack.Fake.Calls);
        Assert.Equal(FakeSlackWebApi.ResponseUrlMethod, call.Method);
        Assert.Equal("/response/cmd-1", call.Path);
        Assert.Null(call.Authorization);
        Assert.Equal(responseType, call.Body["response_type"]?.ToString());
        Assert.False(call.Body.Value<bool>("replace_original"));
        Assert.Equal("Career fit: strong", call.Text);
        Assert.Equal("divider", call.Blocks?[0]?["type"]?.ToString());
    }

    [Fact]
    public async Task Replace_original_asks_Slack_to_replace_the_message_the_interaction_came_from()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();

        await slack.Api.RespondAsync(slack.Fake.ResponseUrl("act-7"), new SlackMessage { Text = "Handover accepted" }, SlackResponseMode.ReplaceOriginal, CancellationToken.None).WaitAsync(Timeout);

        var call = Assert.Single(slack.Fake.Calls);
        Assert.True(call.Body.Value<bool>("replace_original"));
        Assert.Null(call.Body["response_type"]);
        Assert.Equal(new Newtonsoft.Json.Linq.JArray(), call.Blocks); // replacing with no blocks removes the old ones
    }

    [Fact]
    public async Task A_plain_ok_answer_counts_as_success()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        slack.Fake.Script(FakeSlackWebApi.ResponseUrlMethod, FakeSlackResponse.Raw(200, "ok"));

        await slack.Api.RespondAsync(slack.Fake.ResponseUrl("cmd-2"), Answer, SlackResponseMode.Ephemeral, CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    public async Task An_expired_response_url_fails_with_Slacks_word_for_it()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        slack.Fake.Script(FakeSlackWebApi.ResponseUrlMethod, FakeSlackResponse.Raw(404, "expired_url"));

        var error = await Assert.ThrowsAsync<SlackApiException>(() =>
            slack.Api.RespondAsync(slack.Fake.ResponseUrl("old"), Answer, SlackResponseMode.Ephemeral, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal("expired_url", error.Code);
        Assert.Equal("response_url", error.Method);
        Assert.False(error.Retryable);
    }

    [Fact]
    public async Task A_server_error_at_the_response_url_is_retried()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        slack.Fake.Script(FakeSlackWebApi.ResponseUrlMethod, FakeSlackResponse.ServerError(503));

        var respond = slack.Api.RespondAsync(slack.Fake.ResponseUrl("cmd-3"), Answer, SlackResponseMode.InChannel, CancellationToken.None);
        await slack.AdvanceUntilAsync(() => respond.IsCompleted);

        await respond;
        Assert.Equal([503, 200], slack.Fake.Calls.Select(c => c.AnsweredWith));
    }

    [Theory]
    [InlineData("ftp://hooks.slack.com/commands/1")]
    [InlineData("/commands/1")]
    [InlineData("file:///etc/passwd")]
    [InlineData("")]
    public async Task Only_absolute_http_urls_are_accepted(string responseUrl)
    {
        await using var slack = await SlackWebApiHarness.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => slack.Api.RespondAsync(responseUrl, Answer, SlackResponseMode.Ephemeral, CancellationToken.None));

        Assert.Empty(slack.Fake.Calls);
    }
}
