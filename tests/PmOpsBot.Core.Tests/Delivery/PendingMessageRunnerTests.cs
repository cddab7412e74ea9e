using Microsoft.Extensions.Time.Testing;
using PmOpsBot.Core.Delivery;

namespace PmOpsBot.Core.Tests.Delivery;

public sealed class PendingMessageRunnerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly InMemoryPendingMessageStore _store = new();
    private readonly ScriptedSender _sender = new();

    private static readonly PendingMessageOptions Options = new()
    {
        MaxAttempts = 4, FirstDelay = TimeSpan.FromSeconds(30), MaxDelay = TimeSpan.FromMinutes(2), Lease = TimeSpan.FromMinutes(1),
    };

    private PendingMessageRunner Runner() => new(_store, _sender, _clock, Options);

    private async Task<PendingMessage> QueueAsync(string payload = "[a,b]", DateTimeOffset? due = null)
    {
        var message = new PendingMessage(Guid.NewGuid(), "tenant-1", "user-1", "{address}", payload, 0, _clock.GetUtcNow(), due ?? _clock.GetUtcNow(), "http_503");
        await _store.AddAsync(message, default);
        return message;
    }

    [Fact]
    public async Task A_delivered_message_leaves_the_queue()
    {
        var message = await QueueAsync();

        var report = await Runner().TickAsync(default);

        Assert.Equal((1, 1), (report.Claimed, report.Delivered));
        Assert.Equal([message.Id], _sender.Tried.Select(m => m.Id));
        Assert.Empty(_store.All);
    }

    [Fact]
    public async Task A_message_whose_recipient_is_gone_leaves_the_queue_without_another_try()
    {
        await QueueAsync();
        _sender.Next.Enqueue(new PendingSendResult.Gone("http_403"));

        var report = await Runner().TickAsync(default);
        _clock.Advance(TimeSpan.FromHours(1));
        await Runner().TickAsync(default);

        Assert.Equal(1, report.Gone);
        Assert.Single(_sender.Tried);
        Assert.Empty(_store.All);
    }

    [Fact]
    public async Task A_failed_message_keeps_only_what_is_left_and_waits_twice_as_long_each_time_up_to_the_maximum()
    {
        var message = await QueueAsync();
        _sender.Next.Enqueue(new PendingSendResult.Failed("[b]", true, "http_500"));
        _sender.Next.Enqueue(new PendingSendResult.Failed("[b]", true, "http_502"));

        await Runner().TickAsync(default);
        var afterFirst = Assert.Single(_store.All);
        Assert.Equal(("[b]", 1, "http_500"), (afterFirst.Payload, afterFirst.Attempts, afterFirst.LastError));
        // The first try from the queue was attempt 1; the next waits the doubled delay.
        Assert.Equal(Start + TimeSpan.FromSeconds(60), afterFirst.NextAttemptAt);

        // Not due yet: nothing is tried.
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, (await Runner().TickAsync(default)).Claimed);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await Runner().TickAsync(default);
        var afterSecond = Assert.Single(_store.All);
        Assert.Equal(2, afterSecond.Attempts);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(2), afterSecond.NextAttemptAt);
        Assert.Equal(message.Id, afterSecond.Id);
    }

    [Fact]
    public async Task Retries_are_bounded_a_message_is_given_up_and_reported_after_the_last_attempt()
    {
        var message = await QueueAsync();
        _sender.Always = new PendingSendResult.Failed("[a,b]", true, "http_500");
        var given = new List<PendingMessage>();

        for (var tick = 0; tick < 20; tick++)
        {
            given.AddRange((await Runner().TickAsync(default)).GivenUp);
            _clock.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Equal(Options.MaxAttempts, _sender.Tried.Count);
        var lost = Assert.Single(given);
        Assert.Equal((message.Id, Options.MaxAttempts, "http_500"), (lost.Id, lost.Attempts, lost.LastError));
        Assert.Empty(_store.All);
    }

    [Fact]
    public async Task A_message_the_channel_refuses_for_good_is_given_up_at_once()
    {
        await QueueAsync();
        _sender.Next.Enqueue(new PendingSendResult.Failed("[a,b]", false, "http_400"));

        var report = await Runner().TickAsync(default);

        Assert.Single(report.GivenUp);
        Assert.Empty(_store.All);
    }

    [Fact]
    public async Task A_sender_that_throws_costs_an_attempt_and_does_not_stop_the_others()
    {
        await QueueAsync(payload: "[first]");
        await QueueAsync(payload: "[second]", due: Start.AddSeconds(-1));
        _sender.ThrowFor = "[second]";

        var report = await Runner().TickAsync(default);

        Assert.Equal((2, 1, 1), (report.Claimed, report.Delivered, report.Retrying));
        var left = Assert.Single(_store.All);
        Assert.Equal(("[second]", 1), (left.Payload, left.Attempts));
        Assert.Contains("sender broke", left.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_claimed_message_is_not_taken_again_until_its_lease_ends()
    {
        await QueueAsync();
        var taken = await _store.ClaimDueAsync(Start, Start + Options.Lease, 10, default);

        Assert.Single(taken);
        Assert.Equal(0, (await Runner().TickAsync(default)).Claimed);
        _clock.Advance(Options.Lease);
        Assert.Equal(1, (await Runner().TickAsync(default)).Delivered);
    }

    [Fact]
    public async Task The_oldest_due_messages_go_first_and_one_pass_takes_at_most_the_batch_size()
    {
        for (var i = 0; i < 5; i++) await QueueAsync(payload: $"[{i}]", due: Start.AddMinutes(-i));
        var runner = new PendingMessageRunner(_store, _sender, _clock, new PendingMessageOptions { BatchSize = 3 });

        var report = await runner.TickAsync(default);

        Assert.Equal(3, report.Delivered);
        Assert.Equal(["[4]", "[3]", "[2]"], _sender.Tried.Select(m => m.Payload));
        Assert.Equal(2, _store.All.Count);
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(4, 120)]
    [InlineData(40, 120)]
    public void The_wait_doubles_from_the_first_delay_and_stops_at_the_maximum(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Options.DelayBefore(attempt));

    private sealed class ScriptedSender : IPendingMessageSender
    {
        public Queue<PendingSendResult> Next { get; } = new();

        public PendingSendResult? Always { get; set; }

        public string? ThrowFor { get; set; }

        public List<PendingMessage> Tried { get; } = [];

        public Task<PendingSendResult> SendAsync(PendingMessage message, CancellationToken cancellationToken)
        {
            Tried.Add(message);
            if (message.Payload == ThrowFor) throw new InvalidOperationException("sender broke");
            return Task.FromResult(Next.TryDequeue(out var result) ? result : Always ?? PendingSendResult.Delivered);
        }
    }
}
