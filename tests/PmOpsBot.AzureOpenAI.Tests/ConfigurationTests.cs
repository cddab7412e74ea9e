using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Understanding;

namespace PmOpsBot.AzureOpenAI.Tests;

public sealed class ConfigurationTests
{
    public static TheoryData<string?, string?, string?, bool> Incomplete() => new()
    {
        { null, Understanding.Deployment, Understanding.ApiKey, false },
        { Understanding.Endpoint, null, Understanding.ApiKey, false },
        { Understanding.Endpoint, Understanding.Deployment, null, false },
        { Understanding.Endpoint, " ", Understanding.ApiKey, false },
    };

    [Theory]
    [MemberData(nameof(Incomplete))]
    public async Task Is_disabled_and_silent_without_endpoint_deployment_and_sign_in(string? endpoint, string? deployment, string? apiKey, bool managedIdentity)
    {
        var understanding = Understanding.Create(new AzureOpenAIOptions { Endpoint = endpoint, Deployment = deployment, ApiKey = apiKey, UseManagedIdentity = managedIdentity });

        Assert.False(understanding.Sut.IsEnabled);
        Assert.Empty(await understanding.Sut.ReadSignalsAsync("an ongoing process", CancellationToken.None));
        Assert.Null(await understanding.Sut.ReadIntentAsync("who owns billing", CancellationToken.None));
        Assert.Null(await understanding.Sut.ExplainAsync(new DecisionEvidence("x", Decision.Operations, false, 0.8, []), CancellationToken.None));
        Assert.Empty(understanding.Server.Requests);
    }

    [Fact]
    public void Is_enabled_with_a_key_or_with_managed_identity()
    {
        Assert.True(Understanding.Create().Sut.IsEnabled);
        Assert.True(Understanding.Create(new AzureOpenAIOptions { Endpoint = Understanding.Endpoint, Deployment = Understanding.Deployment, UseManagedIdentity = true }).Sut.IsEnabled);
    }

    [Fact]
    public void Without_configuration_the_container_gives_no_language_understanding()
    {
        using var provider = Services(new Dictionary<string, string?>());

        var understanding = provider.GetRequiredService<ILanguageUnderstanding>();

        Assert.IsType<NoLanguageUnderstanding>(understanding);
        Assert.False(understanding.IsEnabled);
    }

    [Fact]
    public void With_configuration_the_container_gives_azure_openai_over_an_earlier_default()
    {
        using var provider = Services(new Dictionary<string, string?>
        {
            ["AzureOpenAI:Endpoint"] = Understanding.Endpoint,
            ["AzureOpenAI:Deployment"] = Understanding.Deployment,
            ["AzureOpenAI:ApiKey"] = Understanding.ApiKey,
            ["AzureOpenAI:Timeout"] = "00:00:02",
            ["AzureOpenAI:CircuitBreaker:BreakDuration"] = "00:01:00",
        });

        var understanding = provider.GetRequiredService<ILanguageUnderstanding>();

        Assert.IsType<AzureOpenAIUnderstanding>(understanding);
        Assert.True(understanding.IsEnabled);
        Assert.Same(understanding, provider.GetRequiredService<ILanguageUnderstanding>());
        var options = provider.GetRequiredService<IOptions<AzureOpenAIOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(2), options.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(1), options.CircuitBreaker.BreakDuration);
        Assert.Equal(0.5, options.CircuitBreaker.FailureRatio);
    }

    [Fact]
    public void Defaults_are_a_four_second_timeout_and_a_half_of_four_calls_in_thirty_seconds_breaker()
    {
        var options = new AzureOpenAIOptions();

        Assert.Equal(TimeSpan.FromSeconds(4), options.Timeout);
        Assert.Equal(0.5, options.CircuitBreaker.FailureRatio);
        Assert.Equal(4, options.CircuitBreaker.MinimumThroughput);
        Assert.Equal(TimeSpan.FromSeconds(30), options.CircuitBreaker.SamplingDuration);
        Assert.Equal(TimeSpan.FromSeconds(30), options.CircuitBreaker.BreakDuration);
    }

    [Fact]
    public void A_bad_section_fails_validation_with_the_key_named()
    {
        using var provider = Services(new Dictionary<string, string?>
        {
            ["AzureOpenAI:Endpoint"] = "contoso.openai.azure.com",
            ["AzureOpenAI:Deployment"] = Understanding.Deployment,
            ["AzureOpenAI:ApiKey"] = Understanding.ApiKey,
            ["AzureOpenAI:Timeout"] = "00:00:00",
            ["AzureOpenAI:CircuitBreaker:FailureRatio"] = "1.5",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AzureOpenAIOptions>>().Value);

        Assert.Contains(failure.Failures, f => f.StartsWith("AzureOpenAI:Endpoint", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("AzureOpenAI:Timeout", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("AzureOpenAI:CircuitBreaker:FailureRatio", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_configuration_is_valid()
    {
        Assert.Empty(AzureOpenAIOptionsValidator.Problems(Understanding.ConfiguredOptions()));
        Assert.Empty(AzureOpenAIOptionsValidator.Problems(new AzureOpenAIOptions()));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.TryAddSingleton<ILanguageUnderstanding, NoLanguageUnderstanding>(); // what the core registers by default
        services.AddAzureOpenAIUnderstanding(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
