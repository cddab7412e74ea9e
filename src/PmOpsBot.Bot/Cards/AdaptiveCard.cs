using Newtonsoft.Json.Linq;

namespace PmOpsBot.Bot.Cards;

/// <summary>
/// Builds Adaptive Card JSON. Written by hand because the AdaptiveCards package is not available
/// here; only the handful of elements the bot uses, and always schema version 1.5 (the newest Teams renders).
/// </summary>
public static class AdaptiveCard
{
    public const string Version = "1.5";
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    public static JObject Card(IEnumerable<JObject?> body, params JObject?[] actions)
    {
        var card = new JObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["body"] = new JArray(body.OfType<JObject>()),
        };
        var realActions = actions.OfType<JObject>().ToArray();
        if (realActions.Length > 0) card["actions"] = new JArray(realActions);
        return card;
    }

    public static JObject Text(string text, string? size = null, string? weight = null, string? color = null, bool subtle = false, string? spacing = null)
    {
        var block = new JObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (size is not null) block["size"] = size;
        if (weight is not null) block["weight"] = weight;
        if (color is not null) block["color"] = color;
        if (subtle) block["isSubtle"] = true;
        if (spacing is not null) block["spacing"] = spacing;
        return block;
    }

    public static JObject Heading(string text) => Text(text, size: "Large", weight: "Bolder");

    public static JObject Facts(IEnumerable<(string Title, string Value)> facts) => new()
    {
        ["type"] = "FactSet",
        ["facts"] = new JArray(facts.Select(f => new JObject { ["title"] = f.Title, ["value"] = f.Value })),
    };

    public static JObject? Bullets(string? title, IEnumerable<string> lines, string? color = null)
    {
        var items = lines.ToList();
        if (items.Count == 0) return null;
        var blocks = new JArray();
        if (title is not null) blocks.Add(Text(title, weight: "Bolder", color: color, spacing: "Medium"));
        foreach (var line in items) blocks.Add(Text($"- {line}", spacing: "None"));
        return new JObject { ["type"] = "Container", ["items"] = blocks };
    }

    public static JObject Container(IEnumerable<JObject?> items, string? style = null)
    {
        var container = new JObject { ["type"] = "Container", ["items"] = new JArray(items.OfType<JObject>()) };
        if (style is not null) container["style"] = style;
        return container;
    }

    public static JObject ActionSet(IEnumerable<JObject> actions) => new() { ["type"] = "ActionSet", ["actions"] = new JArray(actions) };

    /// <summary>A button; the data comes back as the activity's value with the same fields.</summary>
    public static JObject Submit(string title, string action, string? choice = null, string? step = null, string? style = null, Guid? initiative = null)
    {
        var data = new JObject { ["action"] = action };
        if (choice is not null) data["choice"] = choice;
        if (step is not null) data["step"] = step;
        if (initiative is not null) data["initiative"] = initiative.Value.ToString("D");
        var submit = new JObject { ["type"] = "Action.Submit", ["title"] = title, ["data"] = data };
        if (style is not null) submit["style"] = style;
        return submit;
    }

    /// <summary>A button that opens a small form under the card.</summary>
    public static JObject ShowCard(string title, IEnumerable<JObject> body, JObject submit) => new()
    {
        ["type"] = "Action.ShowCard",
        ["title"] = title,
        ["card"] = new JObject { ["type"] = "AdaptiveCard", ["body"] = new JArray(body), ["actions"] = new JArray(submit) },
    };

    public static JObject DateInput(string id, string label, DateOnly? value)
    {
        var input = new JObject { ["type"] = "Input.Date", ["id"] = id, ["label"] = label };
        if (value is { } date) input["value"] = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return input;
    }

    public static JObject TextInput(string id, string label, string placeholder) => new()
    {
        ["type"] = "Input.Text", ["id"] = id, ["label"] = label, ["placeholder"] = placeholder, ["maxLength"] = 80,
    };

    /// <summary>
    /// Neutralises the markdown that TextBlocks render, so a name such as "[click](https://x)" or
    /// "**urgent**" shows as typed instead of becoming a link or formatting.
    /// </summary>
    public static string Escape(string? userText)
    {
        if (string.IsNullOrEmpty(userText)) return "";
        var builder = new System.Text.StringBuilder(userText.Length + 8);
        foreach (var c in userText)
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '(' or ')' or '`' or '#' or '<' or '>' or '~') builder.Append('\\');
            builder.Append(c);
        }

        return builder.ToString();
    }
}
