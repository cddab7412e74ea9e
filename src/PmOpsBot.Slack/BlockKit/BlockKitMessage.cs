using Newtonsoft.Json.Linq;
using static PmOpsBot.Slack.BlockKit.BlockKitLimits;

namespace PmOpsBot.Slack.BlockKit;

/// <summary>
/// Turns a list of blocks into a <see cref="SlackMessage"/> that Slack accepts: never more than 50 blocks, a fallback
/// text within its limit, and every button numbered with an action_id unique in the message ("pmops-1", "pmops-2", …).
/// </summary>
public static class BlockKitMessage
{
    public const string ActionIdPrefix = "pmops-";

    public static SlackMessage Compose(string fallbackText, IEnumerable<JObject?> blocks, IReadOnlyList<SlackMessage>? thread = null)
    {
        var kept = blocks.OfType<JObject>().ToList();
        if (kept.Count > BlocksPerMessage)
        {
            // Renderers paginate what can grow; this only guards against a list nobody expected to be that long.
            kept = kept.Take(BlocksPerMessage - 1).ToList();
            kept.Add(Blocks.Context("There was more than fits in one Slack message."));
        }

        NumberButtons(kept);
        return new SlackMessage
        {
            Text = Fit(string.IsNullOrWhiteSpace(fallbackText) ? "PmOpsBot" : fallbackText, FallbackText),
            Blocks = new JArray(kept),
            Thread = thread ?? [],
        };
    }

    private static void NumberButtons(IEnumerable<JObject> blocks)
    {
        var next = 1;
        foreach (var button in blocks.SelectMany(ButtonsIn))
            button["action_id"] = ActionIdPrefix + next++;
    }

    private static IEnumerable<JObject> ButtonsIn(JObject block)
    {
        if (block["accessory"] is JObject { } accessory && (string?)accessory["type"] == "button") yield return accessory;
        if (block["elements"] is JArray elements)
            foreach (var element in elements.OfType<JObject>().Where(e => (string?)e["type"] == "button"))
                yield return element;
    }
}
