using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Microsoft.Extensions.Time.Testing;

namespace PmOpsBot.AzureOpenAI.Tests;

/// <summary>An <see cref="AzureOpenAIUnderstanding"/> wired to a <see cref="FakeOpenAIServer"/>.</summary>
internal sealed class Understanding
{
    public const string Endpoint = "https://contoso.openai.azure.com/";
    public const string Deployment = "gpt-4o-mini-pmops";
    public const string ApiKey = "test-key-123";

    private Understanding(AzureOpenAIOptions options, TimeProvider clock)
    {
        Options = options;
        Sut = new AzureOpenAIUnderstanding(options, clock, Logger,
            new AzureOpenAIClientOptions { Transport = new HttpClientPipelineTransport(new HttpClient(Server)) });
    }

    public FakeOpenAIServer Server { get; } = new();

    public RecordingLogger Logger { get; } = new();

    public AzureOpenAIOptions Options { get; }

    public AzureOpenAIUnderstanding Sut { get; }

    public static AzureOpenAIOptions ConfiguredOptions() => new() { Endpoint = Endpoint, Deployment = Deployment, ApiKey = ApiKey };

    public static Understanding Create(AzureOpenAIOptions? options = null, TimeProvider? clock = null) =>
        new(options ?? ConfiguredOptions(), clock ?? new FakeTimeProvider(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero)));
}
