using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI.Chat;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Understanding;

namespace PmOpsBot.AzureOpenAI;

/// <summary>
/// Language understanding from an Azure OpenAI chat deployment. Every call sends only what <see cref="SentToModel"/>
/// lists, asks for a strict JSON schema where an answer feeds a decision, checks the answer against the fixed lists,
/// and on any failure logs why and returns nothing, so the rule-based path carries on as if the model were not there.
/// </summary>
public sealed class AzureOpenAIUnderstanding : ILanguageUnderstanding
{
    private static readonly IReadOnlyList<DimensionSignal> NoSignals = [];
    private static readonly ChatResponseFormat TextFormat = ChatResponseFormat.CreateTextFormat();
    private static readonly ChatResponseFormat SignalsFormat =
        ChatResponseFormat.CreateJsonSchemaFormat("dimension_signals", BinaryData.FromString(SentToModel.SignalsSchema), jsonSchemaIsStrict: true);
    private static readonly ChatResponseFormat IntentFormat =
        ChatResponseFormat.CreateJsonSchemaFormat("bot_intent", BinaryData.FromString(SentToModel.IntentSchema), jsonSchemaIsStrict: true);

    private readonly ChatClient? _chat;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;

    public AzureOpenAIUnderstanding(IOptions<AzureOpenAIOptions> options, TimeProvider clock, ILogger<AzureOpenAIUnderstanding> logger)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)), clock, logger, clientOptions: null)
    {
    }

    /// <param name="clientOptions">The SDK's options, e.g. a test transport; its retries are always switched off.</param>
    internal AzureOpenAIUnderstanding(AzureOpenAIOptions options, TimeProvider clock, ILogger logger, AzureOpenAIClientOptions? clientOptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _pipeline = UnderstandingResilience.Create(options, clock, logger);
        if (!options.IsConfigured) return;

        clientOptions ??= new AzureOpenAIClientOptions();
        clientOptions.RetryPolicy = new ClientRetryPolicy(maxRetries: 0); // our pipeline decides; a failure is counted once
        var endpoint = new Uri(options.Endpoint!, UriKind.Absolute);
        var client = string.IsNullOrWhiteSpace(options.ApiKey)
            ? new AzureOpenAIClient(endpoint, ManagedIdentity(options), clientOptions)
            : new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.ApiKey), clientOptions);
        _chat = client.GetChatClient(options.Deployment);
        AzureOpenAILog.Enabled(logger, options.Deployment!, string.IsNullOrWhiteSpace(options.ApiKey) ? "managed identity" : "key", options.Timeout);
    }

    public bool IsEnabled => _chat is not null;

    public async Task<IReadOnlyList<DimensionSignal>> ReadSignalsAsync(string description, CancellationToken cancellationToken)
    {
        if (_chat is null || string.IsNullOrWhiteSpace(description)) return NoSignals;
        var signals = await CallAsync("signals", async token =>
        {
            var answer = await CompleteAsync(_chat, SentToModel.SignalsSystemPrompt, SentToModel.SignalsUserMessage(description),
                SignalsFormat, token).ConfigureAwait(false);
            var read = ModelAnswer.Signals(answer, description, out var dropped);
            AzureOpenAILog.SignalsRead(_logger, read.Count, dropped);
            return read;
        }, cancellationToken).ConfigureAwait(false);
        return signals ?? NoSignals;
    }

    public Task<UnderstoodIntent?> ReadIntentAsync(string text, CancellationToken cancellationToken)
    {
        if (_chat is null || string.IsNullOrWhiteSpace(text)) return Task.FromResult<UnderstoodIntent?>(null);
        return CallAsync("intent", async token =>
        {
            var answer = await CompleteAsync(_chat, SentToModel.IntentSystemPrompt, SentToModel.IntentUserMessage(text),
                IntentFormat, token).ConfigureAwait(false);
            return ModelAnswer.Intent(answer);
        }, cancellationToken);
    }

    public Task<string?> ExplainAsync(DecisionEvidence evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (_chat is null) return Task.FromResult<string?>(null);
        return CallAsync("rationale", async token =>
        {
            var answer = await CompleteAsync(_chat, SentToModel.RationaleSystemPrompt, SentToModel.RationaleUserMessage(evidence),
                TextFormat, token).ConfigureAwait(false);
            return ModelAnswer.Rationale(answer);
        }, cancellationToken);
    }

    /// <summary>One call through the pipeline; every failure becomes a warning and a null, except the caller's own cancellation.</summary>
    private async Task<T?> CallAsync<T>(string call, Func<CancellationToken, Task<T?>> send, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (state, token) => await state(token).ConfigureAwait(false), send, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (BrokenCircuitException)
        {
            AzureOpenAILog.Skipped(_logger, call);
            return null;
        }
        catch (Exception e)
        {
            AzureOpenAILog.CallFailed(_logger, call, Reason(e));
            AzureOpenAILog.CallFailedDetail(_logger, e, call);
            return null;
        }
    }

    private static async Task<string> CompleteAsync(ChatClient chat, string systemPrompt, string userMessage, ChatResponseFormat format, CancellationToken token)
    {
        var isJson = !ReferenceEquals(format, TextFormat);
        ChatMessage[] messages = [new SystemChatMessage(systemPrompt), new UserChatMessage(userMessage)];
        var options = new ChatCompletionOptions { ResponseFormat = format };
        ChatCompletion completion = await chat.CompleteChatAsync(messages, options, token).ConfigureAwait(false);

        if (!string.IsNullOrEmpty(completion.Refusal)) throw new UnusableAnswerException("the model refused");
        if (completion.FinishReason == ChatFinishReason.ContentFilter) throw new UnusableAnswerException("the content filter stopped the answer");
        // Cut-off JSON is unusable; a cut-off rationale is shortened anyway.
        if (completion.FinishReason == ChatFinishReason.Length && isJson) throw new UnusableAnswerException("the answer was cut off");
        return string.Concat(completion.Content.Where(part => part.Kind == ChatMessageContentPartKind.Text).Select(part => part.Text));
    }

    /// <summary>Why a call failed, in words that never include the user's text or the service's error body.</summary>
    private static string Reason(Exception e) => e switch
    {
        ClientResultException { Status: > 0 } http => $"HTTP {http.Status}",
        ClientResultException => "no response from the service",
        TimeoutRejectedException timeout => $"no answer within {timeout.Timeout}",
        UnusableAnswerException unusable => unusable.Message,
        AuthenticationFailedException => "sign-in to Azure failed",
        HttpRequestException => "the service could not be reached",
        _ => e.GetType().Name,
    };

    private static DefaultAzureCredential ManagedIdentity(AzureOpenAIOptions options) =>
        string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId });
}
