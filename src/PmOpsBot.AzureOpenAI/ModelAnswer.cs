using System.Text;
using System.Text.Json;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Understanding;

namespace PmOpsBot.AzureOpenAI;

/// <summary>The model's answer could not be used: its wording never contains the user's text, so it is safe to log.</summary>
public sealed class UnusableAnswerException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>
/// Turns the model's answers into the core's types, trusting nothing: an answer that does not match the schema is
/// unusable, and an item naming anything outside the fixed lists, or quoting evidence the description does not
/// contain, is dropped.
/// </summary>
public static class ModelAnswer
{
    private static readonly Dictionary<string, Dimension> Dimensions =
        Enum.GetValues<Dimension>().ToDictionary(SentToModel.SnakeCase, StringComparer.Ordinal);

    private static readonly Dictionary<string, IntentKind> Intents =
        Enum.GetValues<IntentKind>().ToDictionary(SentToModel.SnakeCase, StringComparer.Ordinal);

    private static readonly Dictionary<string, Leaning> Leanings = new(StringComparer.Ordinal)
    {
        ["project"] = Leaning.Project,
        ["operations"] = Leaning.Operations,
        [SentToModel.BothLeaning] = Leaning.Neutral,
    };

    private static readonly char[] QuoteMarks = ['"', '\'', '“', '”', '‘', '’', '«', '»'];

    /// <summary>At most one signal per dimension, each with evidence found in <paramref name="description"/>; the first one wins.</summary>
    /// <exception cref="UnusableAnswerException">Not JSON, or not shaped like the schema.</exception>
    public static IReadOnlyList<DimensionSignal> Signals(string json, string description, out int dropped)
    {
        ArgumentNullException.ThrowIfNull(description);
        using var document = Parse(json);
        if (!document.RootElement.TryGetProperty("signals", out var items) || items.ValueKind != JsonValueKind.Array)
            throw new UnusableAnswerException("the answer has no \"signals\" array");

        var signals = new List<DimensionSignal>();
        dropped = 0;
        foreach (var item in items.EnumerateArray())
        {
            if (Signal(item, description) is { } signal && signals.TrueForAll(s => s.Dimension != signal.Dimension))
                signals.Add(signal);
            else
                dropped++;
        }

        return signals;
    }

    /// <summary>The command asked for, or null for "none" and for anything not on the list.</summary>
    /// <exception cref="UnusableAnswerException">Not JSON, or not shaped like the schema.</exception>
    public static UnderstoodIntent? Intent(string json)
    {
        using var document = Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("intent", out var intent) || intent.ValueKind != JsonValueKind.String)
            throw new UnusableAnswerException("the answer has no \"intent\" string");
        if (!Intents.TryGetValue(intent.GetString()!, out var kind)) return null; // "none", or a name off the list

        return new UnderstoodIntent(kind,
            Initiative: OptionalText(root, "initiative"),
            Time: OptionalText(root, "time"),
            Days: OptionalText(root, "days"),
            Period: OptionalText(root, "period"));
    }

    /// <summary>One line of plain text, without markdown, at most <see cref="SentToModel.RationaleMaxLength"/> characters; null when empty.</summary>
    public static string? Rationale(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        // Markdown: heading, quote and list markers at a line's start; emphasis and code marks anywhere.
        var lines = text.Split('\n').Select(l => l.Trim().TrimStart('#', '>', '-', '*', '+', ' ', '\t'));
        var plain = new StringBuilder(text.Length);
        foreach (var c in string.Join(' ', lines).Replace("__", "", StringComparison.Ordinal))
        {
            if (c is '*' or '`') continue;
            plain.Append(char.IsWhiteSpace(c) || char.IsControl(c) ? ' ' : c);
        }

        var words = plain.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var line = string.Join(' ', words).Trim(QuoteMarks).Trim();
        if (line.Length == 0) return null;
        if (line.Length <= SentToModel.RationaleMaxLength) return line;

        var cut = line[..(SentToModel.RationaleMaxLength - 1)];
        var lastSpace = cut.LastIndexOf(' ');
        if (lastSpace > SentToModel.RationaleMaxLength / 2) cut = cut[..lastSpace];
        return cut.TrimEnd(' ', ',', ';', ':', '-') + "…";
    }

    private static DimensionSignal? Signal(JsonElement item, string description)
    {
        if (item.ValueKind != JsonValueKind.Object) return null;
        if (Text(item, "dimension") is not { } dimensionName || !Dimensions.TryGetValue(dimensionName, out var dimension)) return null;
        if (Text(item, "leaning") is not { } leaningName || !Leanings.TryGetValue(leaningName, out var leaning)) return null;

        // The model may only point at what the person wrote, never put words in their mouth.
        var evidence = Text(item, "evidence")?.Trim().Trim(QuoteMarks).Trim();
        if (string.IsNullOrEmpty(evidence) || !description.Contains(evidence, StringComparison.OrdinalIgnoreCase)) return null;

        return new DimensionSignal(dimension, leaning, SignalSource.Text, evidence);
    }

    private static JsonDocument Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) throw new UnusableAnswerException("the answer is empty");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            // Only the position: JsonException's message may quote a character of the answer.
            throw new UnusableAnswerException($"the answer is not JSON (line {e.LineNumber}, byte {e.BytePositionInLine})", e);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new UnusableAnswerException("the answer is not a JSON object");
        }

        return document;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? OptionalText(JsonElement root, string property)
    {
        if (!root.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw new UnusableAnswerException($"\"{property}\" is neither a string nor null");
        var text = value.GetString()!.Trim();
        return text.Length == 0 ? null : text;
    }
}
