using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Bot.Hosting;
using PmOpsBot.Slack.BlockKit;
using PmOpsBot.Slack.Inbound;
using PmOpsBot.Slack.WebApi;

namespace PmOpsBot.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// The native Slack adapter, its Web API client and the durable background queue behind /api/slack/*; settings from "Slack".
    /// Needs the stores (<see cref="PmOpsBot.Core.Conversation.ISlackInboundStore"/>, <see cref="PmOpsBot.Core.Conversation.IInboundEventLog"/>).
    /// </summary>
    public static IServiceCollection AddSlack(this IServiceCollection services)
    {
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section)
            .Validate(options => options.InboundSettingsFit,
                "Slack:InboundRecoveryTick must be positive and at most half of Slack:InboundLease (held requests are renewed every tick), and Slack:InboundMaxAttempts at least 1.")
            .ValidateOnStart();
        // One client for the process: it holds the per-channel pacing, the user-name cache and the bot's identity.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<SlackWebApi>(sp,
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(15) }));
        // Also used when Slack messages arrive through Azure Bot Service's Slack channel on /api/messages.
        services.AddSingleton(new ChannelRenderer(SlackAdapter.ChannelId, new SlackBlockKitRenderer()));
        services.AddSingleton<IMiddleware, AzureSlackButtonMiddleware>();
        services.AddSingleton<SlackEventIds>();
        services.AddSingleton<SlackActivityFactory>();
        services.AddSingleton<SlackAdapter>();
        services.AddSingleton<IChannelAdapter>(sp => sp.GetRequiredService<SlackAdapter>());
        services.AddSingleton<SlackTurnProcessor>();
        services.AddSingleton<SlackInboundLeases>();
        services.AddSingleton<SlackInboundQueue>();
        services.AddSingleton<SlackInboundIntake>();
        services.AddSingleton<SlackInboundRecovery>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackInboundQueue>());
        // After the queue, so the lanes are running when recovered requests are put into them.
        services.AddHostedService(sp => sp.GetRequiredService<SlackInboundRecovery>());
        return services;
    }
}
