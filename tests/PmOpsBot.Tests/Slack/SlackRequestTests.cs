using System.Diagnostics;
using System.Net;
using Newtonsoft.Json.Linq;
using PmOpsBot.Slack.Tests.WebApi;
using static PmOpsBot.Tests.Slack.SlackWorkspace;

namespace PmOpsBot.Tests.Slack;

/// <summary>What /api/slack/* accepts, refuses and acknowledges, and how fast.</summary>
public sealed class SlackRequestTests : IAsyncLifetime
{
    private static readonly TimeSpan NothingHappens = TimeSpan.FromSeconds(1);
    private SlackWorkspace _slack = null!;

    public async Task InitializeAsync() => _slack = await SlackWorkspace.StartAsync();

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    [Fact]
    public async Task The_url_verification_challenge_is_echoed()
    {
        using var response = await _slack.PostSignedAsync("/api/slack/events", """{"token":"t","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""", "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", JObject.Parse(await response.Content.ReadAsStringAsync())["challenge"]?.ToString());
    }

    public static TheoryData<string> Refusals => ["tampered", "stale", "future", "missing", "wrong-secret"];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Requests_not_signed_by_slack_for_this_app_get_401_and_are_never_processed(string how)
    {
        var body = new JObject { ["type"] = "event_callback", ["team_id"] = FakeSlackWebApi.TeamId, ["event_id"] = "EvForged", ["event"] = DirectMessage("U0ANN", "new initiative", _slack.NextTs()) }.ToString();
        using var response = how switch
        {
            "tampered" => await TamperedAsync(body),
            "stale" => await _slack.PostSignedAsync("/api/slack/events", body, "application/json", at: DateTimeOffset.UtcNow.AddMinutes(-6)),
            "future" => await _slack.PostSignedAsync("/api/slack/events", body, "application/json", at: DateTimeOffset.UtcNow.AddMinutes(6)),
            "missing" => await _slack.PostSignedAsync("/api/slack/events", body, "application/json", sign: false),
            _ => await _slack.PostSignedAsync("/api/slack/events", body, "application/json", secret: "not-this-apps-secret"),
        };

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Task.Delay(NothingHappens);
        Assert.Empty(_slack.Api.Calls);
    }

    [Theory]
    [InlineData("/api/slack/interactions")]
    [InlineData("/api/slack/commands")]
    public async Task Interactions_and_commands_are_verified_too(string path)
    {
        using var response = await _slack.PostSignedAsync(path, "payload=%7B%7D", "application/x-www-form-urlencoded", secret: "not-this-apps-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_duplicated_event_and_its_retry_are_processed_once()
    {
        var message = DirectMessage("U0ANN", "help", _slack.NextTs());
        await _slack.RepliesToAsync(() => _slack.PostEventAsync(message, eventId: "EvTwice"));
        using var duplicate = await _slack.PostEventAsync(message, eventId: "EvTwice");
        using var retry = await _slack.PostEventAsync(message, eventId: "EvTwice", headers: new Dictionary<string, string> { ["X-Slack-Retry-Num"] = "1", ["X-Slack-Retry-Reason"] = "http_timeout" });

        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        await Task.Delay(NothingHappens);
        Assert.Single(_slack.Api.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task A_retry_that_reaches_another_instance_is_not_processed_twice()
    {
        await using var other = _slack.AnotherInstance();
        using var otherHttp = other.CreateClient();
        var message = DirectMessage("U0ANN", "help", _slack.NextTs());
        await _slack.RepliesToAsync(() => _slack.PostEventAsync(message, eventId: "EvBalanced"));

        // The same delivery, signed the same way, arriving at the second instance.
        var body = new JObject { ["type"] = "event_callback", ["team_id"] = FakeSlackWebApi.TeamId, ["event_id"] = "EvBalanced", ["event"] = message }.ToString();
        using var answered = await _slack.PostSignedAsync("/api/slack/events", body, "application/json",
            headers: new Dictionary<string, string> { ["X-Slack-Retry-Num"] = "1" }, via: otherHttp);

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        await Task.Delay(NothingHappens);
        Assert.Single(_slack.Api.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task Messages_from_bots_including_itself_are_ignored()
    {
        var fromBot = DirectMessage("U0OTHERBOT", "new initiative", _slack.NextTs());
        fromBot["bot_id"] = "B0OTHER";
        var fromItself = DirectMessage(FakeSlackWebApi.BotUserId, "new initiative", _slack.NextTs());
        var edited = DirectMessage("U0ANN", "new initiative", _slack.NextTs());
        edited["subtype"] = "message_changed";

        foreach (var message in new[] { fromBot, fromItself, edited })
        {
            using var response = await _slack.PostEventAsync(message);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Task.Delay(NothingHappens);
        Assert.DoesNotContain(_slack.Api.Calls, c => c.Method.StartsWith("chat.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_ack_comes_back_before_a_slow_slack_api_has_answered()
    {
        _slack.Api.Script("chat.postMessage", FakeSlackResponse.Ok(new JObject { ["ts"] = "1700000000.999999", ["channel"] = "DU0ANN" }).After(TimeSpan.FromSeconds(4)));
        var clock = Stopwatch.StartNew();
        using var ack = await _slack.PostEventAsync(DirectMessage("U0ANN", "help", _slack.NextTs()));
        var ackedAfter = clock.Elapsed;

        // Slack's limit is 3 s; the reply alone takes 4 s here, so it can only have been sent after the ack.
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.True(ackedAfter < TimeSpan.FromSeconds(3), $"acknowledged after {ackedAfter}");
        await _slack.Api.WaitForAsync(c => c.Method == "chat.postMessage", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_rate_limited_post_is_sent_again_after_retry_after()
    {
        _slack.Api.Script("chat.postMessage", FakeSlackResponse.RateLimited(1));
        await _slack.RepliesToAsync(() => _slack.PostEventAsync(DirectMessage("U0ANN", "help", _slack.NextTs())), atLeast: 2);

        var posts = _slack.Api.CallsTo("chat.postMessage");
        Assert.Equal([429, 200], posts.Select(p => p.AnsweredWith));
        // Stamped with the wall clock, while the wait runs on a timer of the monotonic clock: they can disagree by a
        // millisecond or so (a run measured 0.9994 s), which is not a retry sent early.
        Assert.True(posts[1].ReceivedAt - posts[0].ReceivedAt >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(20), $"retried after {posts[1].ReceivedAt - posts[0].ReceivedAt}");
    }

    [Fact]
    public async Task An_event_refused_while_the_queue_is_full_is_processed_when_slack_retries_it()
    {
        await using var small = await SlackWorkspace.StartAsync(new Dictionary<string, string> { ["Slack:QueueLaneCapacity"] = "1" });
        // The first reply takes a while, so the lane of this person (one lane: same workspace, channel and user) fills up.
        small.Api.Script("chat.postMessage", FakeSlackResponse.Ok(new JObject { ["ts"] = "1700000000.999999", ["channel"] = "DU0ANN" }).After(TimeSpan.FromSeconds(2)));
        using var first = await small.PostEventAsync(DirectMessage("U0ANN", "help", small.NextTs()), eventId: "EvFirst");
        await small.Api.WaitForAsync(c => c.Method == "chat.postMessage", TimeSpan.FromSeconds(10));
        using var second = await small.PostEventAsync(DirectMessage("U0ANN", "help", small.NextTs()), eventId: "EvSecond");
        var third = DirectMessage("U0ANN", "help", small.NextTs());
        using var refused = await small.PostEventAsync(third, eventId: "EvThird");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        // Slack retries a minute later; by then the lane has room again.
        await small.Api.WaitForAsync(c => c.Method == "chat.postMessage" && c.AnsweredWith == 200 && small.Api.CallsTo("chat.postMessage").Count == 2, TimeSpan.FromSeconds(10));
        await small.RepliesToAsync(() => small.PostEventAsync(third, eventId: "EvThird", headers: new Dictionary<string, string> { ["X-Slack-Retry-Num"] = "1" }));
        Assert.Equal(3, small.Api.CallsTo("chat.postMessage").Count);
    }

    [Fact]
    public async Task Bodies_that_are_not_json_get_400_and_oversized_ones_413()
    {
        using var notJson = await _slack.PostSignedAsync("/api/slack/events", "{not json", "application/json");
        using var huge = await _slack.PostSignedAsync("/api/slack/events", "{\"x\":\"" + new string('a', 300 * 1024) + "\"}", "application/json");
        using var noPayload = await _slack.PostSignedAsync("/api/slack/interactions", "nothing=here", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noPayload.StatusCode);
    }

    [Fact]
    public async Task Without_slack_settings_the_endpoints_say_what_to_configure()
    {
        await using var unconfigured = new PmOpsBotFactory(PmOpsBotFactory.NewDatabasePath(), settings: new Dictionary<string, string> { ["Digest:SchedulerEnabled"] = "false" });
        using var response = await unconfigured.CreateClient().PostAsync("/api/slack/events", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Slack:SigningSecret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> TamperedAsync(string body)
    {
        // Signed correctly, then changed on the way: the signature no longer matches the body.
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/events") { Content = new StringContent(body.Replace("new initiative", "forget everyone", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add(PmOpsBot.Slack.Inbound.SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(PmOpsBot.Slack.Inbound.SlackSignature.SignatureHeader, PmOpsBot.Slack.Inbound.SlackSignature.Sign(SigningSecret, timestamp, System.Text.Encoding.UTF8.GetBytes(body)));
        return _slack.Http.SendAsync(request);
    }
}
