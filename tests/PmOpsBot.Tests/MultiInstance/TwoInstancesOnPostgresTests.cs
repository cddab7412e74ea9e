using System.Globalization;
using Newtonsoft.Json.Linq;
using Npgsql;
using PmOpsBot.Storage;
using PmOpsBot.Storage.Tests;
using static PmOpsBot.Tests.BotClient;

namespace PmOpsBot.Tests.MultiInstance;

/// <summary>
/// Two real bot processes behind no load balancer at all: every conversation alternates between them turn by
/// turn, on one PostgreSQL database. Nothing may depend on which instance served the previous turn.
/// </summary>
public sealed class TwoInstancesOnPostgresTests : IAsyncLifetime
{
    private const int Conversations = 50;
    private const int Channels = 4;
    private ProviderDatabase _database = null!;
    private FakeConnector _connector = null!;
    private HostProcess[] _hosts = [];

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(StorageProvider.Postgres);
        _connector = await FakeConnector.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "Postgres",
            ["ConnectionStrings__Postgres"] = _database.ConnectionString,
            ["Digest__SchedulerEnabled"] = "true",
            ["Digest__TickSeconds"] = "1",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        _hosts = await Task.WhenAll(HostProcess.StartAsync(environment), HostProcess.StartAsync(environment));
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        await _connector.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Fifty_conversations_alternating_between_two_instances_keep_every_turn_and_each_channel_gets_one_digest()
    {
        var clients = _hosts.Select(h => h.CreateClient()).ToArray();

        // Subscribe a few channels to a digest due in a moment, each through a different instance.
        var dueAt = DigestTimeSoon(out var waitUntil);
        for (var c = 0; c < Channels; c++)
        {
            var reply = await ChannelMessageAsync(clients[c % 2], $"channel-{c}", $"digest daily at {dueAt} UTC");
            Assert.Contains("posts here", reply, StringComparison.Ordinal);
        }

        await Task.WhenAll(Enumerable.Range(0, Conversations).Select(i => InterviewAsync(clients, i)));

        // Every interview reached its decision, so every turn found the state the turn before it (on the other instance) left.
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM initiatives", connection))
            Assert.Equal((long)Conversations, await count.ExecuteScalarAsync());

        while (DateTimeOffset.UtcNow < waitUntil || _connector.Received.Count < Channels)
        {
            Assert.True(DateTimeOffset.UtcNow < waitUntil.AddSeconds(45), $"digests posted: {_connector.Received.Count}\n{_hosts[0].Output}\n{_hosts[1].Output}");
            await Task.Delay(500);
        }

        await Task.Delay(TimeSpan.FromSeconds(3)); // both schedulers tick a few more times: nothing more may come
        var posts = _connector.Received.GroupBy(r => r.ConversationId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(0, Channels).Select(c => $"channel-{c}").Order(), posts.Keys.Order());
        Assert.All(posts.Values, count => Assert.Equal(1, count));
    }

    private static async Task InterviewAsync(HttpClient[] clients, int i)
    {
        var turn = 0;
        async Task<string> SayAsync(string text) => TextOf(await new BotClient(clients[turn++ % 2], user: $"user-{i}", conversation: $"conv-{i}").SendAsync(text));

        await SayAsync("new initiative");
        Assert.Contains("describe", await SayAsync($"Initiative {i}"), StringComparison.OrdinalIgnoreCase);
        await SayAsync("Relocate the Leeds office to the new building by June");
        var replies = await SayAsync("yes");
        for (var q = 0; q < 14 && replies.Contains("Question", StringComparison.Ordinal); q++) replies = await SayAsync("a");
        Assert.Contains($"Initiative {i}", replies, StringComparison.Ordinal);
        Assert.Contains("project", replies, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string> ChannelMessageAsync(HttpClient client, string channel, string text)
    {
        var activity = new JObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "msteams",
            ["serviceUrl"] = _connector.ServiceUrl,
            ["deliveryMode"] = "expectReplies",
            ["conversation"] = new JObject { ["id"] = channel, ["tenantId"] = "tenant-1", ["conversationType"] = "channel", ["isGroup"] = true },
            ["from"] = new JObject { ["id"] = "lead", ["name"] = "Team Lead", ["aadObjectId"] = "lead" },
            ["recipient"] = new JObject { ["id"] = "28:pmopsbot", ["name"] = "PmOpsBot" },
            ["text"] = $"<at>PmOpsBot</at> {text}",
            ["entities"] = new JArray(new JObject
            {
                ["type"] = "mention",
                ["text"] = "<at>PmOpsBot</at>",
                ["mentioned"] = new JObject { ["id"] = "28:pmopsbot", ["name"] = "PmOpsBot" },
            }),
        };
        using var response = await client.PostAsync("/api/messages", Json(activity.ToString()));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return TextOf(JObject.Parse(body)["activities"]!.Values<JObject>().Select(a => a!));
    }

    /// <summary>The next whole minute at least 20 s away (time to subscribe), and when to stop waiting for the digests.</summary>
    private static string DigestTimeSoon(out DateTimeOffset waitUntil)
    {
        var now = DateTimeOffset.UtcNow;
        var due = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        if (due - now < TimeSpan.FromSeconds(20)) due = due.AddMinutes(1);
        waitUntil = due.AddSeconds(5);
        return due.ToString("HH:mm", CultureInfo.InvariantCulture);
    }
}
