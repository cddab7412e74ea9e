using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace PmOpsBot.AzureOpenAI;

/// <summary>
/// Around every call: a circuit breaker (outer), so a failing service is left alone for a while, and a time-out
/// (inner), so a slow one counts as a failure. No retries: the rule-based path is a good answer already, and a
/// retry would only make the person wait.
/// </summary>
internal static class UnderstandingResilience
{
    public static ResiliencePipeline Create(AzureOpenAIOptions options, TimeProvider clock, ILogger logger)
    {
        var breaker = options.CircuitBreaker ?? new AzureOpenAICircuitBreakerOptions();
        return new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                // Every failure counts (HTTP errors, time-outs, unusable answers), except the caller giving up.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,
                OnOpened = args =>
                {
                    AzureOpenAILog.CircuitOpened(logger, args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    AzureOpenAILog.CircuitClosed(logger);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.Timeout })
            .Build();
    }
}
