using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PmOpsBot.AzureOpenAI;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Understanding;

namespace PmOpsBot.Cli;

/// <summary>How <c>classify</c> may use a language model: not at all, live, live while recording its answers, or replaying recorded ones.</summary>
public sealed record ClassifyModel(bool Live = false, string? ReplayFile = null, string? RecordFile = null)
{
    public static ClassifyModel None { get; } = new();

    public bool Used => Live || ReplayFile is not null || RecordFile is not null;
}

/// <summary>
/// Reads descriptions and prints one JSON object per line: text, decision, confidence, signals. With a model the
/// signals it reads fill the dimensions the rules found nothing on (<see cref="SignalMerge"/>), as in the interview,
/// except that nobody confirms them here.
/// </summary>
public static class ClassifyVerb
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task<int> RunAsync(string? text, TextReader input, TextWriter output, CancellationToken cancellationToken, ClassifyModel? model = null, TextWriter? error = null)
    {
        model ??= ClassifyModel.None;
        var extractor = new TextSignalExtractor();
        var classifier = new InitiativeClassifier();
        ILanguageUnderstanding understanding = new NoLanguageUnderstanding();
        ModelRecording.RecordingHandler? recorder = null;
        if (model.Used)
        {
            var built = BuildUnderstanding(model);
            if (built.Problem is { } problem)
            {
                (error ?? Console.Error).WriteLine(problem);
                return 2;
            }

            (understanding, recorder) = (built.Understanding!, built.Recorder);
        }

        var texts = text is not null ? One(text) : ReadLines(input, cancellationToken);
        await foreach (var line in texts.WithCancellation(cancellationToken))
        {
            var rules = extractor.Extract(line);
            var signals = understanding.IsEnabled ? SignalMerge.FillGaps(rules, await understanding.ReadSignalsAsync(line, cancellationToken), line) : rules;
            await output.WriteLineAsync(Line(line, classifier.Classify(signals)));
        }

        if (recorder is not null) await recorder.SaveAsync(cancellationToken);
        return 0;
    }

    private static string Line(string text, ClassificationResult result)
    {
        var signals = result.AllSignals.Select(s => new
        {
            dimension = s.Dimension.ToString(),
            leaning = s.Leaning.ToString().ToLowerInvariant(),
            evidence = s.Evidence,
        });
        return JsonSerializer.Serialize(new { text, decision = result.DecisionName, confidence = result.Confidence, mixed = result.IsMixed, signals }, Json);
    }

    private static (ILanguageUnderstanding? Understanding, ModelRecording.RecordingHandler? Recorder, string? Problem) BuildUnderstanding(ClassifyModel model)
    {
        var logger = NullLogger.Instance;
        if (model.ReplayFile is { } replay)
        {
            return File.Exists(replay)
                ? (ModelRecording.Replaying(replay, TimeProvider.System, logger), null, null)
                : (null, null, $"No recorded answers at “{replay}”.");
        }

        // The same settings as the server: appsettings.json, user secrets, environment (AzureOpenAI__ApiKey, …).
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Directory.GetCurrentDirectory() });
        var options = builder.Configuration.GetSection("AzureOpenAI").Get<AzureOpenAIOptions>() ?? new AzureOpenAIOptions();
        if (!options.IsConfigured)
            return (null, null, "Azure OpenAI is not configured: set AzureOpenAI:Endpoint, AzureOpenAI:Deployment and AzureOpenAI:ApiKey (or UseManagedIdentity), or use --replay FILE.");
        if (model.RecordFile is { } record)
        {
            var (understanding, recorder) = ModelRecording.Recording(options, record, TimeProvider.System, logger);
            return (understanding, recorder, null);
        }

        return (new AzureOpenAIUnderstanding(Options.Create(options), TimeProvider.System, NullLogger<AzureOpenAIUnderstanding>.Instance), null, null);
    }

    private static async IAsyncEnumerable<string> One(string text)
    {
        await Task.CompletedTask;
        yield return text;
    }

    private static async IAsyncEnumerable<string> ReadLines(TextReader input, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await input.ReadLineAsync(cancellationToken) is { } line)
            if (!string.IsNullOrWhiteSpace(line)) yield return line;
    }
}
