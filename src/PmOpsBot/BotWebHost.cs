using PmOpsBot.Bot;
using PmOpsBot.Endpoints;
using PmOpsBot.Slack;
using PmOpsBot.Slack.Inbound;
using PmOpsBot.Storage;

namespace PmOpsBot;

/// <summary>The HTTP host: POST /api/messages for the Bot Framework, /api/slack/* for Slack, GET /healthz for probes.</summary>
public static class BotWebHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls(builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? "http://localhost:3978");

        builder.Services.AddOptions<BotOptions>().BindConfiguration(BotOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddPmOpsBotCore(builder.Configuration);
        builder.Services.AddBotFrameworkAdapter();
        builder.Services.AddDigestDelivery();
        builder.Services.AddSlack();
        builder.Services.AddOptions<DigestSchedulerOptions>().BindConfiguration(DigestSchedulerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<DigestSchedulerService>();
        builder.Services.AddHostedService<PendingMessageService>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        var app = builder.Build();
        app.Services.MigrateDatabase();
        app.MapBotMessages();
        app.MapSlack();
        app.MapHealthChecks("/healthz");
        return app;
    }
}
