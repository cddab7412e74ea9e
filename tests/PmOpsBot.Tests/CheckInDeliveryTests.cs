using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PmOpsBot.Bot;
using PmOpsBot.Bot.State;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Delivery;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Tests;

/// <summary>The real check-in sender behind the host's adapter, posting to a fake connector on loopback.</summary>
public sealed class CheckInDeliveryTests : IAsyncLifetime
{
    private FakeConnector _connector = null!;
    private ServiceProvider _services = null!;

    private PmOpsBot.Core.Tests.Delivery.InMemoryPendingMessageStore PendingMessages { get; } = new();

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = "", ["MicrosoftAppPassword"] = "", ["MicrosoftAppType"] = "", ["MicrosoftAppTenantId"] = "",
            ["CheckIns:Lead"] = "00:45:00",
            ["Delivery:ImmediateRetries"] = "1",
            ["Delivery:ImmediateRetryDelay"] = "00:00:00.010",
            ["Delivery:FirstDelay"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<IStorage>(new MemoryStorage());
        services.AddSingleton<PmOpsBot.Core.Delivery.IPendingMessageStore>(PendingMessages);
        services.AddPmOpsBotLogic().AddBotFrameworkAdapter().AddDigestDelivery();
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _connector.DisposeAsync();
    }

    private static readonly UserRef Owner = new("aad-olu", "Olu");

    private static DigestSubscription Subscription() => new()
    {
        Id = Guid.NewGuid(), TenantId = "tenant-1", ChannelId = "msteams", ConversationId = "19:abc@thread.tacv2", DeliveryAddress = "{}",
        CreatedBy = Owner, CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private static Initiative Crm() => new()
    {
        Id = Guid.NewGuid(), TenantId = "tenant-1", ChannelId = "msteams", ConversationId = "19:abc@thread.tacv2", Name = "CRM rollout", CreatedBy = Owner,
        Decision = Decision.Project, Confidence = 0.9, IsMixed = false, CreatedAt = DateTimeOffset.UnixEpoch, DecidedAt = DateTimeOffset.UnixEpoch,
    };

    private Task RememberPrivateChatAsync() =>
        _services.GetRequiredService<PrivateChats>().RememberAsync(new Activity
        {
            Type = ActivityTypes.Message, ChannelId = "msteams", ServiceUrl = _connector.ServiceUrl,
            Conversation = new ConversationAccount(conversationType: "personal", id: "a:olu-private", tenantId: "tenant-1"),
            From = new ChannelAccount("29:olu", "Olu", aadObjectId: "aad-olu"), Recipient = new ChannelAccount("bot", "PmOpsBot"),
        }, "tenant-1", ["aad-olu"], CancellationToken.None);

    [Fact]
    public async Task A_prompt_goes_to_the_owners_private_chat_as_a_card()
    {
        await RememberPrivateChatAsync();

        var result = await _services.GetRequiredService<ICheckInSender>().SendPromptAsync(Subscription(), Owner, [Crm()], new DateOnly(2026, 11, 30), reminder: false, CancellationToken.None);

        Assert.IsType<CheckInSendResult.Sent>(result);
        var sent = Assert.Single(_connector.Received);
        Assert.Equal("a:olu-private", sent.ConversationId);
        Assert.Contains("application/vnd.microsoft.card.adaptive", sent.AttachmentContentTypes);
    }

    [Fact]
    public async Task An_owner_who_blocked_the_bot_is_unreachable_after_one_try()
    {
        await RememberPrivateChatAsync();
        _connector.Script(ConnectorResponse.Forbidden);

        var result = await _services.GetRequiredService<ICheckInSender>().SendPromptAsync(Subscription(), Owner, [Crm()], new DateOnly(2026, 11, 30), reminder: true, CancellationToken.None);

        Assert.IsType<CheckInSendResult.Unreachable>(result);
        Assert.Equal(1, _connector.RequestCount);
    }

    [Fact]
    public async Task A_prompt_the_connector_keeps_failing_is_queued_not_lost_and_arrives_once_when_it_recovers()
    {
        await RememberPrivateChatAsync();
        _connector.Script(ConnectorResponse.ServerError, ConnectorResponse.BadGateway);

        var result = await _services.GetRequiredService<ICheckInSender>().SendPromptAsync(Subscription(), Owner, [Crm()], new DateOnly(2026, 11, 30), reminder: false, CancellationToken.None);

        // Counted as sent: the prompt is kept and will arrive, so the owner is neither asked twice nor marked unreachable.
        Assert.IsType<CheckInSendResult.Sent>(result);
        Assert.Equal([500, 502], _connector.Received.Select(r => r.AnsweredWith));
        var queued = Assert.Single(PendingMessages.All);
        Assert.Equal(("tenant-1", "aad-olu"), (queued.TenantId, queued.RecipientId));

        var report = await _services.GetRequiredService<PendingMessageRunner>().TickAsync(CancellationToken.None);

        Assert.Equal(1, report.Delivered);
        var delivered = _connector.Received[^1];
        Assert.Equal((200, "a:olu-private"), (delivered.AnsweredWith, delivered.ConversationId));
        Assert.Contains("application/vnd.microsoft.card.adaptive", delivered.AttachmentContentTypes);
        Assert.Empty(PendingMessages.All);
    }

    [Fact]
    public async Task Someone_who_never_talked_to_the_bot_is_unreachable_without_any_call()
    {
        var result = await _services.GetRequiredService<ICheckInSender>().SendPromptAsync(Subscription(), Owner, [Crm()], new DateOnly(2026, 11, 30), reminder: false, CancellationToken.None);

        Assert.IsType<CheckInSendResult.Unreachable>(result);
        Assert.Equal(0, _connector.RequestCount);
    }

    [Fact]
    public void The_lead_time_comes_from_configuration()
    {
        Assert.Equal(TimeSpan.FromMinutes(45), _services.GetRequiredService<IOptions<CheckInOptions>>().Value.Lead);
    }
}
