using Microsoft.Extensions.Options;

namespace PmOpsBot.AzureOpenAI;

/// <summary>Checks the "AzureOpenAI" section at start-up, so a typo fails loudly instead of silently disabling the model.</summary>
public sealed class AzureOpenAIOptionsValidator : IValidateOptions<AzureOpenAIOptions>
{
    // The ranges Polly's own option validation enforces, stated here so the message names the config key.
    private static readonly TimeSpan MinimumWindow = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ShortestTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestTimeout = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, AzureOpenAIOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static IEnumerable<string> Problems(AzureOpenAIOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string s = AzureOpenAIOptions.Section;
        if (!string.IsNullOrWhiteSpace(options.Endpoint) &&
            (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp)))
        {
            yield return $"{s}:Endpoint must be an absolute https URL such as https://my-resource.openai.azure.com/.";
        }

        if (options.Timeout < ShortestTimeout || options.Timeout > LongestTimeout)
        {
            yield return $"{s}:Timeout must be between 00:00:00.010 and 00:05:00 (it was {options.Timeout}).";
        }

        var breaker = options.CircuitBreaker ?? new AzureOpenAICircuitBreakerOptions();
        if (breaker.FailureRatio is <= 0 or > 1)
        {
            yield return $"{s}:CircuitBreaker:FailureRatio must be above 0 and at most 1 (it was {breaker.FailureRatio}).";
        }

        if (breaker.MinimumThroughput < 2)
        {
            yield return $"{s}:CircuitBreaker:MinimumThroughput must be at least 2 (it was {breaker.MinimumThroughput}).";
        }

        if (breaker.SamplingDuration < MinimumWindow)
        {
            yield return $"{s}:CircuitBreaker:SamplingDuration must be at least 00:00:00.500 (it was {breaker.SamplingDuration}).";
        }

        if (breaker.BreakDuration < MinimumWindow)
        {
            yield return $"{s}:CircuitBreaker:BreakDuration must be at least 00:00:00.500 (it was {breaker.BreakDuration}).";
        }
    }
}
