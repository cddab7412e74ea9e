using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;
using Newtonsoft.Json.Linq;
using PmOpsBot.Bot.State;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Slack.Inbound;
using PmOpsBot.Slack.Tests.WebApi;

namespace PmOpsBot.Slack.Tests.Inbound.Durable;

/// <summary>
/// The Slack endpoints, queue and recovery as the host wires them (<see cref="SlackServiceCollectionExtensions.AddSlack"/>),
/// on loopback, with the shared table in memory, a <see cref="GatedBot"/> and a fake Slack Web API. Short leases and ticks.
/// </summary>
public sealed class SlackEndpointHarness : IAsyncDisposable
{
    public const string SigningSecret = "harness-signing-secret";
    public static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(1500);
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    public const int MaxAttempts = 3;

    private readonly WebApplication _app;
    private readonly FakeSlackWebApi _api;
    private int _events;
    private long _ts = 1_800_000_000_000_000;

    private SlackEndpointHarness(WebApplication app, FakeSlackWebApi api, InMemorySlackInboundStore store, GatedBot bot, LogSink logs, Uri root)
    {
        _app = app;
        _api = api;
        Store = store;
        Bot = bot;
        Logs = logs;
        Http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(20) };
    }

    public InMemorySlackInboundStore Store { get; }

    public GatedBot Bot { get; }

    public LogSink Logs { get; }

    public HttpClient Http { get; }

    /// <param name="seed">Rows to put in the shared table before the host starts (as a dead instance left them).</param>
    public static async Task<SlackEndpointHarness> StartAsync(Action<InMemorySlackInboundStore>? seed = null)
    {
        var api = await FakeSlackWebApi.StartAsync();
        var store = new InMemorySlackInboundStore(TimeProvider.System);
        seed?.Invoke(store);
        var bot = new GatedBot();
        var logs = new LogSink();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = "xoxb-harness",
            ["Slack:SigningSecret"] = SigningSecret,
            ["Slack:ApiBaseUrl"] = api.BaseUrl.ToString(),
            ["Slack:ChannelPostInterval"] = "00:00:00",
            ["Slack:InboundLease"] = Lease.ToString("c", CultureInfo.InvariantCulture),
            ["Slack:InboundRecoveryTick"] = Tick.ToString("c", CultureInfo.InvariantCulture),
            ["Slack:InboundMaxAttempts"] = MaxAttempts.ToString(CultureInfo.InvariantCulture),
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IStorage>(new MemoryStorage());
        builder.Services.AddSingleton<ChatStateStore>();
        builder.Services.AddSingleton<IBot>(bot);
        builder.Services.AddSingleton<ISlackInboundStore>(store);
        builder.Services.AddSingleton(Mock.Of<IInboundEventLog>());
        builder.Services.AddSlack();
        var app = builder.Build();
        app.MapSlack();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new SlackEndpointHarness(app, api, store, bot, logs, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Bot.Release();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _api.DisposeAsync();
    }

    /// <summary>A direct message from U0ANN as an Events API request body.</summary>
    public string DirectMessage(string text, string? eventId = null) =>
        DirectMessageBody(text, eventId ?? $"Ev{Interlocked.Increment(ref _events):D6}", ts: (Interlocked.Increment(ref _ts) / 1_000_000.0).ToString("F6", CultureInfo.InvariantCulture));

    public static string DirectMessageBody(string text, string eventId, string user = "U0ANN", string ts = "1800000000.000001") => new JObject
    {
        ["type"] = "event_callback",
        ["team_id"] = FakeSlackWebApi.TeamId,
        ["event_id"] = eventId,
        ["event"] = new JObject { ["type"] = "message", ["channel_type"] = "im", ["channel"] = "D" + user, ["user"] = user, ["text"] = text, ["ts"] = ts },
    }.ToString();

    public Task<HttpResponseMessage> PostEventAsync(string body) => PostSignedAsync("/api/slack/events", body, "application/json");

    public Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(SlackSignature.SignatureHeader, SlackSignature.Sign(SigningSecret, timestamp, Encoding.UTF8.GetBytes(body)));
        return Http.SendAsync(request);
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="what"/> after a few seconds.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Timed out waiting until {what}");
            await Task.Delay(20);
        }
    }
}

/// <summary>Every log line of the host, with its category.</summary>
public sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
