using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using PmOpsBot.Bot.Delivery;
using PmOpsBot.Core.Delivery;
using static PmOpsBot.Tests.BotClient;

namespace PmOpsBot.Tests.Faults;

/// <summary>
/// The real host answering Teams turns in the normal delivery mode, its replies posted over HTTP to a
/// <see cref="FakeConnector"/> on loopback that fails on purpose (5xx, 429, no answer): a reply the person was
/// owed is never lost, their interview is never reset, and retries are bounded.
/// </summary>
public sealed class ReplyFaultTests : FakeConnectorHostTests
{
    private const int ImmediateRetries = 2;
    private const int QueueAttempts = 3;

    /// <param name="attemptTimeout">Generous by default, so a slow first call on a busy machine is not taken for a connector that does not answer.</param>
    private PmOpsBotFactory Host(TimeSpan? tick = null, TimeSpan? attemptTimeout = null) => new(DatabasePath, settings: new Dictionary<string, string>
    {
        ["Digest:SchedulerEnabled"] = "false",
        ["Delivery:ImmediateRetries"] = $"{ImmediateRetries}",
        ["Delivery:ImmediateRetryDelay"] = "00:00:00.010",
        ["Delivery:AttemptTimeout"] = (attemptTimeout ?? TimeSpan.FromSeconds(10)).ToString(),
        ["Delivery:FirstDelay"] = "00:00:00",
        ["Delivery:MaxDelay"] = "00:00:00",
        ["Delivery:MaxAttempts"] = $"{QueueAttempts}",
        // The tests work the queue themselves unless they ask the host to.
        ["Delivery:TickInterval"] = (tick ?? TimeSpan.FromHours(1)).ToString(),
    });

    /// <summary>A message posted the way Teams posts it when it wants replies through the connector (no expectReplies).</summary>
    private Task<int> SendThroughConnectorAsync(HttpClient http, string text, string conversation = "conv-1") =>
        new BotClient(http, conversation: conversation).SendThroughConnectorAsync(text, Connector.ServiceUrl);

    private static string Texts(IEnumerable<ReceivedActivity> received) => TextOf(received.Select(r => r.Activity));

    /// <summary>What the same two messages get in a conversation where nothing fails.</summary>
    private static async Task<(string First, string Second)> ControlAsync(HttpClient http)
    {
        var control = new BotClient(http, conversation: "conv-control");
        return (TextOf(await control.SendAsync("new initiative")), TextOf(await control.SendAsync("Office move")));
    }

    [Fact]
    public async Task A_reply_the_connector_fails_is_queued_the_interview_goes_on_and_the_reply_arrives_once_when_it_recovers()
    {
        await using var app = Host();
        var http = app.CreateClient();
        var (firstReply, secondReply) = await ControlAsync(http);
        Connector.Default = ConnectorResponse.ServerError;

        Assert.Equal(200, await SendThroughConnectorAsync(http, "new initiative"));

        // Bounded: one try and the immediate retries, all refused; the reply waits in the queue.
        Assert.Equal(1 + ImmediateRetries, Connector.Received.Count);
        Assert.All(Connector.Received, r => Assert.Equal(500, r.AnsweredWith));
        var store = app.Services.GetRequiredService<IPendingMessageStore>();
        Assert.Equal(1, await store.CountAsync(default));

        // The failed send did not reset the interview: the next answer is taken as the initiative's name.
        Assert.Equal(secondReply, TextOf(await new BotClient(http).SendAsync("Office move")));

        Connector.Default = ConnectorResponse.Ok;
        var report = await app.Services.GetRequiredService<PendingMessageRunner>().TickAsync(default);
        await app.Services.GetRequiredService<PendingMessageRunner>().TickAsync(default);

        Assert.Equal(1, report.Delivered);
        var delivered = Connector.Received.Where(r => r.AnsweredWith == 200).ToList();
        Assert.Equal(firstReply, Texts(delivered));
        Assert.All(delivered, r => Assert.Equal("conv-1", r.ConversationId));
        Assert.Equal(0, await store.CountAsync(default));
    }

    [Fact]
    public async Task Throttling_with_a_short_retry_after_is_waited_out_in_the_turn()
    {
        await using var app = Host();
        var http = app.CreateClient();
        var (firstReply, _) = await ControlAsync(http);
        Connector.Script(ConnectorResponse.TooManyRequests(retryAfterSeconds: 0));

        Assert.Equal(200, await SendThroughConnectorAsync(http, "new initiative"));

        Assert.Equal([429, 200], Connector.Received.Select(r => r.AnsweredWith));
        Assert.Equal(firstReply, Texts(Connector.Received.Where(r => r.AnsweredWith == 200)));
        Assert.Equal(0, await app.Services.GetRequiredService<IPendingMessageStore>().CountAsync(default));
    }

    [Fact]
    public async Task A_connector_that_does_not_answer_in_time_has_the_reply_queued_and_delivered_later()
    {
        await using var app = Host(attemptTimeout: TimeSpan.FromMilliseconds(500));
        var http = app.CreateClient();
        var (firstReply, _) = await ControlAsync(http);
        Connector.Default = ConnectorResponse.Hang(TimeSpan.FromSeconds(30));

        Assert.Equal(200, await SendThroughConnectorAsync(http, "new initiative").WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(Enumerable.Repeat(0, 1 + ImmediateRetries), Connector.Received.Select(r => r.AnsweredWith));
        var queued = await app.Services.GetRequiredService<IPendingMessageStore>().ClaimDueAsync(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 10, default);
        Assert.Equal("timeout", Assert.Single(queued).LastError);

        Connector.Default = ConnectorResponse.Ok;
        Assert.Equal(1, (await app.Services.GetRequiredService<PendingMessageRunner>().TickAsync(default)).Delivered);
        Assert.Equal(firstReply, Texts(Connector.Received.Where(r => r.AnsweredWith == 200)));
    }

    [Fact]
    public async Task The_host_works_the_queue_by_itself()
    {
        await using var app = Host(tick: TimeSpan.FromMilliseconds(200));
        var http = app.CreateClient();
        var (firstReply, _) = await ControlAsync(http);
        Connector.Script(Enumerable.Repeat(ConnectorResponse.BadGateway, 1 + ImmediateRetries).ToArray());

        Assert.Equal(200, await SendThroughConnectorAsync(http, "new initiative"));

        var store = app.Services.GetRequiredService<IPendingMessageStore>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((!Connector.Received.Any(r => r.AnsweredWith == 200) || await store.CountAsync(default) > 0) && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(firstReply, Texts(Connector.Received.Where(r => r.AnsweredWith == 200)));
        Assert.Equal(0, await store.CountAsync(default));
    }

    [Fact]
    public async Task A_connector_that_never_recovers_gets_a_bounded_number_of_tries_then_the_message_is_given_up()
    {
        await using var app = Host();
        var http = app.CreateClient();
        Connector.Default = ConnectorResponse.ServerError;
        await SendThroughConnectorAsync(http, "new initiative");
        var runner = app.Services.GetRequiredService<PendingMessageRunner>();

        var givenUp = 0;
        for (var tick = 0; tick < QueueAttempts + 5; tick++) givenUp += (await runner.TickAsync(default)).GivenUp.Count;

        Assert.Equal(1, givenUp);
        Assert.Equal(1 + ImmediateRetries + QueueAttempts, Connector.Received.Count);
        Assert.Equal(0, await app.Services.GetRequiredService<IPendingMessageStore>().CountAsync(default));
    }

    [Fact]
    public async Task A_conversation_the_bot_was_removed_from_is_neither_retried_nor_queued_and_the_state_is_kept()
    {
        await using var app = Host();
        var http = app.CreateClient();
        var (_, secondReply) = await ControlAsync(http);
        Connector.Default = ConnectorResponse.Forbidden;

        Assert.Equal(200, await SendThroughConnectorAsync(http, "new initiative"));

        Assert.Single(Connector.Received);
        Assert.Equal(0, await app.Services.GetRequiredService<IPendingMessageStore>().CountAsync(default));
        Assert.Equal(secondReply, TextOf(await new BotClient(http).SendAsync("Office move")));
    }
}
