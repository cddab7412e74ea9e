using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PmOpsBot.Slack.Inbound;

/// <summary>
/// Slack's three request URLs. Each request is verified against the signing secret before anything
/// else is read, stored in the shared database and queued for the bot (<see cref="SlackInboundIntake"/>), and
/// acknowledged at once (Slack gives up after 3 seconds). A request the database did not take gets 503, so Slack retries it.
/// </summary>
public static class SlackEndpoints
{
    /// <summary>Slack's payloads are a few kilobytes; anything this large is not from Slack.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder endpoints)
    {
        var slack = endpoints.MapGroup("/api/slack");
        slack.MapPost("/events", EventsAsync);
        slack.MapPost("/interactions", InteractionsAsync);
        slack.MapPost("/commands", CommandsAsync);
        return endpoints;
    }

    private static async Task<IResult> EventsAsync(HttpContext http, SlackInboundIntake intake, IOptions<SlackOptions> options, TimeProvider clock, ILoggerFactory loggers)
    {
        var (body, refusal) = await ReadVerifiedAsync(http, options.Value, clock, loggers);
        if (refusal is not null) return refusal;
        if (SlackEnvelope.ReadEvent(body!) is not { } envelope) return Results.BadRequest("The body is not a JSON object.");

        switch (envelope.Type)
        {
            case "url_verification":
                return Results.Json(new { challenge = envelope.Challenge ?? "" });
            case "event_callback":
                var result = await intake.TakeInAsync(new SlackInbound(SlackInboundKind.Event, body!, envelope.OrderKey, envelope.EventId));
                if (result == SlackIntakeResult.AlreadyTakenIn)
                {
                    loggers.CreateLogger(typeof(SlackEndpoints)).LogInformation("Slack event {EventId} already received (retry {Retry}); not processed again",
                        envelope.EventId, http.Request.Headers["X-Slack-Retry-Num"].ToString());
                }

                return Answer(result);
            default:
                return Results.Ok();
        }
    }

    private static async Task<IResult> InteractionsAsync(HttpContext http, SlackInboundIntake intake, IOptions<SlackOptions> options, TimeProvider clock, ILoggerFactory loggers)
    {
        var (body, refusal) = await ReadVerifiedAsync(http, options.Value, clock, loggers);
        if (refusal is not null) return refusal;
        var payload = ReadForm(body!).TryGetValue("payload", out var json) ? System.Text.Encoding.UTF8.GetBytes(json.ToString()) : null;
        if (payload is null || SlackEnvelope.ReadInteraction(payload) is not { } envelope)
            return Results.BadRequest("Expected a form field \"payload\" holding a JSON object.");

        // view_submission is acknowledged with an empty body, which closes the form; the bot opens none of its own.
        if (envelope.Type != "block_actions") return Results.Ok();
        return Answer(await intake.TakeInAsync(new SlackInbound(SlackInboundKind.Interaction, payload, envelope.OrderKey)));
    }

    private static async Task<IResult> CommandsAsync(HttpContext http, SlackInboundIntake intake, IOptions<SlackOptions> options, TimeProvider clock, ILoggerFactory loggers)
    {
        var (body, refusal) = await ReadVerifiedAsync(http, options.Value, clock, loggers);
        if (refusal is not null) return refusal;
        var form = ReadForm(body!);
        var key = $"{form.GetValueOrDefault("team_id")}/{form.GetValueOrDefault("channel_id")}/{form.GetValueOrDefault("user_id")}";
        // An empty 200 shows nothing; the answer follows through the command's response URL.
        return Answer(await intake.TakeInAsync(new SlackInbound(SlackInboundKind.Command, body!, key)));
    }

    private static IResult Answer(SlackIntakeResult result) => result switch
    {
        SlackIntakeResult.Accepted or SlackIntakeResult.AlreadyTakenIn => Results.Ok(),
        SlackIntakeResult.NotStored => Results.Problem("The bot could not store the request; Slack will retry.", statusCode: StatusCodes.Status503ServiceUnavailable),
        _ => Results.Problem("The bot is busy; Slack will retry.", statusCode: StatusCodes.Status503ServiceUnavailable),
    };

    private static async Task<(byte[]? Body, IResult? Refusal)> ReadVerifiedAsync(HttpContext http, SlackOptions options, TimeProvider clock, ILoggerFactory loggers)
    {
        if (string.IsNullOrWhiteSpace(options.SigningSecret))
            return (null, Results.Problem("Slack is not set up on this bot: set Slack:SigningSecret and Slack:BotToken.", statusCode: StatusCodes.Status503ServiceUnavailable));

        var body = await ReadLimitedAsync(http.Request, http.RequestAborted);
        if (body is null) return (null, Results.Problem("Request body too large.", statusCode: StatusCodes.Status413PayloadTooLarge));

        var check = SlackSignature.Verify(options.SigningSecret, http.Request.Headers[SlackSignature.TimestampHeader], http.Request.Headers[SlackSignature.SignatureHeader],
            body, clock.GetUtcNow(), options.SignatureTolerance);
        if (check == SignatureCheck.Valid) return (body, null);

        loggers.CreateLogger(typeof(SlackEndpoints)).LogWarning("Refused a Slack request on {Path}: signature {Check}", http.Request.Path, check);
        return (null, Results.Problem("The request is not signed by Slack for this app.", statusCode: StatusCodes.Status401Unauthorized));
    }

    private static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        if (request.ContentLength is { } length)
        {
            // The usual case: Slack says how long the body is, so it is read into one array of that size.
            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, cancellationToken);
            return exact;
        }

        using var buffer = new MemoryStream();
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(8 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> ReadForm(byte[] body) =>
        QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body));
}
