using System.Net;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PmOpsBot.Bot.Delivery;
using PmOpsBot.Core.Delivery;
using PmOpsBot.Core.Tests.Delivery;

namespace PmOpsBot.Bot.Tests.Delivery;

public sealed class OutboundSenderTests
{
    private static readonly OutboundDeliveryOptions Immediate = new()
    {
        ImmediateRetries = 2, ImmediateRetryDelay = TimeSpan.FromMilliseconds(1), MaxImmediateWait = TimeSpan.FromSeconds(1), AttemptTimeout = TimeSpan.FromSeconds(5),
    };

    private static readonly PendingMessageOptions Queue = new() { FirstDelay = TimeSpan.FromSeconds(30) };

    private readonly InMemoryPendingMessageStore _store = new();
    private readonly ScriptedChannelAdapter _channel = new();

    private static readonly ConversationReference Chat = new()
    {
        ChannelId = "msteams",
        ServiceUrl = "https://smba.example.invalid/",
        Conversation = new ConversationAccount(id: "a:private-chat", tenantId: "tenant-1"),
        Bot = new ChannelAccount("bot"),
        User = new ChannelAccount("user-2"),
    };

    private OutboundSender Sender(OutboundDeliveryOptions? options = null) =>
        new(_store, new BotIdentity(), TimeProvider.System, Options.Create(options ?? Immediate), Options.Create(Queue), NullLogger<OutboundSender>.Instance);

    private static IActivity[] Messages(params string[] texts) => texts.Select(t => (IActivity)MessageFactory.Text(t)).ToArray();

    private Task<OutboundOutcome> SendAsync(params string[] texts) =>
        Sender().SendAsync(_channel, Chat, "tenant-1", "user-2", Messages(texts), CancellationToken.None);

    [Fact]
    public async Task Messages_the_channel_takes_are_sent_once_each_in_order_and_nothing_is_queued()
    {
        Assert.Equal(OutboundOutcome.Sent, await SendAsync("one", "two", "three"));

        Assert.Equal(["one", "two", "three"], _channel.Delivered);
        Assert.Equal(3, _channel.Attempts.Count);
        Assert.Empty(_store.All);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task A_passing_failure_is_retried_at_once_and_the_message_goes_through(HttpStatusCode status)
    {
        _channel.Script(ScriptedChannelAdapter.Status(status, "0"), ScriptedChannelAdapter.Status(status));

        Assert.Equal(OutboundOutcome.Sent, await SendAsync("hello"));

        Assert.Equal(3, _channel.Attempts.Count);
        Assert.Equal(["hello"], _channel.Delivered);
        Assert.Empty(_store.All);
    }

    [Fact]
    public async Task Retries_are_bounded_and_what_did_not_go_is_queued_from_the_failed_message_on_without_repeating_the_ones_sent()
    {
        var before = DateTimeOffset.UtcNow;
        _channel.Script((Exception?)null);
        _channel.Default = () => ScriptedChannelAdapter.Status(HttpStatusCode.InternalServerError);

        Assert.Equal(OutboundOutcome.Queued, await SendAsync("one", "two", "three"));

        // "one" went; "two" was tried 1 + ImmediateRetries times; "three" was never tried now.
        Assert.Equal(["one"], _channel.Delivered);
        Assert.Equal(1 + 1 + Immediate.ImmediateRetries, _channel.Attempts.Count);
        var queued = Assert.Single(_store.All);
        Assert.Equal(["two", "three"], PendingMessageFormat.ReadPayload(queued.Payload)!.Select(a => a.Text));
        Assert.Equal(("tenant-1", "user-2", 0, "http_500"), (queued.TenantId, queued.RecipientId, queued.Attempts, queued.LastError));
        Assert.Equal("a:private-chat", PendingMessageFormat.ReadAddress(queued.Address)!.Conversation.Id);
        Assert.InRange(queued.NextAttemptAt - before, Queue.FirstDelay, Queue.FirstDelay + TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_long_retry_after_is_not_waited_for_in_the_turn_the_message_is_queued_for_when_the_channel_asked()
    {
        var before = DateTimeOffset.UtcNow;
        _channel.Script(ScriptedChannelAdapter.Status(HttpStatusCode.TooManyRequests, "90"));

        Assert.Equal(OutboundOutcome.Queued, await SendAsync("hello"));

        Assert.Single(_channel.Attempts);
        Assert.InRange(Assert.Single(_store.All).NextAttemptAt - before, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(100));
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task A_recipient_who_is_gone_is_not_retried_nor_queued(HttpStatusCode status)
    {
        _channel.Script(ScriptedChannelAdapter.Status(status));

        Assert.Equal(OutboundOutcome.Gone, await SendAsync("one", "two"));

        Assert.Single(_channel.Attempts);
        Assert.Empty(_store.All);
    }

    [Fact]
    public async Task A_message_the_channel_refuses_is_not_retried_and_the_next_one_still_goes()
    {
        _channel.Script(ScriptedChannelAdapter.Status(HttpStatusCode.BadRequest));

        Assert.Equal(OutboundOutcome.Refused, await SendAsync("too big", "fine"));

        Assert.Equal(2, _channel.Attempts.Count);
        Assert.Equal(["fine"], _channel.Delivered);
        Assert.Empty(_store.All);
    }

    [Fact]
    public async Task A_channel_client_that_retries_by_itself_is_not_retried_again_its_retryable_failure_is_queued()
    {
        _channel.Script(new ChannelDeliveryException("Slack answered ratelimited", "ratelimited", recipientGone: false, retryable: true));

        Assert.Equal(OutboundOutcome.Queued, await SendAsync("hello"));

        Assert.Single(_channel.Attempts);
        Assert.Equal("ratelimited", Assert.Single(_store.All).LastError);
    }

    [Fact]
    public async Task A_slack_channel_that_is_gone_is_not_queued()
    {
        _channel.Script(new ChannelDeliveryException("Slack answered channel_not_found", "channel_not_found", recipientGone: true, retryable: false));

        Assert.Equal(OutboundOutcome.Gone, await SendAsync("hello"));
        Assert.Empty(_store.All);
    }

    [Fact]
    public async Task An_attempt_that_takes_too_long_counts_as_failed_and_after_the_retries_the_message_is_queued()
    {
        var slow = new SlowAdapter(TimeSpan.FromSeconds(30));
        var sender = Sender(new OutboundDeliveryOptions { ImmediateRetries = 1, ImmediateRetryDelay = TimeSpan.FromMilliseconds(1), AttemptTimeout = TimeSpan.FromMilliseconds(100) });

        var outcome = await sender.SendAsync(slow, Chat, "tenant-1", null, Messages("hello"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(OutboundOutcome.Queued, outcome);
        Assert.Equal(2, slow.Attempts);
        Assert.Equal("timeout", Assert.Single(_store.All).LastError);
    }

    [Fact]
    public async Task When_the_caller_gives_up_nothing_is_queued_as_if_the_channel_had_failed()
    {
        var slow = new SlowAdapter(TimeSpan.FromSeconds(30));
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sender().SendAsync(slow, Chat, "tenant-1", null, Messages("hello"), stop.Token));

        Assert.Empty(_store.All);
    }

    [Fact]
    public async Task A_bug_in_a_send_is_not_mistaken_for_a_channel_failure()
    {
        _channel.Script(new InvalidOperationException("bug"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => SendAsync("hello"));

        Assert.Single(_channel.Attempts);
        Assert.Empty(_store.All);
    }

    private sealed class SlowAdapter(TimeSpan delay) : BotAdapter
    {
        private int _attempts;

        public int Attempts => _attempts;

        public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            await Task.Delay(delay, cancellationToken);
            return [new ResourceResponse("late")];
        }

        public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
