using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Extensions.DependencyInjection;
using PmOpsBot.Endpoints;

namespace PmOpsBot.LoadTests;

/// <summary>
/// Three echo routes on the real host, next to its own /api/messages, so an interview turn and an echo turn go through the
/// same process, the same <see cref="IBotFrameworkHttpAdapter"/> singleton (PmOpsCloudAdapter, its middleware and error policy)
/// and differ only in the bot.
/// </summary>
public static class EchoRoutes
{
    /// <summary>The product's own endpoint code (<see cref="BotMessagesEndpoint.MapBotMessages"/>: content type, body limit, JSON and serviceUrl checks, then the adapter), mounted a second time under /echo, with the echo bot instead of PmOpsBot's.</summary>
    public const string SameEndpoint = SameEndpointGroup + "/api/messages";

    private const string SameEndpointGroup = "/echo";

    /// <summary>The adapter alone: <c>adapter.ProcessAsync(request, response, echoBot)</c>, as in the Bot Framework samples, without the endpoint's checks.</summary>
    public const string AdapterOnly = "/api/echo";

    /// <summary>The product's endpoint again, with the echo that loads and saves conversation state in the bot's own storage (<see cref="StatefulEchoBot"/>).</summary>
    public const string WithState = WithStateGroup + "/api/messages";

    private const string WithStateGroup = "/echo-state";

    public static WebApplication MapEchoBot(this WebApplication app)
    {
        var echo = new EchoBot();
        MapProductEndpoint(app, SameEndpointGroup, echo);
        MapProductEndpoint(app, WithStateGroup, new StatefulEchoBot(app.Services.GetRequiredService<IStorage>()));
        app.MapPost(AdapterOnly, (HttpContext http, IBotFrameworkHttpAdapter adapter) => adapter.ProcessAsync(http.Request, http.Response, echo, http.RequestAborted));
        return app;
    }

    // The endpoint takes its IBot from the services; the filter hands it the given bot instead. Arguments are resolved
    // before filters run, so PmOpsBot's handler (a singleton) is resolved but never called on these requests.
    private static void MapProductEndpoint(WebApplication app, string prefix, IBot bot)
    {
        var group = app.MapGroup(prefix);
        group.MapBotMessages();
        group.AddEndpointFilter((context, next) =>
        {
            for (var i = 0; i < context.Arguments.Count; i++)
            {
                if (context.Arguments[i] is IBot) context.Arguments[i] = bot;
            }

            return next(context);
        });
    }
}
