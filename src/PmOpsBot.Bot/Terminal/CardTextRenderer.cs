using System.Text;
using Newtonsoft.Json.Linq;

namespace PmOpsBot.Bot.Terminal;

/// <summary>A button as the terminal shows it: a number to type, a title, and the data it submits.</summary>
public sealed record NumberedButton(int Number, string Title, JObject Data);

/// <summary>Renders an Adaptive Card as readable text, with its buttons as numbered choices.</summary>
public static class CardTextRenderer
{
    public static (string Text, IReadOnlyList<NumberedButton> Buttons) Render(JObject card)
    {
        var text = new StringBuilder();
        var buttons = new List<NumberedButton>();
        Walk(card["body"] as JArray, text, buttons);
        Collect(card["actions"] as JArray, buttons);
        foreach (var button in buttons) text.AppendLine($"  [{button.Number}] {button.Title}");
        return (text.ToString().TrimEnd(), buttons);
    }

    private static void Walk(JArray? elements, StringBuilder text, List<NumberedButton> buttons)
    {
        if (elements is null) return;
        foreach (var element in elements.OfType<JObject>())
        {
            switch (element["type"]?.ToString())
            {
                case "TextBlock":
                    var line = Unescape(element["text"]?.ToString() ?? "");
                    text.AppendLine(element["weight"]?.ToString() == "Bolder" && element["size"]?.ToString() == "Large" ? line.ToUpperInvariant() : line);
                    break;
                case "FactSet":
                    foreach (var fact in (element["facts"] as JArray ?? []).OfType<JObject>())
                        text.AppendLine($"  {fact["title"]}: {Unescape(fact["value"]?.ToString() ?? "")}");
                    break;
                case "Container":
                case "Column":
                    Walk(element["items"] as JArray, text, buttons);
                    break;
                case "ColumnSet":
                    foreach (var column in (element["columns"] as JArray ?? []).OfType<JObject>())
                        Walk(column["items"] as JArray, text, buttons);
                    break;
                case "ActionSet":
                    Collect(element["actions"] as JArray, buttons);
                    break;
            }
        }
    }

    private static void Collect(JArray? actions, List<NumberedButton> buttons)
    {
        foreach (var action in (actions ?? []).OfType<JObject>())
        {
            if (action["type"]?.ToString() == "Action.Submit" && action["data"] is JObject data)
                buttons.Add(new NumberedButton(buttons.Count + 1, action["title"]?.ToString() ?? "", data));
        }
    }

    /// <summary>Drops the backslashes the card renderer adds to keep user text from being read as markdown.</summary>
    private static string Unescape(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length) i++;
            builder.Append(text[i]);
        }

        return builder.ToString();
    }
}
