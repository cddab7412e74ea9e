using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace PmOpsBot.Slack.WebApi;

/// <summary>
/// How a failed Slack call is tried again: only when <see cref="SlackApiException.Retryable"/> says it may help;
/// after Slack's Retry-After when it gave one (capped, so one answer cannot park a send for long), otherwise with
/// exponential backoff and jitter so many senders do not retry in step.
/// </summary>
internal static class SlackRetryPipeline
{
    /// <summary>The longest Retry-After honoured; Slack's per-method windows are a minute at most.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    public static ResiliencePipeline Create(SlackOptions options, TimeProvider clock, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = clock };
        if (options.MaxRetries <= 0) return builder.Build(); // Polly's retry needs at least one attempt; no retry is an empty pipeline.

        var maxRetries = options.MaxRetries;
        return builder.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<SlackApiException>(e => e.Retryable),
            MaxRetryAttempts = maxRetries,
            Delay = options.RetryBaseDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            MaxDelay = MaxRetryAfter,
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Exception is SlackApiException { RetryAfter: { } retryAfter }
                    ? (TimeSpan?)(retryAfter < MaxRetryAfter ? retryAfter : MaxRetryAfter)
                    : null),
            OnRetry = args =>
            {
                if (args.Outcome.Exception is SlackApiException failure)
                {
                    SlackWebApiLog.RetryScheduled(logger, failure.Method, args.AttemptNumber + 1, maxRetries + 1, failure.Code, args.RetryDelay);
                }

                return ValueTask.CompletedTask;
            },
        }).Build();
    }
}
