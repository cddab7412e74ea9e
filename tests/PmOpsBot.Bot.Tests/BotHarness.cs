using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json.Linq;
using PmOpsBot.Bot.Hosting;
using PmOpsBot.Bot.State;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Bot.Tests;

/// <summary>The real bot over a TestAdapter, with in-memory state and registry.</summary>
public sealed class BotHarness
{
    public BotHarness(IStorage? storage = null, bool channel = false, IInitiativeStore? registry = null, PmOpsBot.Core.Understanding.ILanguageUnderstanding? understanding = null)
    {
        Storage = storage ?? new MemoryStorage();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Storage);
        services.AddSingleton<IInitiativeStore>(registry ?? Initiatives);
        services.AddSingleton<PmOpsBot.Core.CareerFit.ICareerProfileStore>(CareerProfiles);
        services.AddSingleton<PmOpsBot.Core.Digest.IInterviewLog>(OpenInterviews);
        services.AddSingleton<PmOpsBot.Core.Digest.IDigestSubscriptionStore>(Digests);
        services.AddSingleton<PmOpsBot.Core.CheckIns.ICheckInStore>(CheckIns);
        services.AddSingleton<PmOpsBot.Core.Delivery.IPendingMessageStore>(PendingMessages);
        // Registered first, as the host registers a configured model, so it wins over the default.
        if (understanding is not null) services.AddSingleton(understanding);
        services.AddPmOpsBotLogic();
        Provider = services.BuildServiceProvider();
        Bot = Provider.GetRequiredService<IBot>();
        // TestAdapter stamps its own conversation on every activity, so the conversation is chosen here.
        Adapter = new RecordingTestAdapter(new ConversationReference
        {
            ChannelId = "msteams",
            ServiceUrl = "https://test.local",
            Conversation = channel
                ? new ConversationAccount(isGroup: true, conversationType: "channel", id: "19:general@thread.tacv2", tenantId: "tenant-1")
                : new ConversationAccount(conversationType: "personal", id: "a:personal-chat", tenantId: "tenant-1"),
            User = new ChannelAccount("user1", "Name of user1"),
            Bot = new ChannelAccount("bot", "PmOpsBot"),
        });
        Adapter.OnTurnError = (turn, exception) => TurnErrorPolicy.HandleAsync(turn, exception, Provider.GetRequiredService<ChatStateStore>(), NullLogger.Instance);
    }

    public IStorage Storage { get; }

    public InMemoryInitiativeStore Initiatives { get; } = new();

    public InMemoryCareerProfileStore CareerProfiles { get; } = new();

    public PmOpsBot.Core.Tests.Digest.InMemoryInterviewLog OpenInterviews { get; } = new();

    public PmOpsBot.Core.Tests.Digest.InMemoryDigestSubscriptionStore Digests { get; } = new();

    public PmOpsBot.Core.Tests.CheckIns.InMemoryCheckInStore CheckIns { get; } = new();

    public PmOpsBot.Core.Tests.Delivery.InMemoryPendingMessageStore PendingMessages { get; } = new();

    public ServiceProvider Provider { get; }

    public IBot Bot { get; }

    public RecordingTestAdapter Adapter { get; }

    /// <summary>Puts an initiative straight into the registry.</summary>
    public Initiative Seed(string name, Decision decision = Decision.Project, string tenant = "tenant-1", bool mixed = false,
        InitiativeStage stage = InitiativeStage.Proposed, DateOnly? handover = null, string creator = "user1")
    {
        var initiative = new Initiative
        {
            Id = Guid.NewGuid(),
            TenantId = tenant,
            ChannelId = "msteams",
            ConversationId = "seed",
            Name = name,
            CreatedBy = new UserRef(creator, $"Name of {creator}"),
            ProjectOwner = decision == Decision.Project || mixed ? new UserRef(creator, $"Name of {creator}") : null,
            Decision = decision,
            Confidence = 0.9,
            IsMixed = mixed,
            Stage = stage,
            HandoverDate = handover,
            CreatedAt = DateTimeOffset.UtcNow,
            DecidedAt = DateTimeOffset.UtcNow,
        };
        Initiatives.SaveAsync(initiative, CancellationToken.None).GetAwaiter().GetResult();
        return initiative;
    }

    /// <summary>Records a private chat for a person, as if they had talked to the bot 1:1 before.</summary>
    public Task KnowPrivateChatOfAsync(string user, string conversationId)
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            ChannelId = "msteams",
            ServiceUrl = "https://test.local",
            Conversation = new ConversationAccount(conversationType: "personal", id: conversationId, tenantId: "tenant-1"),
            From = new ChannelAccount(user, $"Name of {user}"),
            Recipient = new ChannelAccount("bot", "PmOpsBot"),
        };
        return Provider.GetRequiredService<PrivateChats>().RememberAsync(activity, "tenant-1", [user], CancellationToken.None);
    }

    public TestFlow Flow() => new(Adapter, Bot);

    /// <summary>Sends an activity and returns every reply the bot sent for it.</summary>
    public async Task<IReadOnlyList<IActivity>> SendAsync(Activity activity)
    {
        await Adapter.ProcessActivityAsync(activity, Bot.OnTurnAsync, CancellationToken.None);
        var replies = new List<IActivity>();
        while (Adapter.GetNextReply() is { } reply) replies.Add(reply);
        return replies;
    }

    public Task<IReadOnlyList<IActivity>> SayAsync(string text, string user = "user1") =>
        SendAsync(Message(user, text: text));

    public Task<IReadOnlyList<IActivity>> PressAsync(JObject data, string user = "user1") =>
        SendAsync(Message(user, value: data));

    public Activity Message(string user, string? text = null, object? value = null) => new()
    {
        Type = ActivityTypes.Message,
        From = new ChannelAccount(user, $"Name of {user}"),
        Text = text,
        Value = value,
        Locale = "en-US",
    };

    /// <summary>All text of a reply: its text plus every string inside its Adaptive Card.</summary>
    public static string TextOf(IActivity reply)
    {
        var message = (IMessageActivity)reply;
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(message.Text)) parts.Add(message.Text);
        foreach (var attachment in message.Attachments ?? [])
            parts.AddRange(((JObject)attachment.Content).Descendants().OfType<JValue>().Where(v => v.Type == JTokenType.String).Select(v => v.ToString()));
        return string.Join(" | ", parts);
    }

    public static string AllText(IEnumerable<IActivity> replies) => string.Join(" || ", replies.Select(TextOf));

    /// <summary>The Action.Submit data of the button with this title in the last card of the replies.</summary>
    public static JObject Button(IEnumerable<IActivity> replies, string titleStart)
    {
        var card = replies.Select(r => (IMessageActivity)r).Last(r => r.Attachments?.Count > 0).Attachments[0].Content as JObject;
        var action = card!.Descendants().OfType<JObject>()
            .First(o => o["type"]?.ToString() == "Action.Submit" && o["title"]!.ToString().StartsWith(titleStart, StringComparison.OrdinalIgnoreCase));
        return (JObject)action["data"]!;
    }
}

/// <summary>A TestAdapter that remembers card updates, which the plain one drops once replies are read.</summary>
public sealed class RecordingTestAdapter(ConversationReference reference) : TestAdapter(reference)
{
    public List<Activity> Updates { get; } = [];

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        lock (Updates) Updates.Add(activity);
        return Task.FromResult(new ResourceResponse(activity.Id));
    }
}
