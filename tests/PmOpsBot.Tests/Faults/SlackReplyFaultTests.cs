using Microsoft.Extensions.DependencyInjection;
using PmOpsBot.Core.Delivery;
using PmOpsBot.Slack.Tests.WebApi;
using PmOpsBot.Tests.Slack;

namespace PmOpsBot.Tests.Faults;

/// <summary>
/// A Slack reply that Slack's Web API keeps failing (after the client's own retries) waits in the queue of
/// undelivered messages and is posted once Slack recovers; the conversation's state is kept.
/// </summary>
public sealed class SlackReplyFaultTests
{
    private const int SlackRetries = 1;

    private static Task<SlackWorkspace> WorkspaceAsync() => SlackWorkspace.StartAsync(new Dictionary<string, string>
    {
        ["Slack:MaxRetries"] = $"{SlackRetries}",
        ["Delivery:FirstDelay"] = "00:00:00",
        ["Delivery:TickInterval"] = "01:00:00",
    });

    [Fact]
    public async Task A_direct_message_reply_slack_fails_is_queued_and_posted_once_when_slack_recovers()
    {
        await using var slack = await WorkspaceAsync();
        var expected = SlackWorkspace.TextOf(await slack.SayPrivatelyAsync("U0BOB", "help"));
        var store = slack.Host.Services.GetRequiredService<IPendingMessageStore>();
        slack.Api.Script("chat.postMessage", Enumerable.Repeat(FakeSlackResponse.ServerError(503), 1 + SlackRetries).ToArray());
        var before = slack.Api.Calls.Count;

        using (var response = await slack.PostEventAsync(SlackWorkspace.DirectMessage("U0ANN", "help", slack.NextTs()))) Assert.True(response.IsSuccessStatusCode);

        // Slack events are answered at once and worked in the background: wait for the reply to be queued.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await store.CountAsync(default) == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        var failed = slack.Api.Calls.Skip(before).Where(c => c.Method == "chat.postMessage").ToList();
        Assert.Equal(1 + SlackRetries, failed.Count);
        Assert.Equal(1, await store.CountAsync(default));

        var runner = slack.Host.Services.GetRequiredService<PendingMessageRunner>();
        Assert.Equal(1, (await runner.TickAsync(default)).Delivered);
        await runner.TickAsync(default);

        var posted = slack.Api.Calls.Skip(before).Where(c => c.Method == "chat.postMessage" && c.AnsweredWith == 200).ToList();
        var reply = Assert.Single(posted);
        Assert.Equal("DU0ANN", reply.Channel);
        Assert.Equal(expected, SlackWorkspace.TextOf(posted));
        Assert.Equal(0, await store.CountAsync(default));
    }
}
