using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace PmOpsBot.AzureOpenAI.Tests;

/// <summary>An OpenAI-compatible chat endpoint that records every request and answers from a script, in order.</summary>
internal sealed class FakeOpenAIServer : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public RecordedRequest LastRequest => Requests[^1];

    /// <summary>Completes when a request that hangs has arrived.</summary>
    public TaskCompletionSource Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A completion whose assistant message is <paramref name="content"/> (for structured output, a JSON string).</summary>
    public FakeOpenAIServer Answers(string content, string finishReason = "stop") =>
        Script(Completion(new Dictionary<string, object?> { ["role"] = "assistant", ["content"] = content }, finishReason));

    public FakeOpenAIServer AnswersJson(object answer) => Answers(JsonSerializer.Serialize(answer));

    public FakeOpenAIServer Refuses(string refusal) =>
        Script(Completion(new Dictionary<string, object?> { ["role"] = "assistant", ["content"] = null, ["refusal"] = refusal }, "stop"));

    public FakeOpenAIServer Fails(HttpStatusCode status, string body = """{"error":{"code":"failed","message":"failed"}}""")
    {
        _script.Enqueue((_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") }));
        return this;
    }

    /// <summary>Never answers; gives up only when the request is cancelled.</summary>
    public FakeOpenAIServer Hangs()
    {
        _script.Enqueue(async (_, token) =>
        {
            Hanging.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        _requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase), body));
        return _script.TryDequeue(out var respond)
            ? await respond(request, cancellationToken)
            : new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("""{"error":{"message":"unscripted"}}""") };
    }

    private FakeOpenAIServer Script(string json)
    {
        _script.Enqueue((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") }));
        return this;
    }

    private static string Completion(Dictionary<string, object?> message, string finishReason) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["id"] = "chatcmpl-1",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = "gpt-4o-mini",
        ["choices"] = new[] { new Dictionary<string, object?> { ["index"] = 0, ["message"] = message, ["finish_reason"] = finishReason } },
        ["usage"] = new Dictionary<string, object?> { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 },
    });
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>(role, text) of each message, whether the SDK sent the content as a string or as text parts.</summary>
    public IReadOnlyList<(string Role, string Text)> Messages =>
        Json.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, TextOf(m.GetProperty("content")))).ToList();

    private static string TextOf(JsonElement content) => content.ValueKind == JsonValueKind.String
        ? content.GetString()!
        : string.Concat(content.EnumerateArray().Select(part => part.GetProperty("text").GetString()));
}
