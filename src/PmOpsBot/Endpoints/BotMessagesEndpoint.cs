using System.IdentityModel.Tokens.Jwt;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PmOpsBot.Endpoints;

/// <summary>
/// POST /api/messages: checks what the Bot Framework adapter would otherwise answer with a 500
/// (oversized bodies, non-JSON, activities without a usable serviceUrl, tokens that are not even JWTs while
/// authentication is on), then
/// hands the request to the adapter.
/// </summary>
public static class BotMessagesEndpoint
{
    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/messages", HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext http, IBotFrameworkHttpAdapter adapter, IBot bot, IOptions<BotOptions> options, IConfiguration configuration, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(BotMessagesEndpoint));
        var request = http.Request;

        if (!IsJson(request.ContentType))
        {
            await Problem(http, StatusCodes.Status415UnsupportedMediaType, "Send activities as application/json.");
            return;
        }

        if (!string.IsNullOrEmpty(configuration["MicrosoftAppId"]) && !HasReadableBearerToken(request))
        {
            await Problem(http, StatusCodes.Status401Unauthorized, "A valid Bot Framework bearer token is required.");
            return;
        }

        var body = await ReadLimitedAsync(request, options.Value.MaxRequestBytes, http.RequestAborted);
        if (body is null)
        {
            await Problem(http, StatusCodes.Status413PayloadTooLarge, $"Activities larger than {options.Value.MaxRequestBytes} bytes are not accepted.");
            return;
        }

        if (ActivityProblem(body) is { } problem)
        {
            await Problem(http, StatusCodes.Status400BadRequest, problem);
            return;
        }

        request.Body = body;
        try
        {
            await adapter.ProcessAsync(request, http.Response, bot, http.RequestAborted);
        }
        catch (Exception exception) when (IsAuthenticationFailure(exception) && !http.Response.HasStarted)
        {
            logger.LogWarning(exception, "Rejected a request whose token could not be verified");
            http.Response.Clear();
            await Problem(http, StatusCodes.Status401Unauthorized, "The bearer token could not be verified.");
        }
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static bool HasReadableBearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        return new JwtSecurityTokenHandler().CanReadToken(header["Bearer ".Length..].Trim());
    }

    /// <summary>Copies the body into memory, or returns null as soon as it passes the limit.</summary>
    private static async Task<MemoryStream?> ReadLimitedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return null;
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }

    /// <summary>Why the body cannot be handed to the adapter, or null when it can.</summary>
    private static string? ActivityProblem(MemoryStream body)
    {
        const string notAnActivity = "The body is not a JSON activity.";
        try
        {
            using var reader = new JsonTextReader(new StreamReader(body, leaveOpen: true)) { MaxDepth = 64 };
            var token = JToken.ReadFrom(reader);
            if (token is not JObject activity || activity["type"]?.Type != JTokenType.String) return notAnActivity;

            // The adapter builds a connector client from serviceUrl for every activity (expectReplies included) before
            // the bot runs, with new Uri(serviceUrl): a missing, empty or malformed one ("", "not a url", true, "http://[::1")
            // escaped as a UriFormatException, i.e. a 500 (found by the endpoint fuzz test). Channels always send an
            // absolute http(s) URL, so anything else is the sender's mistake.
            if (activity["serviceUrl"] is not { Type: JTokenType.String } serviceUrl
                || !Uri.TryCreate(serviceUrl.Value<string>(), UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                return "The activity has no valid serviceUrl (an absolute http or https URL).";
            }

            return null;
        }
        catch (JsonException)
        {
            return notAnActivity;
        }
        finally
        {
            body.Position = 0;
        }
    }

    /// <summary>Token checks that fail for lack of signing keys (offline, forged issuer) are a rejected token, not a server fault.</summary>
    private static bool IsAuthenticationFailure(Exception exception) =>
        exception is UnauthorizedAccessException
        || exception.GetType().Namespace?.StartsWith("Microsoft.IdentityModel", StringComparison.Ordinal) == true
        || (exception is InvalidOperationException && exception.Message.Contains("IDX", StringComparison.Ordinal))
        || (exception.InnerException is { } inner && IsAuthenticationFailure(inner));

    private static Task Problem(HttpContext http, int status, string detail) =>
        Results.Problem(detail: detail, statusCode: status).ExecuteAsync(http);
}
