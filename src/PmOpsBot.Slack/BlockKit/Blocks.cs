using Newtonsoft.Json.Linq;
using static PmOpsBot.Slack.BlockKit.BlockKitLimits;

namespace PmOpsBot.Slack.BlockKit;

/// <summary>
/// Builds Block Kit JSON: only the blocks the bot uses, each cut to Slack's limits. Text passed as mrkdwn must
/// already be escaped (<see cref="Mrkdwn.Escape"/>); plain text is shown as typed, so it is not escaped.
/// Buttons get their action_id when the message is composed (<see cref="BlockKitMessage"/>), so ids are unique per message.
/// </summary>
public static class Blocks
{
    public static JObject Header(string text) => new() { ["type"] = "header", ["text"] = PlainText(text, HeaderText) };

    /// <summary>A section of mrkdwn; an empty one still has a visible character, since Slack refuses empty text.</summary>
    public static JObject Section(string mrkdwn, JObject? accessory = null)
    {
        var section = new JObject { ["type"] = "section", ["text"] = MrkdwnText(mrkdwn, SectionText) };
        if (accessory is not null) section["accessory"] = accessory;
        return section;
    }

    /// <summary>Two-column facts ("*Title*\nvalue"), as many sections as it takes at ten fields each.</summary>
    public static IEnumerable<JObject> Fields(IEnumerable<(string Title, string Value)> facts) =>
        facts.Select(f => MrkdwnText($"{Mrkdwn.Bold(Mrkdwn.Escape(f.Title))}\n{f.Value}", SectionFieldText))
            .Chunk(SectionFields)
            .Select(chunk => new JObject { ["type"] = "section", ["fields"] = new JArray(chunk) });

    /// <summary>
    /// Lines of mrkdwn packed into as few sections as fit, so a long list is split between lines, not cut.
    /// An optional bold title heads the first section.
    /// </summary>
    public static IEnumerable<JObject> Lines(string? title, IEnumerable<string> lines)
    {
        var current = title is null ? "" : Mrkdwn.Bold(Mrkdwn.Escape(title));
        var any = title is not null;
        foreach (var line in lines.Select(l => Fit(l, SectionText)))
        {
            any = true;
            if (current.Length > 0 && current.Length + 1 + line.Length > SectionText)
            {
                yield return Section(current);
                current = line;
            }
            else
            {
                current = current.Length == 0 ? line : $"{current}\n{line}";
            }
        }

        if (any) yield return Section(current);
    }

    /// <summary>A bulleted list under a bold title; nothing when there are no lines (like the Teams card).</summary>
    public static IEnumerable<JObject> Bullets(string title, IEnumerable<string> lines)
    {
        var items = lines.ToList();
        return items.Count == 0 ? [] : Lines(title, items.Select(l => $"• {l}"));
    }

    /// <summary>Small grey text: one element per piece, at most ten.</summary>
    public static JObject Context(params string[] mrkdwn) => new()
    {
        ["type"] = "context",
        ["elements"] = new JArray(mrkdwn.Take(ContextElements).Select(t => MrkdwnText(t, SectionText))),
    };

    public static JObject Divider() => new() { ["type"] = "divider" };

    /// <summary>Buttons in rows of at most 25; nothing when there are no buttons.</summary>
    public static IEnumerable<JObject> Actions(IEnumerable<JObject> buttons) =>
        buttons.Chunk(ActionsElements).Select(row => new JObject { ["type"] = "actions", ["elements"] = new JArray(row) });

    /// <summary>
    /// A button whose value is the compact JSON of <paramref name="value"/>: exactly what the Adaptive Card's
    /// Action.Submit carries, so one reader serves both channels.
    /// </summary>
    public static JObject Button(string text, ButtonValue value, ButtonStyle style = ButtonStyle.Default)
    {
        var button = new JObject
        {
            ["type"] = "button",
            ["text"] = PlainText(text, ButtonText),
            ["value"] = value.ToJson(),
        };
        if (style == ButtonStyle.Primary) button["style"] = "primary";
        if (style == ButtonStyle.Danger) button["style"] = "danger";
        return button;
    }

    /// <summary>
    /// A date box. Its block_id and action_id are the Adaptive Card input's id, because the interaction reader
    /// reads state.values by action_id into the same fields a Teams submit has.
    /// </summary>
    public static JObject DateInput(string id, string label, DateOnly? initial)
    {
        var picker = new JObject { ["type"] = "datepicker", ["action_id"] = id };
        if (initial is { } date) picker["initial_date"] = IsoDate(date);
        return Input(id, label, picker);
    }

    /// <summary>A one-line text box, at most <paramref name="maxLength"/> characters (the Teams card allows 80).</summary>
    public static JObject TextInput(string id, string label, string placeholder, int maxLength = 80) => Input(id, label, new JObject
    {
        ["type"] = "plain_text_input",
        ["action_id"] = id,
        ["placeholder"] = PlainText(placeholder, Placeholder),
        ["max_length"] = maxLength,
    });

    public static JObject PlainText(string text, int max) => new()
    {
        ["type"] = "plain_text",
        ["text"] = NonEmpty(Fit(text, max)),
        ["emoji"] = true,
    };

    /// <summary>
    /// verbatim: Slack then does not turn bare URLs, #channel names or "@here" into links or mentions on its own;
    /// explicit &lt;@U…&gt; mentions written by <see cref="Mrkdwn.Person"/> still work.
    /// </summary>
    public static JObject MrkdwnText(string text, int max) => new()
    {
        ["type"] = "mrkdwn",
        ["text"] = NonEmpty(Fit(text, max)),
        ["verbatim"] = true,
    };

    private static JObject Input(string id, string label, JObject element) => new()
    {
        ["type"] = "input",
        ["block_id"] = id,
        ["label"] = PlainText(label, InputLabel),
        ["element"] = element,
        ["optional"] = true,
    };

    private static string NonEmpty(string text) => string.IsNullOrWhiteSpace(text) ? "-" : text;
}

public enum ButtonStyle
{
    Default,

    /// <summary>Adaptive Cards' "positive".</summary>
    Primary,

    /// <summary>Adaptive Cards' "destructive".</summary>
    Danger,
}
