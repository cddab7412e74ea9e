using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Slack.BlockKit;

namespace PmOpsBot.Slack.Tests.BlockKit;

/// <summary>
/// The structural rules Slack applies to a message (it refuses the whole message when one breaks), plus the bot's own:
/// every button value is a submission <see cref="CardSubmission"/> accepts, and every input is named like the
/// Adaptive Card input it stands for. Returns the problems found; none means valid.
/// </summary>
public static partial class BlockKitRules
{
    /// <summary>Every input a button press may carry back, as the bot's card-submission rules name them.</summary>
    public static readonly IReadOnlySet<string> InputIds = new HashSet<string>(PmOpsBot.Bot.Cards.CardSubmission.InputFields, StringComparer.Ordinal);

    /// <summary>The keys each block may have: a typo or an unsupported property fails the check.</summary>
    private static readonly Dictionary<string, string[]> AllowedKeys = new(StringComparer.Ordinal)
    {
        ["header"] = ["type", "text", "block_id"],
        ["section"] = ["type", "text", "fields", "accessory", "block_id"],
        ["context"] = ["type", "elements", "block_id"],
        ["divider"] = ["type", "block_id"],
        ["actions"] = ["type", "elements", "block_id"],
        ["input"] = ["type", "label", "element", "optional", "block_id", "hint"],
    };

    public static void AssertValid(SlackMessage message, string name)
    {
        var problems = Check(message);
        Assert.True(problems.Count == 0, $"{name}:\n{string.Join("\n", problems)}");
    }

    /// <summary>The message and every message of its thread.</summary>
    public static IReadOnlyList<string> Check(SlackMessage message)
    {
        var problems = new List<string>();
        CheckOne(message, "message", problems);
        for (var i = 0; i < message.Thread.Count; i++)
        {
            CheckOne(message.Thread[i], $"thread[{i}]", problems);
            if (message.Thread[i].Thread.Count > 0) problems.Add($"thread[{i}]: a thread reply cannot have a thread of its own");
        }

        return problems;
    }

    private static void CheckOne(SlackMessage message, string where, List<string> problems)
    {
        void Problem(string text) => problems.Add($"{where}: {text}");

        if (string.IsNullOrWhiteSpace(message.Text)) Problem("fallback text is empty");
        if (message.Text.Length > BlockKitLimits.FallbackText) Problem($"fallback text has {message.Text.Length} characters");
        if (message.Blocks.Count == 0) Problem("no blocks");
        if (message.Blocks.Count > 50) Problem($"{message.Blocks.Count} blocks (at most 50)");

        var actionIds = new HashSet<string>(StringComparer.Ordinal);
        var blockIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < message.Blocks.Count; i++)
        {
            var at = $"{where} block {i}";
            if (message.Blocks[i] is not JObject block || block["type"]?.Type != JTokenType.String)
            {
                problems.Add($"{at}: not a block object with a type");
                continue;
            }

            CheckBlock(block, $"{at} ({block["type"]})", actionIds, problems);
            if (block["block_id"] is { } blockId && !blockIds.Add(blockId.ToString())) problems.Add($"{at}: block_id {blockId} is used twice");
        }
    }

    private static void CheckBlock(JObject block, string at, HashSet<string> actionIds, List<string> problems)
    {
        void Problem(string text) => problems.Add($"{at}: {text}");
        var type = block["type"]!.ToString();
        if (!AllowedKeys.TryGetValue(type, out var allowed))
        {
            Problem("unknown block type");
            return;
        }

        foreach (var key in block.Properties().Select(p => p.Name).Where(k => !allowed.Contains(k))) Problem($"unexpected property {key}");

        switch (type)
        {
            case "header":
                CheckText(block["text"], "text", 150, problems, at, plainOnly: true);
                break;
            case "section":
                if (block["text"] is null && block["fields"] is null) Problem("a section needs text or fields");
                if (block["text"] is not null) CheckText(block["text"], "text", 3000, problems, at);
                if (block["fields"] is { } fields)
                {
                    if (fields is not JArray { Count: > 0 and <= 10 } fieldList) Problem("fields must be 1 to 10 text objects");
                    else foreach (var field in fieldList) CheckText(field, "field", 2000, problems, at);
                }

                if (block["accessory"] is { } accessory) CheckButton(accessory, at + " accessory", actionIds, problems);
                break;
            case "context":
                if (block["elements"] is not JArray { Count: > 0 and <= 10 } contextElements) Problem("elements must be 1 to 10 text objects");
                else foreach (var element in contextElements) CheckText(element, "element", 3000, problems, at);
                break;
            case "actions":
                if (block["elements"] is not JArray { Count: > 0 and <= 25 } buttons) Problem("elements must be 1 to 25");
                else foreach (var button in buttons) CheckButton(button, at, actionIds, problems);
                break;
            case "input":
                CheckInput(block, at, actionIds, problems);
                break;
        }
    }

    private static void CheckButton(JToken? token, string at, HashSet<string> actionIds, List<string> problems)
    {
        void Problem(string text) => problems.Add($"{at}: {text}");
        if (token is not JObject button || (string?)button["type"] != "button")
        {
            Problem($"expected a button, found {token}");
            return;
        }

        foreach (var key in button.Properties().Select(p => p.Name).Where(k => k is not ("type" or "text" or "value" or "action_id" or "style"))) Problem($"button has unexpected property {key}");
        CheckText(button["text"], "button text", 75, problems, at, plainOnly: true);
        CheckActionId(button["action_id"], at, actionIds, problems);
        if (button["style"] is { } style && (string?)style is not ("primary" or "danger")) Problem($"button style {style}");

        var value = button["value"]?.Type == JTokenType.String ? (string)button["value"]! : null;
        if (value is null || value.Length is 0 or > 2000)
        {
            Problem("button value must be a string of 1 to 2000 characters");
            return;
        }

        JObject data;
        try
        {
            data = JObject.Parse(value);
        }
        catch (Newtonsoft.Json.JsonReaderException)
        {
            Problem($"button value is not a JSON object: {value}");
            return;
        }

        if (value != data.ToString(Newtonsoft.Json.Formatting.None)) Problem("button value is not compact JSON");
        if (!CardSubmission.TryRead(data, out _, out var refusal)) Problem($"CardSubmission refuses the button value {value}: {refusal}");
    }

    private static void CheckInput(JObject block, string at, HashSet<string> actionIds, List<string> problems)
    {
        void Problem(string text) => problems.Add($"{at}: {text}");
        CheckText(block["label"], "label", 2000, problems, at, plainOnly: true);
        if (block["optional"]?.Type != JTokenType.Boolean || !(bool)block["optional"]!) Problem("inputs on a message must be optional: every button sends them");
        if (block["element"] is not JObject element)
        {
            Problem("input without an element");
            return;
        }

        var id = (string?)element["action_id"];
        if (id is null || !InputIds.Contains(id)) Problem($"input action_id {id} is not one of the card's input ids");
        if ((string?)block["block_id"] != id) Problem($"block_id {block["block_id"]} differs from the element's action_id {id}");
        CheckActionId(element["action_id"], at, actionIds, problems);
        switch ((string?)element["type"])
        {
            case "datepicker":
                if (element["initial_date"] is { } date && !DateOnly.TryParseExact((string?)date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) Problem($"initial_date {date} is not YYYY-MM-DD");
                foreach (var key in element.Properties().Select(p => p.Name).Where(k => k is not ("type" or "action_id" or "initial_date" or "placeholder"))) Problem($"datepicker has unexpected property {key}");
                break;
            case "plain_text_input":
                if (element["placeholder"] is { } placeholder) CheckText(placeholder, "placeholder", 150, problems, at, plainOnly: true);
                if (element["max_length"] is { } max && (max.Type != JTokenType.Integer || (int)max is < 1 or > 3000)) Problem($"max_length {max}");
                foreach (var key in element.Properties().Select(p => p.Name).Where(k => k is not ("type" or "action_id" or "placeholder" or "max_length" or "initial_value"))) Problem($"text input has unexpected property {key}");
                break;
            default:
                Problem($"unknown input element {element["type"]}");
                break;
        }
    }

    private static void CheckActionId(JToken? token, string at, HashSet<string> actionIds, List<string> problems)
    {
        var id = token?.Type == JTokenType.String ? (string)token! : null;
        if (id is null || id.Length is 0 or > 255) problems.Add($"{at}: action_id must be 1 to 255 characters");
        else if (!actionIds.Add(id)) problems.Add($"{at}: action_id {id} is used twice in the message");
    }

    private static void CheckText(JToken? token, string what, int max, List<string> problems, string at, bool plainOnly = false)
    {
        if (token is not JObject text || text["text"]?.Type != JTokenType.String)
        {
            problems.Add($"{at}: {what} is not a text object");
            return;
        }

        var type = (string?)text["type"];
        if (type is not ("plain_text" or "mrkdwn") || (plainOnly && type != "plain_text")) problems.Add($"{at}: {what} has type {type}");
        var value = (string)text["text"]!;
        if (value.Trim().Length == 0) problems.Add($"{at}: {what} is empty");
        if (value.Length > max) problems.Add($"{at}: {what} has {value.Length} characters (at most {max})");
        if (type == "mrkdwn" && HalfEscape().IsMatch(value)) problems.Add($"{at}: {what} has a cut or bare escape: {value[^Math.Min(40, value.Length)..]}");
        foreach (var key in text.Properties().Select(p => p.Name).Where(k => k is not ("type" or "text" or "emoji" or "verbatim"))) problems.Add($"{at}: {what} has unexpected property {key}");
    }

    /// <summary>An '&amp;' that does not start &amp;amp; &amp;lt; or &amp;gt;: an escape cut in half or text nobody escaped.</summary>
    [GeneratedRegex("&(?!(amp|lt|gt);)")]
    private static partial Regex HalfEscape();
}
