using System.Net;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using PmOpsBot.Bot.Delivery;
using PmOpsBot.Bot.Hosting;
using PmOpsBot.Core.Delivery;

namespace PmOpsBot.Bot.Tests.Delivery;

public sealed class BotPendingMessageSenderTests
{
    private readonly ScriptedChannelAdapter _connector = new();

    private static readonly ConversationReference Channel = new()
    {
        ChannelId = "msteams",
        ServiceUrl = "https://smba.example.invalid/",
        Conversation = new ConversationAccount(isGroup: true, id: "19:general@thread.tacv2;messageid=42", tenantId: "tenant-1"),
        Bot = new ChannelAccount("bot"),
        ActivityId = "42",
    };

    private BotPendingMessageSender Sender() => new(new ProactiveAdapters(_connector, []), new BotIdentity(), NullLogger<BotPendingMessageSender>.Instance);

    private static PendingMessage Queued(params string[] texts) => new(
        Guid.NewGuid(), "tenant-1", null, PendingMessageFormat.Address(Channel),
        PendingMessageFormat.Payload(texts.Select(t => (IActivity)MessageFactory.Text(t))), 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "http_500");

    [Fact]
    public async Task Every_message_is_sent_once_in_order_to_the_conversation_it_was_meant_for()
    {
        var result = await Sender().SendAsync(Queued("one", "two"), default);

        Assert.IsType<PendingSendResult.Sent>(result);
        Assert.Equal(["one", "two"], _connector.Delivered);
        Assert.All(_connector.Attempts, a => Assert.Equal("19:general@thread.tacv2;messageid=42", a.Conversation));
    }

    [Fact]
    public async Task A_failure_part_way_keeps_only_the_unsent_messages_for_the_next_try_and_does_not_retry_by_itself()
    {
        _connector.Script(null, ScriptedChannelAdapter.Status(HttpStatusCode.ServiceUnavailable));

        var result = await Sender().SendAsync(Queued("one", "two", "three"), default);

        var failed = Assert.IsType<PendingSendResult.Failed>(result);
        Assert.True(failed.Retryable);
        Assert.Equal("http_503", failed.Error);
        Assert.Equal(["two", "three"], PendingMessageFormat.ReadPayload(failed.Remaining)!.Select(a => a.Text));
        Assert.Equal(2, _connector.Attempts.Count);
    }

    [Fact]
    public async Task A_conversation_the_bot_was_removed_from_is_gone()
    {
        _connector.Script(ScriptedChannelAdapter.Status(HttpStatusCode.Forbidden));

        Assert.IsType<PendingSendResult.Gone>(await Sender().SendAsync(Queued("one", "two"), default));
        Assert.Single(_connector.Attempts);
    }

    [Fact]
    public async Task A_refused_message_is_skipped_and_the_rest_still_go()
    {
        _connector.Script(ScriptedChannelAdapter.Status(HttpStatusCode.BadRequest));

        Assert.IsType<PendingSendResult.Sent>(await Sender().SendAsync(Queued("bad", "good"), default));
        Assert.Equal(["good"], _connector.Delivered);
    }

    [Theory]
    [InlineData("not json", "[]")]
    [InlineData("{\"conversation\":{\"id\":\"c\"}}", "[]")]
    [InlineData(null, "{oops")]
    public async Task An_unreadable_stored_message_is_dropped_without_sending(string? address, string payload)
    {
        var message = Queued("x") with { Payload = payload };
        if (address is not null) message = message with { Address = address };

        Assert.IsType<PendingSendResult.Gone>(await Sender().SendAsync(message, default));
        Assert.Empty(_connector.Attempts);
    }
}
