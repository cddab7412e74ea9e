using System.Buffers;
using System.IdentityModel.Tokens.Jwt;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using PmOpsBot.Bot.Hosting;

namespace PmOpsBot.Endpoints;

/// <summary>
/// POST /api/messages: checks what the Bot Framework adapter would otherwise answer with a 500
/// (oversized bodies, non-JSON, activities without a usable serviceUrl, tokens that are not even JWTs while
/// authentication is on), reads the activity once, runs the adapter on it and writes its answer.
/// </summary>
public static class BotMessagesEndpoint
{
    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/messages", HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext http, PmOpsCloudAdapter adapter, IBot bot, IOptions<BotOptions> options, IConfiguration configuration, ILoggerFactory loggers)
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

        if (await ReadLimitedAsync(request, options.Value.MaxRequestBytes, http.RequestAborted) is not { } body)
        {
            await Problem(http, StatusCodes.Status413PayloadTooLarge, $"Activities larger than {options.Value.MaxRequestBytes} bytes are not accepted.");
            return;
        }

        // Read once, here, with the Bot Framework's own settings; the adapter is handed the activity, not the body.
        var activity = BotMessageJson.ReadActivity(body);
        if (ActivityProblem(activity) is { } problem)
        {
            await Problem(http, StatusCodes.Status400BadRequest, problem);
            return;
        }

        try
        {
            var invokeResponse = await adapter.ProcessAsync(request.Headers.Authorization.ToString(), activity!, bot, http.RequestAborted);
            await BotMessageJson.WriteResponseAsync(http.Response, invokeResponse, http.RequestAborted);
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

    /// <summary>The body, or null as soon as it passes the limit.</summary>
    private static async Task<ArraySegment<byte>?> ReadLimitedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return null;
        if (request.ContentLength is { } length)
        {
            // The usual case: read into an array of exactly the announced size (Kestrel stops the body there).
            var exact = new byte[length];
            var filled = 0;
            int read;
            while (filled < exact.Length && (read = await request.Body.ReadAsync(exact.AsMemory(filled), cancellationToken)) > 0) filled += read;
            return new ArraySegment<byte>(exact, 0, filled);
        }

        // Chunked: grow a buffer, through a pooled chunk, until the end or the limit.
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Why the activity cannot be handed to the adapter, or null when it can.</summary>
    private static string? ActivityProblem(Activity? activity)
    {
        // Not JSON, not an object, or fields of the wrong shape: the Bot Framework's reader fails, and the adapter would answer
        // an empty 400. A type that is a number or a boolean is read as its text, as the Bot Framework reads it, and ignored.
        if (activity is null || string.IsNullOrEmpty(activity.Type)) return "The body is not a JSON activity.";

        // The adapter builds a connector client from serviceUrl for every activity (expectReplies included) before
        // the bot runs, with new Uri(serviceUrl): a missing, empty or malformed one ("", "not a url", true, "http://[::1")
        // escaped as a UriFormatException, i.e. a 500 (found by the endpoint fuzz test). Channels always send an
        // absolute http(s) URL, so anything else is the sender's mistake.
        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "The activity has no valid serviceUrl (an absolute http or https URL).";
        }

        return null;
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
