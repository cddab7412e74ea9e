using Newtonsoft.Json.Linq;
using PmOpsBot.Slack.BlockKit;

namespace PmOpsBot.Slack.Tests.WebApi;

public sealed class SlackWebApiMessageTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static SlackMessage Digest() => new()
    {
        Text = "Weekly digest",
        Blocks = [new JObject { ["type"] = "section", ["text"] = new JObject { ["type"] = "mrkdwn", ["text"] = "*3* initiatives need an owner" } }],
    };

    [Fact]
    public async Task A_post_carries_the_bot_token_the_channel_the_thread_and_the_blocks_and_returns_the_new_ts()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();

        var ts = await slack.Api.PostMessageAsync("C0PMOPS", Digest(), "1699999999.000100", CancellationToken.None).WaitAsync(Timeout);

        var call = Assert.Single(slack.Fake.Calls);
        Assert.Equal("chat.postMessage", call.Method);
        Assert.Equal($"Bearer {SlackWebApiHarness.Token}", call.Authorization);
        Assert.Equal("application/json; charset=utf-8", call.ContentType);
        Assert.Equal("C0PMOPS", call.Channel);
        Assert.Equal("1699999999.000100", call.ThreadTs);
        Assert.Equal("Weekly digest", call.Text);
        Assert.Equal("*3* initiatives need an owner", call.Blocks?[0]?["text"]?["text"]?.ToString());
        Assert.Equal("1700000000.000001", ts);
    }

    [Fact]
    public async Task A_post_outside_a_thread_sends_no_thread_ts_and_text_only_messages_send_no_empty_blocks()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();

        await slack.Api.PostMessageAsync("C0PMOPS", new SlackMessage { Text = "plain" }, threadTs: null, CancellationToken.None).WaitAsync(Timeout);

        var body = Assert.Single(slack.Fake.Calls).Body;
        Assert.Null(body["thread_ts"]);
        Assert.Null(body["blocks"]);
    }

    [Fact]
    public async Task An_update_names_the_message_and_always_sends_blocks_so_old_ones_are_cleared()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();

        await slack.Api.UpdateMessageAsync("C0PMOPS", "1700000000.000001", new SlackMessage { Text = "Handover done" }, CancellationToken.None).WaitAsync(Timeout);

        var call = Assert.Single(slack.Fake.Calls);
        Assert.Equal("chat.update", call.Method);
        Assert.Equal("C0PMOPS", call.Channel);
        Assert.Equal("1700000000.000001", call.Body["ts"]?.ToString());
        Assert.Equal("Handover done", call.Text);
        Assert.Equal(new JArray(), call.Blocks);
    }

    [Fact]
    public async Task An_ephemeral_post_names_the_user_and_returns_the_message_ts()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();

        var ts = await slack.Api.PostEphemeralAsync("C0PMOPS", "U0ADA", Digest(), "1699999999.000100", CancellationToken.None).WaitAsync(Timeout);

        var call = Assert.Single(slack.Fake.Calls);
        Assert.Equal("chat.postEphemeral", call.Method);
        Assert.Equal("U0ADA", call.Body["user"]?.ToString());
        Assert.Equal("C0PMOPS", call.Channel);
        Assert.Equal("1699999999.000100", call.ThreadTs);
        Assert.NotNull(call.Blocks);
        Assert.Equal("1700000000.000001", ts);
    }

    [Fact]
    public async Task A_delete_names_the_channel_and_the_message()
    {
        await using var slack = await SlackWebApiHarness.StartAsync();

        await slack.Api.DeleteMessageAsync("C0PMOPS", "1700000000.000007", CancellationToken.None).WaitAsync(Timeout);

        var call = Assert.Single(slack.Fake.Calls);
        Assert.Equal("chat.delete", call.Method);
        Assert.Equal("C0PMOPS", call.Channel);
        Assert.Equal("1700000000.000007", call.Body["ts"]?.ToString());
        Assert.Equal($"Bearer {SlackWebApiHarness.Token}", call.Authorization);
    }
}
