using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Bot.Hosting;
using PmOpsBot.Bot.State;
using PmOpsBot.Core.CareerFit;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Interview;
using PmOpsBot.Core.Ownership;

namespace PmOpsBot.Bot;

public static class ServiceCollectionExtensions
{
    /// <summary>The core's services and the bot that serves them; storage is registered separately.</summary>
    public static IServiceCollection AddPmOpsBotLogic(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TextSignalExtractor>();
        services.AddSingleton<InitiativeClassifier>();
        services.AddSingleton<TextClassification>();
        services.AddSingleton<AnswerReader>();
        services.AddSingleton<InterviewEngine>();
        services.AddSingleton<CareerFitEngine>();
        services.AddSingleton<CareerFitScorer>();
        services.AddSingleton<CareerFlow>();
        services.AddSingleton<HandoverService>();
        services.AddSingleton<OwnershipFlow>();
        services.AddSingleton<PmOpsBot.Core.CheckIns.CheckInSummaryService>();
        services.AddSingleton<PmOpsBot.Core.CheckIns.CheckInFlow>();
        services.AddSingleton<DigestBuilder>();
        services.AddSingleton<DigestConversation>();
        services.AddSingleton<PmOpsBot.Core.Privacy.ForgetMeService>();
        services.TryAddSingleton<PmOpsBot.Core.Understanding.ILanguageUnderstanding, PmOpsBot.Core.Understanding.NoLanguageUnderstanding>();
        // The flow writes the open-interview log through the turn-aware wrapper, which holds writes until the state is saved.
        services.AddSingleton(sp => new TurnInterviewLog(sp.GetRequiredService<PmOpsBot.Core.Digest.IInterviewLog>()));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ConversationFlow>(sp, sp.GetRequiredService<TurnInterviewLog>()));
        services.AddSingleton<PrivateChats>();
        services.AddSingleton<ReplyDelivery>();
        // Defaults here; the host binds the "Delivery" section (AddDigestDelivery).
        services.AddOptions<Delivery.OutboundDeliveryOptions>();
        services.AddOptions<PmOpsBot.Core.Delivery.PendingMessageOptions>();
        services.AddSingleton<Delivery.OutboundSender>();
        services.TryAddSingleton(new BotIdentity());
        services.AddSingleton<ChatStateStore>();
        services.AddSingleton<TurnLocks>();
        services.AddSingleton(sp => new ReplyRenderers(sp.GetServices<ChannelRenderer>()));
        services.AddSingleton<IBot, PmOpsBotHandler>();
        return services;
    }

    /// <summary>
    /// Posting digests proactively through the Bot Framework adapter, and the runner that decides when; check-in
    /// prompts; and the runner that delivers messages the channels did not take at first.
    /// </summary>
    public static IServiceCollection AddDigestDelivery(this IServiceCollection services)
    {
        services.AddOptions<PmOpsBot.Bot.Digest.DigestDeliveryOptions>().BindConfiguration(PmOpsBot.Bot.Digest.DigestDeliveryOptions.Section);
        services.AddSingleton(sp => new ProactiveAdapters(sp.GetRequiredService<BotAdapter>(), sp.GetServices<IChannelAdapter>()));
        services.AddSingleton<IDigestSender, PmOpsBot.Bot.Digest.BotDigestSender>();
        services.AddSingleton(sp => new DigestRunner(
            sp.GetRequiredService<IDigestSubscriptionStore>(), sp.GetRequiredService<DigestBuilder>(), sp.GetRequiredService<IDigestSender>(),
            sp.GetRequiredService<TimeProvider>(), DigestRunner.NewClaimantId()));
        services.AddOptions<Delivery.OutboundDeliveryOptions>().BindConfiguration(Delivery.OutboundDeliveryOptions.Section);
        services.AddOptions<PmOpsBot.Core.Delivery.PendingMessageOptions>().BindConfiguration(PmOpsBot.Core.Delivery.PendingMessageOptions.Section);
        services.AddSingleton<PmOpsBot.Core.Delivery.IPendingMessageSender, Delivery.BotPendingMessageSender>();
        services.AddSingleton(sp => new PmOpsBot.Core.Delivery.PendingMessageRunner(
            sp.GetRequiredService<PmOpsBot.Core.Delivery.IPendingMessageStore>(), sp.GetRequiredService<PmOpsBot.Core.Delivery.IPendingMessageSender>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PmOpsBot.Core.Delivery.PendingMessageOptions>>().Value));
        services.AddSingleton<PmOpsBot.Core.CheckIns.ICheckInSender, PmOpsBot.Bot.CheckIns.BotCheckInSender>();
        // CheckIns:Lead and CheckIns:ReminderBefore (e.g. "01:00:00", "00:15:00") set when prompts and the reminder go out.
        services.AddOptions<PmOpsBot.Core.CheckIns.CheckInOptions>().BindConfiguration("CheckIns");
        services.AddSingleton(sp => new PmOpsBot.Core.CheckIns.CheckInRunner(
            sp.GetRequiredService<IDigestSubscriptionStore>(), sp.GetRequiredService<PmOpsBot.Core.Initiatives.IInitiativeStore>(),
            sp.GetRequiredService<PmOpsBot.Core.CheckIns.ICheckInStore>(), sp.GetRequiredService<PmOpsBot.Core.CheckIns.ICheckInSender>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PmOpsBot.Core.CheckIns.CheckInOptions>>().Value));
        return services;
    }

    /// <summary>How long a connection to a channel's connector service is used before a new one is opened.</summary>
    public static readonly TimeSpan ConnectorConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The Bot Framework HTTP adapter; authentication comes from MicrosoftAppId / MicrosoftAppPassword / MicrosoftAppType / MicrosoftAppTenantId.</summary>
    public static IServiceCollection AddBotFrameworkAdapter(this IServiceCollection services)
    {
        // Without an IHttpClientFactory the Bot Framework makes a new HttpClient, and so new connections, for every turn.
        // Connector clients and their HttpClients are kept (ReusedConnectorClients), so connections are recycled every
        // few minutes instead: a DNS change of the channel's service (Teams' sits behind Traffic Manager) is picked up.
        services.AddHttpClient(Microsoft.Extensions.Options.Options.DefaultName)
            .ConfigurePrimaryHttpMessageHandler(() => new System.Net.Http.SocketsHttpHandler { PooledConnectionLifetime = ConnectorConnectionLifetime });
        services.AddSingleton<PmOpsBot.Bot.Hosting.ReusedConnectorClients>();
        services.AddSingleton<BotFrameworkAuthentication>(sp => new PmOpsBot.Bot.Hosting.SparingBotFrameworkAuthentication(
            new ConfigurationBotFrameworkAuthentication(sp.GetRequiredService<IConfiguration>(),
                httpClientFactory: sp.GetRequiredService<System.Net.Http.IHttpClientFactory>()),
            sp.GetRequiredService<PmOpsBot.Bot.Hosting.ReusedConnectorClients>()));
        services.AddSingleton<PmOpsCloudAdapter>();
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<PmOpsCloudAdapter>());
        services.AddSingleton<BotAdapter>(sp => sp.GetRequiredService<PmOpsCloudAdapter>());
        return services;
    }
}
