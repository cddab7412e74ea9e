using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace PmOpsBot.Slack.Tests.WebApi;

public sealed class SlackWebApiLookupTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_user_name_is_looked_up_once_and_then_served_from_the_cache()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        slack.Fake.Users["U0ADA"] = "Ada Lovelace";

        var first = await slack.Api.GetUserNameAsync("U0ADA", CancellationToken.None).WaitAsync(Timeout);
        var second = await slack.Api.GetUserNameAsync("U0ADA", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("Ada Lovelace", first);
        Assert.Equal("Ada Lovelace", second);
        var call = Assert.Single(slack.Fake.Calls);
        Assert.Equal("users.info", call.Method);
        Assert.Equal("U0ADA", call.Body["user"]?.ToString());
        Assert.StartsWith("application/x-www-form-urlencoded", call.ContentType);
    }

    [Fact]
    public async Task A_cached_name_is_asked_again_after_a_quarter_of_an_hour()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        slack.Fake.Users["U0ADA"] = "Ada";
        await slack.Api.GetUserNameAsync("U0ADA", CancellationToken.None).WaitAsync(Timeout);

        slack.Clock.Advance(TimeSpan.FromMinutes(16));
        slack.Fake.Users["U0ADA"] = "Ada L.";

        Assert.Equal("Ada L.", await slack.Api.GetUserNameAsync("U0ADA", CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(2, slack.Fake.Calls.Count);
    }

    [Theory]
    [InlineData("", "Grace Hopper", "grace", "Grace Hopper")]
    [InlineData("", "", "grace", "grace")]
    [InlineData("Amazing Grace", "Grace Hopper", "grace", "Amazing Grace")]
    public async Task The_name_is_the_display_name_else_the_real_name_else_the_handle(string displayName, string realName, string handle, string expected)
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        slack.Fake.Script("users.info", FakeSlackResponse.Ok(new JObject
        {
            ["user"] = new JObject { ["id"] = "U0GH", ["name"] = handle, ["real_name"] = realName, ["profile"] = new JObject { ["display_name"] = displayName } },
        }));

        Assert.Equal(expected, await slack.Api.GetUserNameAsync("U0GH", CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task An_unknown_user_gives_null_and_a_log_line_instead_of_an_exception()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();

        var name = await slack.Api.GetUserNameAsync("U0NOBODY", CancellationToken.None).WaitAsync(Timeout);

        Assert.Null(name);
        Assert.Contains(slack.Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("users.info") && e.Message.Contains("user_not_found"));
    }

    [Fact]
    public async Task A_failing_Slack_gives_null_once_retries_are_spent()
    {
        await using var slack = await SlackWebApiHarness.StartAsync(o => o.MaxRetries = 1);
        slack.Fake.Script("users.info", FakeSlackResponse.ServerError(500), FakeSlackResponse.Raw(200, "not json"));

        var lookup = slack.Api.GetUserNameAsync("U0ADA", CancellationToken.None);
        await slack.AdvanceUntilAsync(() => lookup.IsCompleted);

        Assert.Null(await lookup);
        Assert.Equal(2, slack.Fake.Calls.Count);
    }

    [Fact]
    public async Task A_name_lookup_still_honours_cancellation()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slack.Api.GetUserNameAsync("U0ADA", cancel.Token).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Opening_a_direct_message_returns_its_channel()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();

        var channel = await slack.Api.OpenDirectMessageAsync("U0ADA", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("DU0ADA", channel);
        var call = Assert.Single(slack.Fake.Calls);
        Assert.Equal("conversations.open", call.Method);
        Assert.Equal("U0ADA", call.Body["users"]?.ToString());
        Assert.Equal($"Bearer {SlackWebApiHarness.Token}", call.Authorization);
    }

    [Fact]
    public async Task The_bot_identity_is_asked_once_and_remembered()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();

        var identity = await slack.Api.AuthTestAsync(CancellationToken.None).WaitAsync(Timeout);
        var again = await slack.Api.AuthTestAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(new PmOpsBot.Slack.WebApi.SlackBotIdentity(FakeSlackWebApi.BotUserId, FakeSlackWebApi.TeamId, FakeSlackWebApi.BotId), identity);
        Assert.Same(identity, again);
        Assert.Single(slack.Fake.Calls, c => c.Method == "auth.test");
    }

    [Fact]
    public async Task A_failed_identity_check_is_not_remembered()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();
        slack.Fake.Script("auth.test", FakeSlackResponse.Error("invalid_auth"));

        await Assert.ThrowsAsync<PmOpsBot.Slack.WebApi.SlackApiException>(() => slack.Api.AuthTestAsync(CancellationToken.None).WaitAsync(Timeout));
        var identity = await slack.Api.AuthTestAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(FakeSlackWebApi.BotUserId, identity.UserId);
        Assert.Equal(2, slack.Fake.Calls.Count);
    }
}
