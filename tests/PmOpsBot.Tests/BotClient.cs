using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;

namespace PmOpsBot.Tests;

/// <summary>Talks to /api/messages the way a channel does, with deliveryMode expectReplies so replies come back in the response.</summary>
public sealed class BotClient(HttpClient http, string user = "user-1", string conversation = "conv-1", string tenant = "tenant-1")
{
    public async Task<List<JObject>> SendAsync(string? text, JObject? value = null)
    {
        var activity = Message(text, "https://smba.example.invalid/");
        activity["deliveryMode"] = "expectReplies";
        if (value is not null) activity["value"] = value;
        using var content = new StringContent(activity.ToString(), Encoding.UTF8, "application/json");
        var response = await http.PostAsync("/api/messages", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JObject.Parse(body)["activities"]!.Values<JObject>().Select(a => a!).ToList();
    }

    /// <summary>A message posted the way Teams posts it when replies go through the connector at <paramref name="serviceUrl"/>; the HTTP status.</summary>
    public async Task<int> SendThroughConnectorAsync(string text, string serviceUrl)
    {
        using var content = new StringContent(Message(text, serviceUrl).ToString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/api/messages", content);
        return (int)response.StatusCode;
    }

    private JObject Message(string? text, string serviceUrl) => new()
    {
        ["type"] = "message",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl,
        ["conversation"] = new JObject { ["id"] = conversation, ["tenantId"] = tenant, ["conversationType"] = "personal" },
        ["from"] = new JObject { ["id"] = user, ["name"] = "Test User", ["aadObjectId"] = user },
        ["recipient"] = new JObject { ["id"] = "bot", ["name"] = "PmOpsBot" },
        ["text"] = text,
    };

    public static string TextOf(IEnumerable<JObject> activities) =>
        string.Join(" || ", activities.Select(a => (a["text"]?.ToString() ?? "") + " " +
            string.Join(" | ", a.Descendants().OfType<JValue>().Where(v => v.Type == JTokenType.String && v.Path.Contains("attachments", StringComparison.Ordinal)).Select(v => v.ToString()))));

    public static HttpContent Json(string text) => new StringContent(text, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
