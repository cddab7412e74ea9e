using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;
using PmOpsBot.Slack.Inbound;
using PmOpsBot.Slack.Tests.WebApi;

namespace PmOpsBot.Tests.Slack;

/// <summary>
/// Plays Slack against the real host: signed Events API, interactivity and slash command requests to
/// /api/slack/*, with the bot's answers collected from a <see cref="FakeSlackWebApi"/> on loopback.
/// </summary>
public sealed class SlackWorkspace : IAsyncDisposable
{
    public const string SigningSecret = "test-signing-secret-0123456789abcdef";
    public const string BotToken = "xoxb-test-token";
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);
    private static readonly string[] ReplyMethods = ["chat.postMessage", "chat.postEphemeral", "chat.update", FakeSlackWebApi.ResponseUrlMethod];
    private readonly string _database;
    private int _events;
    private long _ts = 1_800_000_000_000_000;

    private readonly IReadOnlyDictionary<string, string> _settings;

    private SlackWorkspace(FakeSlackWebApi api, PmOpsBotFactory host, string database, IReadOnlyDictionary<string, string> settings)
    {
        _database = database;
        _settings = settings;
        Api = api;
        Host = host;
        Http = host.CreateClient();
    }

    public FakeSlackWebApi Api { get; }

    public PmOpsBotFactory Host { get; }

    public HttpClient Http { get; }

    public static async Task<SlackWorkspace> StartAsync(IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        var api = await FakeSlackWebApi.StartAsync();
        api.RequiredToken = BotToken;
        api.Users["U0ANN"] = "Ann Lee";
        api.Users["U0BOB"] = "Bob Stone";
        var settings = new Dictionary<string, string>
        {
            ["Slack:BotToken"] = BotToken,
            ["Slack:SigningSecret"] = SigningSecret,
            ["Slack:ApiBaseUrl"] = api.BaseUrl.ToString(),
            ["Slack:ChannelPostInterval"] = "00:00:00.010",
            ["Slack:RetryBaseDelay"] = "00:00:00.010",
            ["Digest:SchedulerEnabled"] = "false",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>()) settings[key] = value;
        var database = PmOpsBotFactory.NewDatabasePath();
        return new SlackWorkspace(api, new PmOpsBotFactory(database, settings: settings), database, settings);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await Api.DisposeAsync();
        PmOpsBotFactory.DeleteDatabase(_database);
    }

    /// <summary>Another bot instance on the same database and Slack app (what a load balancer would send retries to).</summary>
    public PmOpsBotFactory AnotherInstance() => new(_database, settings: _settings);

    public string NextTs() => (Interlocked.Increment(ref _ts) / 1_000_000.0).ToString("F6", CultureInfo.InvariantCulture);

    /// <summary>Posts a body signed as Slack would (or with the given overrides) to this host, or to <paramref name="via"/>, and returns the response.</summary>
    public async Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType, DateTimeOffset? at = null, string? secret = null,
        bool sign = true, IReadOnlyDictionary<string, string>? headers = null, HttpClient? via = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (sign)
        {
            request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
            request.Headers.Add(SlackSignature.SignatureHeader, SlackSignature.Sign(secret ?? SigningSecret, timestamp, Encoding.UTF8.GetBytes(body)));
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.Add(name, value);
        return await (via ?? Http).SendAsync(request);
    }

    public Task<HttpResponseMessage> PostEventAsync(JObject @event, string? eventId = null, string team = FakeSlackWebApi.TeamId, IReadOnlyDictionary<string, string>? headers = null)
    {
        var envelope = new JObject
        {
            ["token"] = "legacy-verification-token",
            ["team_id"] = team,
            ["api_app_id"] = "A0PMOPS",
            ["type"] = "event_callback",
            ["event_id"] = eventId ?? $"Ev{Interlocked.Increment(ref _events):D8}",
            ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["event"] = @event,
        };
        return PostSignedAsync("/api/slack/events", envelope.ToString(), "application/json", headers: headers);
    }

    public static JObject DirectMessage(string user, string text, string ts) => new()
    {
        ["type"] = "message",
        ["channel_type"] = "im",
        ["channel"] = "D" + user,
        ["user"] = user,
        ["text"] = text,
        ["ts"] = ts,
    };

    public static JObject Mention(string user, string channel, string text, string ts, string? threadTs = null)
    {
        var mention = new JObject
        {
            ["type"] = "app_mention",
            ["channel"] = channel,
            ["user"] = user,
            ["text"] = $"<@{FakeSlackWebApi.BotUserId}> {text}",
            ["ts"] = ts,
        };
        if (threadTs is not null) mention["thread_ts"] = threadTs;
        return mention;
    }

    /// <summary>Does something and returns what the bot sent because of it: every reply call until the bot has been quiet for a moment.</summary>
    public async Task<IReadOnlyList<SlackCall>> RepliesToAsync(Func<Task<HttpResponseMessage>> send, int atLeast = 1)
    {
        var before = Api.Calls.Count;
        using var response = await send();
        Assert.True(response.IsSuccessStatusCode, $"Slack request answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var deadline = DateTimeOffset.UtcNow + ReplyTimeout;
        while (Replies(before).Count < atLeast)
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"Expected {atLeast} replies; got {Replies(before).Count}: {string.Join(", ", Api.Calls.Skip(before).Select(c => c.Method))}");
            await Task.Delay(20);
        }

        // The turn may send more than one message: wait until nothing new arrives for a moment.
        var count = -1;
        while (count != Api.Calls.Count)
        {
            count = Api.Calls.Count;
            await Task.Delay(Quiet);
        }

        return Replies(before);
    }

    public Task<IReadOnlyList<SlackCall>> SayPrivatelyAsync(string user, string text) =>
        RepliesToAsync(() => PostEventAsync(DirectMessage(user, text, NextTs())));

    public Task<IReadOnlyList<SlackCall>> MentionAsync(string user, string channel, string text, string? threadTs = null, string team = FakeSlackWebApi.TeamId) =>
        RepliesToAsync(() => PostEventAsync(Mention(user, channel, text, NextTs(), threadTs), team: team));

    public Task<IReadOnlyList<SlackCall>> CommandAsync(string user, string channel, string text, string responseId = "cmd")
    {
        var form = new Dictionary<string, string>
        {
            ["token"] = "legacy", ["team_id"] = FakeSlackWebApi.TeamId, ["team_domain"] = "acme", ["channel_id"] = channel, ["channel_name"] = "projects",
            ["user_id"] = user, ["user_name"] = user.ToLowerInvariant(), ["command"] = "/pmops", ["text"] = text,
            ["response_url"] = Api.ResponseUrl(responseId), ["trigger_id"] = "1.2.3", ["api_app_id"] = "A0PMOPS",
        };
        return RepliesToAsync(() => PostSignedAsync("/api/slack/commands", FormBody(form), "application/x-www-form-urlencoded"));
    }

    /// <summary>Presses the button labelled <paramref name="label"/> on a message the bot sent, with any inputs filled in.</summary>
    public Task<IReadOnlyList<SlackCall>> ClickAsync(string user, SlackCall message, string label, JObject? stateValues = null)
    {
        var button = Buttons(message).FirstOrDefault(b => b["text"]?["text"]?.ToString() == label)
            ?? throw new InvalidOperationException($"No button “{label}” on the message; it has: {string.Join(", ", Buttons(message).Select(b => b["text"]?["text"]))}");
        var channel = message.Channel ?? "D" + user;
        var ts = message.Answer?["ts"]?.ToString() ?? message.Answer?["message_ts"]?.ToString() ?? NextTs();
        var container = new JObject { ["type"] = "message", ["message_ts"] = ts, ["channel_id"] = channel, ["is_ephemeral"] = message.Method == "chat.postEphemeral" };
        if (message.ThreadTs is not null) container["thread_ts"] = message.ThreadTs;
        var payload = new JObject
        {
            ["type"] = "block_actions",
            ["user"] = new JObject { ["id"] = user, ["username"] = user.ToLowerInvariant(), ["team_id"] = FakeSlackWebApi.TeamId },
            ["team"] = new JObject { ["id"] = FakeSlackWebApi.TeamId, ["domain"] = "acme" },
            ["api_app_id"] = "A0PMOPS",
            ["container"] = container,
            ["channel"] = new JObject { ["id"] = channel },
            ["trigger_id"] = "1.2.3",
            ["response_url"] = Api.ResponseUrl("click"),
            ["actions"] = new JArray(new JObject
            {
                ["type"] = "button",
                ["action_id"] = button["action_id"],
                ["block_id"] = "b",
                ["text"] = button["text"],
                ["value"] = button["value"],
                ["action_ts"] = NextTs(),
            }),
            ["state"] = new JObject { ["values"] = stateValues ?? new JObject() },
        };
        return RepliesToAsync(() => PostSignedAsync("/api/slack/interactions", FormBody(new Dictionary<string, string> { ["payload"] = payload.ToString() }), "application/x-www-form-urlencoded"));
    }

    public static IEnumerable<JObject> Buttons(SlackCall message) =>
        (message.Blocks ?? []).OfType<JObject>().SelectMany(b => (b["elements"] as JArray ?? []).OfType<JObject>().Concat(b["accessory"] is JObject a ? [a] : []))
            .Where(e => e["type"]?.ToString() == "button");

    /// <summary>Everything a message says, blocks included, as one string to search.</summary>
    public static string TextOf(IEnumerable<SlackCall> calls) =>
        string.Join(" || ", calls.Select(c => c.Text + " " + string.Join(" | ", (c.Blocks ?? []).Descendants().OfType<JValue>().Where(v => v.Type == JTokenType.String).Select(v => v.ToString()))));

    public static string FormBody(IReadOnlyDictionary<string, string> fields) =>
        string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));

    private List<SlackCall> Replies(int before) => Api.Calls.Skip(before).Where(c => ReplyMethods.Contains(c.Method)).ToList();
}
