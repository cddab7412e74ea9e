using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json.Linq;
using PmOpsBot.Slack.Inbound;
using PmOpsBot.Slack.Tests.WebApi;
using PmOpsBot.Tests.MultiInstance;
using Xunit.Abstractions;

namespace PmOpsBot.Tests.Crash;

/// <summary>
/// Slack never sends an acknowledged request again. The bot as a real process acknowledges two messages, is killed
/// with SIGKILL while the first turn waits for Slack's Web API (which does not answer) and the second waits behind it,
/// and is started again on the same SQLite file: both messages are answered, in the order they were sent.
/// </summary>
public sealed class KillBeforeSlackTurnTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string SigningSecret = "crash-test-signing-secret";
    private const string Channel = "DU0ANN";
    private readonly string _databasePath = PmOpsBotFactory.NewDatabasePath();
    private FakeSlackWebApi _api = null!;
    private HostProcess? _host;

    public async Task InitializeAsync()
    {
        _api = await FakeSlackWebApi.StartAsync();
        _api.Users["U0ANN"] = "Ann Lee";
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await _api.DisposeAsync();
        PmOpsBotFactory.DeleteDatabase(_databasePath);
    }

    [Fact]
    public async Task Messages_acknowledged_before_a_kill_are_answered_after_the_restart_in_order()
    {
        // The first reply never comes back before the kill: the turn is in flight when the process dies.
        _api.Script("chat.postMessage", FakeSlackResponse.Ok(new JObject { ["ts"] = "1700000000.000001", ["channel"] = Channel }).After(TimeSpan.FromMinutes(2)));
        _host = await HostProcess.StartAsync(HostEnvironment());
        using (var http = _host.CreateClient())
        {
            using var help = await PostDirectMessageAsync(http, "help", "EvHelp", "1800000000.000001");
            using var status = await PostDirectMessageAsync(http, "status", "EvStatus", "1800000000.000002");
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (help.StatusCode, status.StatusCode));
            await _api.WaitForAsync(c => c.Method == "chat.postMessage", TimeSpan.FromSeconds(20));
        }

        Assert.Equal(2L, PendingRows());
        await _host.DisposeAsync(); // Process.Kill: SIGKILL on Linux, no shutdown code runs
        _host = null;
        var before = _api.CallsTo("chat.postMessage").Count;
        Assert.Equal(1, before);

        _host = await HostProcess.StartAsync(HostEnvironment());
        var restarted = DateTimeOffset.UtcNow;
        await _api.WaitForAsync(c => c.Method == "chat.postMessage" && c.AnsweredWith == 200 && _api.CallsTo("chat.postMessage").Count >= before + 2, TimeSpan.FromSeconds(30));
        output.WriteLine($"both answered {(DateTimeOffset.UtcNow - restarted).TotalSeconds:F1} s after the restart");

        var answers = _api.CallsTo("chat.postMessage").Skip(before).ToList();
        Assert.Equal(2, answers.Count);
        Assert.All(answers, a => Assert.Equal(Channel, a.Channel));
        Assert.DoesNotContain("No interview is open", TextOf(answers[0]), StringComparison.Ordinal);
        Assert.Contains("No interview is open", TextOf(answers[1]), StringComparison.Ordinal);
        await WaitUntilAsync(() => PendingRows() == 0, "the rows of the finished turns are deleted");

        // Slack does not retry what was acknowledged, but if a copy came, it would not run a third turn.
        using (var http = _host.CreateClient())
        using (var copy = await PostDirectMessageAsync(http, "help", "EvHelp", "1800000000.000001"))
            Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before + 2, _api.CallsTo("chat.postMessage").Count);
    }

    private Dictionary<string, string> HostEnvironment() => new()
    {
        ["Storage__Provider"] = "Sqlite",
        ["Storage__ConnectionString"] = $"Data Source={_databasePath}",
        ["Digest__SchedulerEnabled"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Slack__BotToken"] = "xoxb-crash-test",
        ["Slack__SigningSecret"] = SigningSecret,
        ["Slack__ApiBaseUrl"] = _api.BaseUrl.ToString(),
        ["Slack__ChannelPostInterval"] = "00:00:00.010",
        // Short, so the requests of the killed process come back within about a second of the restart.
        ["Slack__InboundLease"] = "00:00:01",
        ["Slack__InboundRecoveryTick"] = "00:00:00.200",
    };

    private static Task<HttpResponseMessage> PostDirectMessageAsync(HttpClient http, string text, string eventId, string ts)
    {
        var body = new JObject
        {
            ["type"] = "event_callback",
            ["team_id"] = FakeSlackWebApi.TeamId,
            ["event_id"] = eventId,
            ["event"] = new JObject { ["type"] = "message", ["channel_type"] = "im", ["channel"] = Channel, ["user"] = "U0ANN", ["text"] = text, ["ts"] = ts },
        }.ToString();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(SlackSignature.SignatureHeader, SlackSignature.Sign(SigningSecret, timestamp, Encoding.UTF8.GetBytes(body)));
        return http.SendAsync(request);
    }

    private static string TextOf(SlackCall call) =>
        call.Text + " " + string.Join(" ", (call.Blocks ?? []).Descendants().OfType<JValue>().Where(v => v.Type == JTokenType.String).Select(v => v.ToString()));

    private long PendingRows()
    {
        using var connection = new SqliteConnection($"Data Source={_databasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM slack_inbound";
        return (long)command.ExecuteScalar()!;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Timed out waiting until {what}");
            await Task.Delay(100);
        }
    }
}
