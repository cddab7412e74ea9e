using Newtonsoft.Json.Linq;
using PmOpsBot.Slack.BlockKit;

namespace PmOpsBot.Slack.Tests.BlockKit;

/// <summary>Reads what a rendered message shows: its buttons, inputs and texts.</summary>
public static class MessageContent
{
    public static IEnumerable<SlackMessage> WithThread(SlackMessage message) => message.Thread.Prepend(message);

    public static IEnumerable<JObject> Buttons(SlackMessage message) =>
        message.Blocks.OfType<JObject>().SelectMany(b => (b["elements"] as JArray ?? []).OfType<JObject>().Append(b["accessory"] as JObject))
            .OfType<JObject>().Where(e => (string?)e["type"] == "button");

    public static JObject Value(JObject button) => JObject.Parse((string)button["value"]!);

    public static IEnumerable<string> InputIds(SlackMessage message) =>
        message.Blocks.OfType<JObject>().Where(b => (string?)b["type"] == "input").Select(b => (string)b["block_id"]!);

    /// <summary>Every mrkdwn string in the blocks, plus the fallback text (Slack parses that as mrkdwn too).</summary>
    public static IEnumerable<string> Mrkdwn(SlackMessage message) =>
        message.Blocks.SelectTokens("$..[?(@.type == 'mrkdwn')].text").Select(t => (string)t!).Append(message.Text);

    public static IEnumerable<string> PlainTexts(SlackMessage message) =>
        message.Blocks.SelectTokens("$..[?(@.type == 'plain_text')].text").Select(t => (string)t!);

    /// <summary>Everything a person can read in the message, mrkdwn and plain.</summary>
    public static string Readable(SlackMessage message) => string.Join("\n", Mrkdwn(message).Concat(PlainTexts(message)));
}
