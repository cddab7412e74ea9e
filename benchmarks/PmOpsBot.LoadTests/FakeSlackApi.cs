using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PmOpsBot.LoadTests;

/// <summary>
/// The Slack Web API on 127.0.0.1, reduced to what a load test needs: every method answers ok at once and is
/// counted. Smaller than the tests' FakeSlackWebApi on purpose: it keeps no call log and parses almost nothing,
/// so the fake takes little of the CPU the bot is measured on.
/// </summary>
public sealed class FakeSlackApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private long _lastTs;
    private long _lastCallAt = Environment.TickCount64;

    private FakeSlackApi(WebApplication app) => _app = app;

    /// <summary>What to put in Slack:ApiBaseUrl ("http://127.0.0.1:PORT/api/").</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public int CallsTo(string method) => _calls.GetValueOrDefault(method);

    public IReadOnlyDictionary<string, int> Calls => new SortedDictionary<string, int>(_calls, StringComparer.Ordinal);

    /// <summary>How long since the bot last called Slack.</summary>
    public TimeSpan Idle => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastCallAt));

    public static async Task<FakeSlackApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "LoadTest" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeSlackApi(app);
        app.MapPost("/api/{method}", fake.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/api/");
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> AnswerAsync(HttpContext http, string method)
    {
        _calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        Interlocked.Exchange(ref _lastCallAt, Environment.TickCount64);
        switch (method)
        {
            case "auth.test":
                return Results.Json(new { ok = true, user_id = "UBOTLOAD", team_id = "TLOAD", bot_id = "BLOAD" });
            case "users.info":
                // users.info is a form post; the name only has to be plausible.
                var user = (await http.Request.ReadFormAsync()).TryGetValue("user", out var id) ? id.ToString() : "U0";
                return Results.Json(new { ok = true, user = new { id = user, name = user.ToLowerInvariant(), real_name = "Load " + user, profile = new { display_name = "Load " + user } } });
            case "conversations.open":
                return Results.Json(new { ok = true, channel = new { id = "DLOAD" } });
            case "chat.postMessage":
            case "chat.postEphemeral":
                var ts = string.Create(CultureInfo.InvariantCulture, $"1700000000.{Interlocked.Increment(ref _lastTs):D6}");
                return Results.Json(new { ok = true, ts, message_ts = ts });
            default:
                return Results.Json(new { ok = true });
        }
    }
}
