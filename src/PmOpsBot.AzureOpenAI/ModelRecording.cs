using System.Collections.Concurrent;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.AI.OpenAI;
using Microsoft.Extensions.Logging;

namespace PmOpsBot.AzureOpenAI;

/// <summary>
/// Recorded model answers, keyed by the user message they answered: <see cref="Replaying"/> answers from a file
/// with no network (so accuracy can be measured anywhere and repeatably), <see cref="Recording"/> calls the live
/// deployment and saves what it answered. The file is a JSON object: user message → the answer's content.
/// </summary>
public static class ModelRecording
{
    /// <summary>
    /// The real client code path, with every HTTP call answered from <paramref name="path"/>. A message with no recorded
    /// answer gets an empty one ("nothing found"), not an error, so a partial recording never opens the circuit breaker.
    /// </summary>
    public static AzureOpenAIUnderstanding Replaying(string path, TimeProvider clock, ILogger logger)
    {
        var answers = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [];
        var options = new AzureOpenAIOptions { Endpoint = "https://recorded.invalid/", Deployment = "recorded", ApiKey = "recorded" };
        return new AzureOpenAIUnderstanding(options, clock, logger, Transport(new ReplayHandler(answers)));
    }

    /// <summary>The live deployment, with every answer also written to <paramref name="path"/> when <see cref="RecordingHandler.SaveAsync"/> is called.</summary>
    public static (AzureOpenAIUnderstanding Understanding, RecordingHandler Recorder) Recording(AzureOpenAIOptions options, string path, TimeProvider clock, ILogger logger)
    {
        var recorder = new RecordingHandler(path) { InnerHandler = new HttpClientHandler() };
        return (new AzureOpenAIUnderstanding(options, clock, logger, Transport(recorder)), recorder);
    }

    private static AzureOpenAIClientOptions Transport(HttpMessageHandler handler) =>
        new() { Transport = new HttpClientPipelineTransport(new HttpClient(handler)) };

    /// <summary>The user message of a chat completion request (the text the answer is for).</summary>
    internal static string? UserMessageOf(string requestJson) =>
        JsonNode.Parse(requestJson)?["messages"]?.AsArray().LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"] switch
        {
            JsonValue value => value.GetValue<string>(),
            JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
            _ => null,
        };

    private static string Completion(string content) => new JsonObject
    {
        ["id"] = "recorded",
        ["object"] = "chat.completion",
        ["created"] = 0,
        ["model"] = "recorded",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 0, ["completion_tokens"] = 0, ["total_tokens"] = 0 },
    }.ToJsonString();

    /// <summary>An answer meaning "nothing to add" for signals and intents alike.</summary>
    private const string NothingFound = """{"signals":[],"intent":"none","initiative":null,"time":null,"days":null,"period":null}""";

    private sealed class ReplayHandler(IReadOnlyDictionary<string, string> answers) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            var content = UserMessageOf(body) is { } message && answers.TryGetValue(message, out var recorded) ? recorded : NothingFound;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Completion(content), Encoding.UTF8, "application/json") };
        }
    }

    /// <summary>Passes calls through and keeps each answer's content by the user message it answered.</summary>
    public sealed class RecordingHandler(string path) : DelegatingHandler
    {
        private readonly ConcurrentDictionary<string, string> _answers = new(StringComparer.Ordinal);

        public Task SaveAsync(CancellationToken cancellationToken) =>
            File.WriteAllTextAsync(path, JsonSerializer.Serialize(_answers.OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary(), new JsonSerializerOptions { WriteIndented = true }), cancellationToken);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode && UserMessageOf(body) is { } message)
            {
                var json = await response.Content.ReadAsStringAsync(cancellationToken);
                if (JsonNode.Parse(json)?["choices"]?[0]?["message"]?["content"]?.GetValue<string>() is { } content) _answers[message] = content;
            }

            return response;
        }
    }
}
