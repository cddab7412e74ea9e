using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PmOpsBot.Slack.Tests.WebApi;

/// <summary>One call the fake Slack received: the Web API method (or "response_url"), the body (JSON, or form fields), the Authorization header and the status it answered.</summary>
public sealed record SlackCall(string Method, JObject Body, string? Authorization, int AnsweredWith)
{
    /// <summary>When the call arrived, by the fake's clock (a FakeTimeProvider in pacing and retry tests).</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>What the fake answered, when it was JSON (the new message's "ts" for chat.postMessage).</summary>
    public JObject? Answer { get; init; }

    /// <summary>The request path ("/api/chat.postMessage", "/response/abc").</summary>
    public string Path { get; init; } = "";

    public string? ContentType { get; init; }

    public string? Channel => Body["channel"]?.ToString();

    public string? Text => Body["text"]?.ToString();

    public string? ThreadTs => Body["thread_ts"]?.ToString();

    public JArray? Blocks => Body["blocks"] as JArray;
}

/// <summary>A scripted answer: status, JSON (or raw) body, extra headers such as Retry-After, and a delay before answering.</summary>
public sealed record FakeSlackResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default)
{
    public static FakeSlackResponse Ok(JObject? fields = null)
    {
        var body = new JObject { ["ok"] = true };
        if (fields is not null) body.Merge(fields);
        return new(200, body.ToString(Formatting.None));
    }

    /// <summary>Slack's usual error: HTTP 200 with <c>{"ok":false,"error":code}</c>.</summary>
    public static FakeSlackResponse Error(string code, JObject? fields = null)
    {
        var body = new JObject { ["ok"] = false, ["error"] = code };
        if (fields is not null) body.Merge(fields);
        return new(200, body.ToString(Formatting.None));
    }

    /// <summary>HTTP 429 with Retry-After in seconds (or any text, to test odd values; none when null).</summary>
    public static FakeSlackResponse RateLimited(string? retryAfter) =>
        new(429, """{"ok":false,"error":"ratelimited"}""", retryAfter is null ? null : new Dictionary<string, string> { ["Retry-After"] = retryAfter });

    public static FakeSlackResponse RateLimited(int retryAfterSeconds) => RateLimited(retryAfterSeconds.ToString(CultureInfo.InvariantCulture));

    public static FakeSlackResponse ServerError(int status = 500) => new(status, "<html><body>Server error</body></html>");

    public static FakeSlackResponse Raw(int status, string body) => new(status, body);

    public FakeSlackResponse After(TimeSpan delay) => this with { Delay = delay };
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (random free port) that plays the Slack Web API: <c>POST /api/{method}</c> and, for
/// slash-command and interaction responses, <c>POST /response/{id}</c> (recorded as method "response_url").
/// It records every call and answers from a per-method script, then with plausible defaults. Bodies may be JSON or
/// form-encoded; form fields become string properties (JSON-looking values such as blocks are parsed).
/// </summary>
public sealed class FakeSlackWebApi : IAsyncDisposable
{
    public const string ResponseUrlMethod = "response_url";
    public const string BotUserId = "UBOTPMOPS";
    public const string TeamId = "T0001";
    public const string BotId = "B0001";

    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeSlackResponse>> _scripts = new(StringComparer.Ordinal);
    private readonly List<SlackCall> _calls = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _callArrived = NewSignal();
    private long _lastTs;

    private FakeSlackWebApi(WebApplication app, Uri root, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
        Root = root;
        BaseUrl = new Uri(root, "api/");
    }

    /// <summary>The server root ("http://127.0.0.1:PORT/").</summary>
    public Uri Root { get; }

    /// <summary>What to put in Slack:ApiBaseUrl ("http://127.0.0.1:PORT/api/").</summary>
    public Uri BaseUrl { get; }

    /// <summary>users.info answers from here (id → name); other ids get user_not_found.</summary>
    public ConcurrentDictionary<string, string> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>users.info's "tz" for people listed here (IANA ids).</summary>
    public ConcurrentDictionary<string, string> TimeZones { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, Web API calls without "Bearer {RequiredToken}" get invalid_auth, as Slack does.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>Every call so far, in arrival order.</summary>
    public IReadOnlyList<SlackCall> Calls
    {
        get
        {
            lock (_gate) return _calls.ToList();
        }
    }

    public static async Task<FakeSlackWebApi> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();

        FakeSlackWebApi? fake = null;
        app.MapPost("/api/{method}", (HttpContext http, string method) => fake!.HandleAsync(http, method));
        app.MapPost("/response/{id}", (HttpContext http, string id) => fake!.HandleAsync(http, ResponseUrlMethod));
        app.MapFallback((HttpContext http) =>
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake = new FakeSlackWebApi(app, new Uri(address.TrimEnd('/') + "/"), clock ?? TimeProvider.System);
        return fake;
    }

    /// <summary>A response URL on this fake, as Slack would put in a slash command or interaction payload.</summary>
    public string ResponseUrl(string id) => new Uri(Root, $"response/{Uri.EscapeDataString(id)}").ToString();

    /// <summary>Answers the next calls to <paramref name="method"/> with these responses, in order, before the defaults.</summary>
    public FakeSlackWebApi Script(string method, params FakeSlackResponse[] responses)
    {
        var queue = _scripts.GetOrAdd(method, _ => new ConcurrentQueue<FakeSlackResponse>());
        foreach (var response in responses) queue.Enqueue(response);
        return this;
    }

    public IReadOnlyList<SlackCall> CallsTo(string method) => Calls.Where(c => c.Method == method).ToList();

    /// <summary>The first call (already received or still to come) that matches; throws TimeoutException listing what did arrive.</summary>
    public async Task<SlackCall> WaitForAsync(Func<SlackCall, bool> match, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                var found = _calls.FirstOrDefault(match);
                if (found is not null) return found;
                arrived = _callArrived.Task;
            }

            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(arrived, Task.Delay(left)) != arrived)
            {
                throw new TimeoutException($"No matching Slack call within {timeout}. Received: {string.Join(", ", Calls.Select(c => c.Method))}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task HandleAsync(HttpContext http, string method)
    {
        var body = await ReadBodyAsync(http.Request);
        var authorization = http.Request.Headers.Authorization.FirstOrDefault();
        var answer = _scripts.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted) ? scripted : DefaultAnswer(method, body, authorization);

        TaskCompletionSource arrived;
        lock (_gate)
        {
            _calls.Add(new SlackCall(method, body, authorization, answer.Status)
            {
                ReceivedAt = _clock.GetUtcNow(),
                Path = http.Request.Path.ToString(),
                ContentType = http.Request.ContentType,
                Answer = answer.Body.TrimStart().StartsWith('{') ? JObject.Parse(answer.Body) : null,
            });
            arrived = _callArrived;
            _callArrived = NewSignal();
        }

        arrived.TrySetResult();
        if (answer.Delay > TimeSpan.Zero) await Task.Delay(answer.Delay, http.RequestAborted);

        http.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>()) http.Response.Headers[name] = value;
        http.Response.ContentType = answer.Body.TrimStart().StartsWith('{') ? "application/json; charset=utf-8" : "text/html; charset=utf-8";
        await http.Response.WriteAsync(answer.Body, http.RequestAborted);
    }

    private FakeSlackResponse DefaultAnswer(string method, JObject body, string? authorization)
    {
        if (method != ResponseUrlMethod && RequiredToken is not null && authorization != $"Bearer {RequiredToken}")
        {
            return FakeSlackResponse.Error(authorization is null ? "not_authed" : "invalid_auth");
        }

        var channel = body["channel"]?.ToString();
        switch (method)
        {
            case "chat.postMessage":
                var ts = NextTs();
                return FakeSlackResponse.Ok(new JObject { ["channel"] = channel, ["ts"] = ts, ["message"] = new JObject { ["text"] = body["text"], ["ts"] = ts } });
            case "chat.update":
                return FakeSlackResponse.Ok(new JObject { ["channel"] = channel, ["ts"] = body["ts"], ["text"] = body["text"] });
            case "chat.delete":
                return FakeSlackResponse.Ok(new JObject { ["channel"] = channel, ["ts"] = body["ts"] });
            case "chat.postEphemeral":
                return FakeSlackResponse.Ok(new JObject { ["message_ts"] = NextTs() });
            case "conversations.open":
                return FakeSlackResponse.Ok(new JObject { ["channel"] = new JObject { ["id"] = "D" + body["users"] } });
            case "users.info":
                var id = body["user"]?.ToString() ?? "";
                return Users.TryGetValue(id, out var name)
                    ? FakeSlackResponse.Ok(new JObject
                    {
                        ["user"] = new JObject
                        {
                            ["id"] = id,
                            ["name"] = name.ToLowerInvariant().Replace(' ', '.'),
                            ["real_name"] = name,
                            ["tz"] = TimeZones.TryGetValue(id, out var zone) ? zone : null,
                            ["profile"] = new JObject { ["display_name"] = name, ["real_name"] = name },
                        },
                    })
                    : FakeSlackResponse.Error("user_not_found");
            case "auth.test":
                return FakeSlackResponse.Ok(new JObject { ["user_id"] = BotUserId, ["team_id"] = TeamId, ["bot_id"] = BotId });
            case ResponseUrlMethod:
                return FakeSlackResponse.Ok();
            default:
                return FakeSlackResponse.Error("unknown_method");
        }
    }

    private string NextTs() => string.Create(CultureInfo.InvariantCulture, $"1700000000.{Interlocked.Increment(ref _lastTs):D6}");

    private static async Task<JObject> ReadBodyAsync(HttpRequest request)
    {
        var body = new JObject();
        foreach (var (name, value) in request.Query) body[name] = FieldValue(value.ToString());

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (name, value) in form) body[name] = FieldValue(value.ToString());
            return body;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        if (string.IsNullOrWhiteSpace(text)) return body;
        try
        {
            using var json = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
            if (JToken.ReadFrom(json) is JObject parsed) body.Merge(parsed);
            else body["unparsable"] = text;
        }
        catch (JsonReaderException)
        {
            body["unparsable"] = text;
        }

        return body;
    }

    /// <summary>Form clients send blocks as a JSON string; parse it so tests can look inside either way.</summary>
    private static JToken FieldValue(string value)
    {
        var trimmed = value.TrimStart();
        if (trimmed.StartsWith('[') || trimmed.StartsWith('{'))
        {
            try
            {
                return JToken.Parse(value);
            }
            catch (JsonReaderException)
            {
                // not JSON after all: keep the text
            }
        }

        return value;
    }
}
