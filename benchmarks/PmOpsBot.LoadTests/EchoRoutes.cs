using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using PmOpsBot.Endpoints;

namespace PmOpsBot.LoadTests;

/// <summary>
/// Two echo routes on the real host, next to its own /api/messages, so an interview turn and an echo turn go through the
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

    public static WebApplication MapEchoBot(this WebApplication app)
    {
        var echo = new EchoBot();

        // The endpoint takes its IBot from the services; the filter hands it the echo bot instead. Arguments are resolved
        // before filters run, so PmOpsBot's handler (a singleton) is resolved but never called on these requests.
        var group = app.MapGroup(SameEndpointGroup);
        group.MapBotMessages();
        group.AddEndpointFilter((context, next) =>
        {
            for (var i = 0; i < context.Arguments.Count; i++)
            {
                if (context.Arguments[i] is IBot) context.Arguments[i] = echo;
            }

            return next(context);
        });

        app.MapPost(AdapterOnly, (HttpContext http, IBotFrameworkHttpAdapter adapter) => adapter.ProcessAsync(http.Request, http.Response, echo, http.RequestAborted));
        return app;
    }
}
