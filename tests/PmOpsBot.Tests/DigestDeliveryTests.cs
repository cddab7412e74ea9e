using System.Diagnostics;
using System.Globalization;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json;
using PmOpsBot.Bot;
using PmOpsBot.Bot.Digest;
using PmOpsBot.Bot.Hosting;
using PmOpsBot.Bot.State;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Tests;

/// <summary>
/// The real <see cref="BotDigestSender"/>, wired as the host wires it (AddPmOpsBotLogic + AddBotFrameworkAdapter +
/// AddDigestDelivery, no app id so no auth), behind the real <see cref="PmOpsCloudAdapter"/>, posting over HTTP to a
/// <see cref="FakeConnector"/> on loopback.
/// </summary>
/// <remarks>
/// These cases guard the adapter's error policy too: a failure inside a proactive turn must reach the sender
/// (to be retried or reported), never become an apology in the channel or a reset of someone's state.
/// <see cref="DigestSenderRetryTests"/> runs the same cases behind a plain CloudAdapter.
/// </remarks>
public sealed class DigestDeliveryTests : DigestDeliveryHarness
{
    protected override bool UsePlainCloudAdapter => false;

    [Fact]
    public void The_host_wiring_gives_the_real_sender_behind_the_pmops_cloud_adapter()
    {
        Assert.IsType<BotDigestSender>(Sender);
        Assert.IsType<PmOpsCloudAdapter>(Services.GetRequiredService<BotAdapter>());
    }

    [Fact]
    public async Task A_connector_that_does_not_answer_costs_one_attempt_each_time_and_fails_retryably_for_a_later_tick()
    {
        await RebuildAsync(null, attemptTimeout: TimeSpan.FromMilliseconds(300));
        Connector.Default = ConnectorResponse.Hang(TimeSpan.FromSeconds(30));
        var subscription = Subscription(Connector.ServiceUrl);

        var result = await Sender.SendAsync(subscription, Content(subscription), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        var failed = Assert.IsType<DigestSendResult.Failed>(result);
        Assert.True(failed.Retryable);
        Assert.Contains("in time", failed.Error, StringComparison.Ordinal);
        AssertDigestAttempts(MaxRetries + 1);
    }
}

/// <summary>
/// The same cases with the sender behind a plain <see cref="CloudAdapter"/> (no OnTurnError), which lets the connector's
/// errors reach the sender's retry pipeline: this is the sender's own logic, proven over real HTTP.
/// </summary>
public sealed class DigestSenderRetryTests : DigestDeliveryHarness
{
    protected override bool UsePlainCloudAdapter => true;

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task No_retries_configured_means_one_attempt(int maxRetries)
    {
        await RebuildAsync(null, maxRetries);
        Connector.Default = ConnectorResponse.ServerError;
        var subscription = Subscription(Connector.ServiceUrl);

        var result = await Sender.SendAsync(subscription, Content(subscription), CancellationToken.None);

        Assert.True(Assert.IsType<DigestSendResult.Failed>(result).Retryable);
        AssertDigestAttempts(1);
    }

    [Fact]
    public async Task A_retry_after_header_is_honoured()
    {
        // Polly waits on the sender's TimeProvider: a fake one shows the wait is the header's 90 s, not the 20 ms backoff.
        var clock = new TimerCountingTimeProvider(new FakeTimeProvider(new DateTimeOffset(2025, 3, 12, 8, 5, 0, TimeSpan.Zero)));
        await RebuildAsync(clock);
        Connector.Script(ConnectorResponse.TooManyRequests(retryAfterSeconds: 90), ConnectorResponse.Ok);
        var subscription = Subscription(Connector.ServiceUrl);

        var send = Sender.SendAsync(subscription, Content(subscription), CancellationToken.None);
        // Two timers by then: the first attempt's time-out, and the wait before the second attempt.
        await WaitUntilAsync(() => Connector.Received.Count == 1 && clock.TimersCreated == 2);
        clock.Fake.Advance(TimeSpan.FromSeconds(89));
        await Task.Delay(100);
        Assert.Single(Connector.Received);
        Assert.False(send.IsCompleted);

        clock.Fake.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<DigestSendResult.Sent>(await send.WaitAsync(TimeSpan.FromSeconds(30)));
        AssertDigestAttempts(2);
    }
}

/// <summary>A fake clock that counts the timers made on it, so a test knows when a delay is waiting on it.</summary>
internal sealed class TimerCountingTimeProvider(FakeTimeProvider fake) : TimeProvider
{
    private int _timersCreated;

    public FakeTimeProvider Fake => fake;

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

    public override long GetTimestamp() => fake.GetTimestamp();

    public override long TimestampFrequency => fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timersCreated);
        return fake.CreateTimer(callback, state, dueTime, period);
    }
}

/// <summary>The delivery cases, shared by the host-wired and the plain-adapter runs.</summary>
public abstract class DigestDeliveryHarness : IAsyncLifetime
{
    // The cases both adapters must pass: xunit runs them once for each class derived from this one.
    [Fact]
    public Task A_digest_arrives_as_one_adaptive_card_in_the_channel_not_in_the_thread() => SuccessfulPostArrivesOnceInTheChannel();

    [Fact]
    public Task An_unreadable_delivery_address_is_gone_without_any_http_call() => UnreadableAddressesAreGoneWithoutHttp();

    [Fact]
    public Task The_runner_posts_a_due_digest_through_the_real_sender_once() => RunnerPostsOnceAsync();

    [Fact]
    public Task The_runner_posts_a_throttled_digest_once_after_the_senders_retry() =>
        RunnerPostsOnceAsync(ConnectorResponse.TooManyRequests(retryAfterSeconds: 0), ConnectorResponse.Ok);

    [Fact]
    public Task Throttled_once_with_retry_after_zero_then_ok_is_sent_after_two_attempts() => ThrottledOnceThenOk();

    [Fact]
    public Task Two_server_errors_then_ok_is_sent_after_three_attempts() => TwoServerErrorsThenOk();

    [Fact]
    public Task Forbidden_means_gone_after_one_attempt() => RefusedMeansGone(403);

    [Fact]
    public Task Not_found_means_gone_after_one_attempt() => RefusedMeansGone(404);

    [Fact]
    public Task Server_errors_for_ever_fail_retryably_after_max_retries_plus_one_attempts() => ServerErrorsForEver();

    [Fact]
    public Task Bad_request_fails_for_good_after_one_attempt() => BadRequestFailsForGood();

    [Fact]
    public Task An_unreachable_channel_fails_retryably() => UnreachableFailsRetryably();

    [Fact]
    public Task A_failed_post_leaves_the_subscribers_chat_state_alone() => FailedPostLeavesChatStateAlone();

    protected const int MaxRetries = 3;
    protected const string ThreadConversationId = "19:abc@thread.tacv2;messageid=123";
    protected const string ChannelConversationId = "19:abc@thread.tacv2";

    private ServiceProvider? _services;

    protected PmOpsBot.Core.Tests.Delivery.InMemoryPendingMessageStore PendingMessages { get; } = new();

    protected FakeConnector Connector { get; private set; } = null!;

    protected ServiceProvider Services => _services!;

    protected IDigestSender Sender => Services.GetRequiredService<IDigestSender>();

    /// <summary>False: the adapter the host registers (PmOpsCloudAdapter). True: a plain CloudAdapter over the same authentication.</summary>
    protected abstract bool UsePlainCloudAdapter { get; }

    public async Task InitializeAsync()
    {
        Connector = await FakeConnector.StartAsync();
        _services = BuildServices(null, MaxRetries, DefaultAttemptTimeout);
    }

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        await Connector.DisposeAsync();
    }

    protected async Task RebuildAsync(TimeProvider? clock, int maxRetries = MaxRetries, TimeSpan? attemptTimeout = null)
    {
        if (_services is not null) await _services.DisposeAsync();
        _services = BuildServices(clock, maxRetries, attemptTimeout ?? DefaultAttemptTimeout);
    }

    /// <summary>Generous, so a slow first call on a busy machine is not taken for a connector that does not answer.</summary>
    private static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(10);

    protected async Task SuccessfulPostArrivesOnceInTheChannel()
    {
        var subscription = Subscription(Connector.ServiceUrl);

        var result = await Sender.SendAsync(subscription, Content(subscription), CancellationToken.None);

        Assert.IsType<DigestSendResult.Sent>(result);
        var post = Assert.Single(Connector.Received);
        // The ";messageid=" of the thread the subscription was made in is stripped: a new post in the channel.
        Assert.Equal(ChannelConversationId, post.ConversationId);
        Assert.Equal(ChannelConversationId, post.Activity["conversation"]?["id"]?.ToString());
        Assert.Equal("tenant-1", post.Activity["conversation"]?["tenantId"]?.ToString());
        Assert.Equal("message", post.Type);
        Assert.Equal("application/vnd.microsoft.card.adaptive", Assert.Single(post.AttachmentContentTypes));
        Assert.Contains("Office move", post.Activity["attachments"]![0]!["content"]!.ToString(Formatting.None), StringComparison.Ordinal);
        Assert.NotEqual("123", post.ReplyToActivityId);
        Assert.NotEqual("123", post.Activity["replyToId"]?.ToString());
        Assert.Equal("28:pmopsbot", post.Activity["from"]?["id"]?.ToString());
        // No app id: nothing to authenticate with.
        Assert.Null(post.Authorization);
        Assert.Empty(Connector.Unexpected);
    }

    protected async Task UnreadableAddressesAreGoneWithoutHttp()
    {
        string[] addresses =
        [
            "not json at all",
            "{\"serviceUrl\":\"" + Connector.ServiceUrl + "\"}",             // no conversation
            "{\"conversation\":{\"id\":\"19:abc@thread.tacv2\"}}",          // no service URL
            "{\"serviceUrl\":\"\",\"conversation\":{\"id\":\"19:x\"}}",
            "null",
            "",
        ];
        foreach (var address in addresses)
        {
            var subscription = Subscription(Connector.ServiceUrl) with { DeliveryAddress = address };
            var result = await Sender.SendAsync(subscription, Content(subscription), CancellationToken.None);
            Assert.True(result is DigestSendResult.Gone, $"“{address}” gave {result}");
        }

        Assert.Equal(0, Connector.RequestCount);
    }

    /// <summary>
    /// The whole path: a subscription in SQLite, a real runner and builder, the sender from the container, the fake connector.
    /// One tick at 09:05 posts the (quiet) digest, after the scripted answers; the next tick posts nothing.
    /// </summary>
    protected async Task RunnerPostsOnceAsync(params ConnectorResponse[] script)
    {
        var database = PmOpsBotFactory.NewDatabasePath();
        try
        {
            var factory = new SqliteConnectionFactory($"Data Source={database}");
            new SqliteMigrator(factory).Migrate();
            var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 12, 8, 5, 0, TimeSpan.Zero)); // Wednesday 09:05 in Berlin
            var store = new SqlDigestSubscriptionStore(new SqliteDatabase(factory), clock);
            var subscription = await store.SaveAsync(Subscription(Connector.ServiceUrl), CancellationToken.None);
            var builder = new DigestBuilder(new SqlInitiativeStore(new SqliteDatabase(factory), clock), new SqlInterviewLog(new SqliteDatabase(factory)));
            var runner = new DigestRunner(store, builder, Sender, clock, "instance-a");
            Connector.Script(script);

            var first = await runner.TickAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromMinutes(1));
            var second = await runner.TickAsync(CancellationToken.None);

            var run = Assert.Single(first.Runs);
            Assert.Equal((subscription.Id, DigestOutcome.Posted), (run.SubscriptionId, run.Outcome));
            Assert.Empty(second.Runs);
            AssertDigestAttempts(Math.Max(1, script.Length));
            Assert.NotNull((await store.FindAsync("tenant-1", "msteams", ChannelConversationId, CancellationToken.None))?.LastPostedAt);
        }
        finally
        {
            PmOpsBotFactory.DeleteDatabase(database);
        }
    }

    protected async Task ThrottledOnceThenOk()
    {
        Connector.Script(ConnectorResponse.TooManyRequests(retryAfterSeconds: 0), ConnectorResponse.Ok);
        var subscription = Subscription(Connector.ServiceUrl);

        var result = await Sender.SendAsync(subscription, Content(subscription), CancellationToken.None);

        Assert.IsType<DigestSendResult.Sent>(result);
        AssertDigestAttempts(2);
        Assert.Equal([429, 200], Connector.Received.Select(r => r.AnsweredWith));
    }

    protected async Task TwoServerErrorsThenOk()
    {
        Connector.Script(ConnectorResponse.ServerError, ConnectorResponse.BadGateway, ConnectorResponse.Ok);
        var subscription = Subscription(Connector.ServiceUrl);

        var result = await Sender.SendAsync(subscription, Content(subscription), CancellationToken.None);

        Assert.IsType<DigestSendResult.Sent>(result);
        AssertDigestAttempts(3);
    }

    protected async Task RefusedMeansGone(int status)
    {
        Connector.Default = new ConnectorResponse(status);
        var subscription = Subscription(Connector.ServiceUrl);

        var result = await Sender.SendAsync(subscription, Content(subscription), CancellationToken.None);

        var gone = Assert.IsType<DigestSendResult.Gone>(result);
        Assert.Contains(status.ToString(CultureInfo.InvariantCulture), gone.Reason, StringComparison.Ordinal);
        AssertDigestAttempts(1);
    }

    protected async Task ServerErrorsForEver()
    {
        Connector.Default = ConnectorResponse.ServerError;
        var subscription = Subscription(Connector.ServiceUrl);

        var watch = Stopwatch.StartNew();
        var result = await Sender.SendAsync(subscription, Content(subscription), CancellationToken.None);

        var failed = Assert.IsType<DigestSendResult.Failed>(result);
        Assert.True(failed.Retryable);
        Assert.Contains("500", failed.Error, StringComparison.Ordinal);
        AssertDigestAttempts(MaxRetries + 1);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"bounded by the configured 20 ms backoff, took {watch.Elapsed}");
    }

    protected async Task BadRequestFailsForGood()
    {
        Connector.Default = ConnectorResponse.BadRequest;
        var subscription = Subscription(Connector.ServiceUrl);

        var result = await Sender.SendAsync(subscription, Content(subscription), CancellationToken.None);

        var failed = Assert.IsType<DigestSendResult.Failed>(result);
        Assert.False(failed.Retryable);
        AssertDigestAttempts(1);
    }

    protected async Task UnreachableFailsRetryably()
    {
        // The port of a connector that has stopped: connection refused on loopback, retried, then reported (not thrown).
        var stopped = await FakeConnector.StartAsync();
        var serviceUrl = stopped.ServiceUrl;
        await stopped.DisposeAsync();
        var subscription = Subscription(serviceUrl);

        var result = await Sender.SendAsync(subscription, Content(subscription), CancellationToken.None);

        var failed = Assert.IsType<DigestSendResult.Failed>(result);
        Assert.True(failed.Retryable);
        Assert.Equal(0, Connector.RequestCount);
    }

    protected async Task FailedPostLeavesChatStateAlone()
    {
        // What the subscriber had going on with the bot, under the key a turn of the continued conversation would use.
        var storage = Services.GetRequiredService<IStorage>();
        var key = $"msteams/tenant-1/{ChannelConversationId}/users/aad-alice";
        await storage.WriteAsync(new Dictionary<string, object> { [key] = new ChatStateDocument() }, CancellationToken.None);
        Connector.Default = ConnectorResponse.ServerError;
        var subscription = Subscription(Connector.ServiceUrl);

        var result = await Sender.SendAsync(subscription, Content(subscription), CancellationToken.None);

        Assert.IsType<DigestSendResult.Failed>(result);
        Assert.True((await storage.ReadAsync([key], CancellationToken.None)).ContainsKey(key), "the subscriber's chat state was deleted");
        Assert.All(Connector.Received, r => Assert.Null(r.Text));
    }

    /// <summary>The connector saw exactly <paramref name="count"/> calls, each of them the digest card in the channel (no other message, such as an error notice).</summary>
    protected void AssertDigestAttempts(int count)
    {
        var received = Connector.Received;
        Assert.True(received.Count == count,
            $"expected {count} attempt(s), the connector saw {received.Count}: " +
            string.Join("; ", received.Select(r => $"{r.AnsweredWith} ← {r.Type} text=“{r.Text}” attachments=[{string.Join(",", r.AttachmentContentTypes)}]")));
        Assert.All(received, r =>
        {
            Assert.Equal(ChannelConversationId, r.ConversationId);
            Assert.Equal("application/vnd.microsoft.card.adaptive", Assert.Single(r.AttachmentContentTypes));
        });
    }

    protected static async Task WaitUntilAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "timed out waiting");
            await Task.Delay(5);
        }
    }

    private ServiceProvider BuildServices(TimeProvider? clock, int maxRetries, TimeSpan attemptTimeout)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["MicrosoftAppId"] = "",
                ["MicrosoftAppPassword"] = "",
                ["MicrosoftAppType"] = "",
                ["MicrosoftAppTenantId"] = "",
                [$"{DigestDeliveryOptions.Section}:{nameof(DigestDeliveryOptions.MaxRetries)}"] = maxRetries.ToString(CultureInfo.InvariantCulture),
                [$"{DigestDeliveryOptions.Section}:{nameof(DigestDeliveryOptions.RetryBaseDelay)}"] = "00:00:00.020",
                [$"{DigestDeliveryOptions.Section}:{nameof(DigestDeliveryOptions.AttemptTimeout)}"] = attemptTimeout.ToString("c", CultureInfo.InvariantCulture),
            })
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        if (clock is not null) services.AddSingleton(clock);
        services.AddSingleton<IStorage>(new MemoryStorage());
        services.AddSingleton<PmOpsBot.Core.Delivery.IPendingMessageStore>(PendingMessages);
        services.AddPmOpsBotLogic().AddBotFrameworkAdapter().AddDigestDelivery();
        if (UsePlainCloudAdapter)
        {
            services.AddSingleton<BotAdapter>(sp => new CloudAdapter(
                sp.GetRequiredService<BotFrameworkAuthentication>(), sp.GetRequiredService<ILogger<CloudAdapter>>()));
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    protected static DigestSubscription Subscription(string serviceUrl)
    {
        var reference = new ConversationReference
        {
            ActivityId = "123",
            ChannelId = "msteams",
            ServiceUrl = serviceUrl,
            Bot = new ChannelAccount("28:pmopsbot", "PmOpsBot"),
            User = new ChannelAccount("29:alice", "Alice") { AadObjectId = "aad-alice" },
            Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: ThreadConversationId) { TenantId = "tenant-1" },
        };
        return new DigestSubscription
        {
            Id = Guid.NewGuid(),
            TenantId = "tenant-1",
            TeamId = "19:team@thread.tacv2",
            ChannelId = "msteams",
            ConversationId = ChannelConversationId,
            DeliveryAddress = JsonConvert.SerializeObject(reference),
            TimeZoneId = "Europe/Berlin",
            SkipQuietDays = false,
            CreatedBy = new UserRef("29:alice", "Alice"),
            CreatedAt = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero),
        };
    }

    protected static DigestContent Content(DigestSubscription subscription)
    {
        var now = new DateTimeOffset(2025, 3, 12, 9, 5, 0, TimeSpan.FromHours(1));
        var alice = new UserRef("29:alice", "Alice");
        return new DigestContent
        {
            SubscriptionId = subscription.Id,
            Scope = DigestScope.Of(subscription),
            LocalDate = DateOnly.FromDateTime(now.DateTime),
            TimeZoneId = subscription.TimeZoneId,
            GeneratedAt = now,
            Since = now.AddDays(-1),
            NewOrDecided = [new DigestInitiative(Guid.NewGuid(), "Office move", InitiativeStage.Proposed, Decision.Project, false, null, alice, alice, null, now.AddHours(-2), now.AddHours(-1))],
        };
    }
}
