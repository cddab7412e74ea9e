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

namespace PmOpsBot.Tests;

/// <summary>How the fake connector answers one call.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="RetryAfter">A Retry-After header value (seconds as text, or anything else to test odd values); none when null.</param>
/// <param name="Delay">How long to wait before answering (a connector that does not answer in time).</param>
public sealed record ConnectorResponse(int Status, string? RetryAfter = null, TimeSpan? Delay = null)
{
    public static ConnectorResponse Ok { get; } = new(200);

    public static ConnectorResponse TooManyRequests(int retryAfterSeconds = 0) =>
        new(429, retryAfterSeconds.ToString(CultureInfo.InvariantCulture));

    public static ConnectorResponse ServerError { get; } = new(500);

    public static ConnectorResponse BadGateway { get; } = new(502);

    public static ConnectorResponse Forbidden { get; } = new(403);

    public static ConnectorResponse NotFound { get; } = new(404);

    public static ConnectorResponse BadRequest { get; } = new(400);

    /// <summary>Answers 200, but only after <paramref name="delay"/>: longer than the sender waits, it is a time-out (recorded as answered with 0).</summary>
    public static ConnectorResponse Hang(TimeSpan delay) => new(200, Delay: delay);

    public bool IsSuccess => Status is >= 200 and < 300;
}

/// <summary>One call the fake connector received: the decoded conversation id of the URL, the reply-to id when posted as a reply, the body, and what it answered.</summary>
public sealed record ReceivedActivity(string Method, string Path, string ConversationId, string? ReplyToActivityId, JObject Activity, string? Authorization, int AnsweredWith)
{
    public string? Type => Activity["type"]?.ToString();

    public string? Text => Activity["text"]?.ToString();

    public IReadOnlyList<string> AttachmentContentTypes =>
        Activity["attachments"] is JArray attachments ? attachments.Select(a => a["contentType"]?.ToString() ?? "").ToList() : [];
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (random free port) that plays the Bot Framework connector for proactive posts:
/// <c>POST /v3/conversations/{conversationId}/activities</c> and <c>.../activities/{activityId}</c> (a reply).
/// It records every call and answers from a script: a queue of responses consumed one per call, then
/// <see cref="Default"/> (200 with a new id unless changed). Any other request is recorded as unexpected and answered 404.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorResponse> _script = new();
    private readonly List<ReceivedActivity> _received = [];
    private readonly List<string> _unexpected = [];
    private readonly HashSet<string> _connections = [];
    private readonly Lock _gate = new();

    private FakeConnector(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The service URL to put in a conversation reference, with a trailing slash ("http://127.0.0.1:PORT/").</summary>
    public Uri BaseUrl { get; }

    public string ServiceUrl => BaseUrl.ToString();

    /// <summary>The answer once the script is used up.</summary>
    public ConnectorResponse Default { get; set; } = ConnectorResponse.Ok;

    /// <summary>Every activity call so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedActivity> Received
    {
        get
        {
            lock (_gate) return _received.ToList();
        }
    }

    /// <summary>Requests to anything but the activities endpoints ("METHOD path").</summary>
    public IReadOnlyList<string> Unexpected
    {
        get
        {
            lock (_gate) return _unexpected.ToList();
        }
    }

    /// <summary>How many TCP connections the activity calls came over.</summary>
    public int Connections
    {
        get
        {
            lock (_gate) return _connections.Count;
        }
    }

    /// <summary>Every HTTP request the server saw.</summary>
    public int RequestCount
    {
        get
        {
            lock (_gate) return _received.Count + _unexpected.Count;
        }
    }

    public static async Task<FakeConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();

        FakeConnector? connector = null;
        app.MapPost("/v3/conversations/{conversationId}/activities", (HttpContext http, string conversationId) => connector!.HandleAsync(http, conversationId, null));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext http, string conversationId, string activityId) => connector!.HandleAsync(http, conversationId, activityId));
        app.MapFallback((HttpContext http) =>
        {
            connector!.RecordUnexpected($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}");
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        connector = new FakeConnector(app, new Uri(address.TrimEnd('/') + "/"));
        Assert.Equal("127.0.0.1", connector.BaseUrl.Host);
        return connector;
    }

    /// <summary>Answers the next calls with these responses, in order.</summary>
    public FakeConnector Script(params ConnectorResponse[] responses)
    {
        foreach (var response in responses) _script.Enqueue(response);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void RecordUnexpected(string request)
    {
        lock (_gate) _unexpected.Add(request);
    }

    private async Task HandleAsync(HttpContext http, string conversationId, string? replyToId)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        JObject activity;
        try
        {
            activity = JObject.Parse(body);
        }
        catch (JsonReaderException)
        {
            activity = new JObject { ["unparsable"] = body };
        }

        var answer = _script.TryDequeue(out var scripted) ? scripted : Default;
        lock (_gate)
        {
            _connections.Add(http.Connection.Id);
            // A delayed answer is recorded as 0 ("no answer in time"): the callers that use it give up before it comes.
            _received.Add(new ReceivedActivity(http.Request.Method, http.Request.Path.ToString(), conversationId, replyToId, activity,
                http.Request.Headers.Authorization.FirstOrDefault(), answer.Delay is null ? answer.Status : 0));
        }

        if (answer.Delay is { } delay)
        {
            try
            {
                await Task.Delay(delay, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // The caller gave up waiting.
            }
        }

        http.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is not null) http.Response.Headers.RetryAfter = answer.RetryAfter;
        http.Response.ContentType = "application/json";
        var json = answer.IsSuccess
            ? new JObject { ["id"] = Guid.NewGuid().ToString("N") }
            : new JObject { ["error"] = new JObject { ["code"] = $"Fake{answer.Status}", ["message"] = $"The fake connector answered {answer.Status}." } };
        await http.Response.WriteAsync(json.ToString(Formatting.None), http.RequestAborted);
    }
}
