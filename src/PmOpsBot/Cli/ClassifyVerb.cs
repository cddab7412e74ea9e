using System.Text.Json;
using System.Text.Json.Serialization;
using PmOpsBot.Core.Classification;

namespace PmOpsBot.Cli;

/// <summary>Reads descriptions and prints one JSON object per line: text, decision, confidence, signals.</summary>
public static class ClassifyVerb
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task<int> RunAsync(string? text, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        var classification = new TextClassification(new TextSignalExtractor(), new InitiativeClassifier());
        if (text is not null)
        {
            await output.WriteLineAsync(Line(classification, text));
            return 0;
        }

        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            await output.WriteLineAsync(Line(classification, line));
        }

        return 0;
    }

    public static string Line(TextClassification classification, string text)
    {
        var result = classification.Classify(text);
        var signals = result.AllSignals.Select(s => new
        {
            dimension = s.Dimension.ToString(),
            leaning = s.Leaning.ToString().ToLowerInvariant(),
            evidence = s.Evidence,
        });
        return JsonSerializer.Serialize(new { text, decision = result.DecisionName, confidence = result.Confidence, mixed = result.IsMixed, signals }, Json);
    }
}
