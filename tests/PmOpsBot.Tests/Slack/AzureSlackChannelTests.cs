using System.Text;
using Newtonsoft.Json.Linq;

namespace PmOpsBot.Tests.Slack;

/// <summary>Slack through Azure Bot Service's Slack channel: activities on /api/messages with channelId "slack".</summary>
public sealed class AzureSlackChannelTests : IDisposable
{
    private readonly string _database = PmOpsBotFactory.NewDatabasePath();

    public void Dispose() => PmOpsBotFactory.DeleteDatabase(_database);

    [Fact]
    public async Task Replies_are_block_kit_and_a_relayed_button_press_is_understood()
    {
        await using var app = new PmOpsBotFactory(_database, settings: new Dictionary<string, string> { ["Digest:SchedulerEnabled"] = "false" });
        var http = app.CreateClient();

        var help = Assert.Single(await SendAsync(http, "help", channelData: null));
        var blocks = help["channelData"]?["blocks"] as JArray;
        Assert.NotNull(blocks);
        Assert.Null(help["attachments"]?.FirstOrDefault(a => a["contentType"]?.ToString() == "application/vnd.microsoft.card.adaptive"));
        var start = blocks.Descendants().OfType<JObject>().First(e => e["type"]?.ToString() == "button" && e["value"]?.ToString().Contains("\"new\"", StringComparison.Ordinal) == true);

        // What Azure Bot Service forwards when the button is pressed: Slack's block_actions payload in channelData.
        var payload = new JObject
        {
            ["type"] = "block_actions",
            ["user"] = new JObject { ["id"] = "U0ANN" },
            ["container"] = new JObject { ["type"] = "message", ["message_ts"] = "1700000000.000001" },
            ["actions"] = new JArray(new JObject { ["type"] = "button", ["action_id"] = start["action_id"], ["value"] = start["value"] }),
        };
        var replies = await SendAsync(http, null, new JObject { ["Payload"] = payload });

        Assert.Contains("New initiative", string.Join(" ", replies.SelectMany(r => r.Descendants().OfType<JValue>()).Select(v => v.ToString())), StringComparison.Ordinal);
    }

    private static async Task<List<JObject>> SendAsync(HttpClient http, string? text, JObject? channelData)
    {
        var activity = new JObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "slack",
            ["serviceUrl"] = "https://slack.botframework.example.invalid/",
            ["deliveryMode"] = "expectReplies",
            ["conversation"] = new JObject { ["id"] = "B0BOT:T0ACME:D0ANN", ["conversationType"] = "personal" },
            ["from"] = new JObject { ["id"] = "U0ANN:T0ACME", ["name"] = "ann" },
            ["recipient"] = new JObject { ["id"] = "B0BOT:T0ACME", ["name"] = "pmopsbot" },
            ["text"] = text,
        };
        if (channelData is not null) activity["channelData"] = channelData;
        var response = await http.PostAsync("/api/messages", new StringContent(activity.ToString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JObject.Parse(body)["activities"]!.Values<JObject>().Select(a => a!).ToList();
    }
}
