using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Bot.Delivery;
using PmOpsBot.Bot.Hosting;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Digest;

namespace PmOpsBot.Bot.Digest;

/// <summary>
/// Posts a digest into its channel through the Bot Framework, proactively. 429 and 5xx are retried
/// with exponential backoff and jitter (honouring Retry-After); 403 and 404 mean the bot was removed
/// or blocked, so the subscription is reported gone rather than retried for ever.
/// </summary>
public sealed class BotDigestSender : IDigestSender
{
    private readonly ProactiveAdapters _adapters;
    private readonly BotIdentity _identity;
    private readonly ReplyRenderers _renderers;
    private readonly ILogger<BotDigestSender> _logger;
    private readonly ResiliencePipeline _retry;

    public BotDigestSender(ProactiveAdapters adapters, BotIdentity identity, ReplyRenderers renderers, IOptions<DigestDeliveryOptions> options, TimeProvider clock, ILogger<BotDigestSender> logger)
    {
        _adapters = adapters;
        _identity = identity;
        _renderers = renderers;
        _logger = logger;
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = clock };
        // Polly needs at least one retry; zero retries means no retry strategy at all.
        if (options.Value.MaxRetries > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<ErrorResponseException>(e => SendFailure.IsRetryable(e.Response?.StatusCode)).Handle<HttpRequestException>().Handle<TimeoutRejectedException>(),
                MaxRetryAttempts = options.Value.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.Value.RetryBaseDelay,
                DelayGenerator = args => ValueTask.FromResult(SendFailure.RetryAfter(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    _logger.LogWarning(args.Outcome.Exception, "Digest post failed (attempt {Attempt}); retrying in {Delay}", args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        // Inside the retries: a connector that does not answer costs one attempt, not the whole tick.
        if (options.Value.AttemptTimeout > TimeSpan.Zero) pipeline.AddTimeout(options.Value.AttemptTimeout);
        _retry = pipeline.Build();
    }

    public async Task<DigestSendResult> SendAsync(DigestSubscription subscription, DigestContent content, CancellationToken cancellationToken)
    {
        var reference = ChannelReference(subscription);
        if (reference is null) return new DigestSendResult.Gone("the stored channel address can't be read");
        var activity = _renderers.For(subscription.ChannelId).Render(new Reply.DigestCard(content));

        try
        {
            await _retry.ExecuteAsync(async ct =>
                await _adapters.For(reference).ContinueConversationAsync(_identity.MicrosoftAppId, reference, (turn, c) => turn.SendActivityAsync(activity, c), ct),
                cancellationToken);
            return DigestSendResult.Success;
        }
        catch (Exception e) when (SendFailure.Classify(e, cancellationToken) is var kind && kind != SendFailureKind.NotASendFailure)
        {
            if (kind == SendFailureKind.Gone)
            {
                _logger.LogWarning("Digest for {Conversation} refused ({Reason}): the bot is no longer in that conversation", subscription.ConversationId, SendFailure.Describe(e));
                return new DigestSendResult.Gone($"{SendFailure.Explain(e)}: the bot was removed or the channel is gone");
            }

            // What was worth retrying now has been (here, or by the channel's own client); a retryable failure waits for a later tick.
            _logger.LogError(e, "Digest for {Conversation} failed ({Reason})", subscription.ConversationId, SendFailure.Describe(e));
            return new DigestSendResult.Failed(kind == SendFailureKind.Retryable, SendFailure.Explain(e));
        }
    }

    /// <summary>A channel post is a new message in the channel, not a reply in the thread the subscription was made in (Teams "…;messageid=…", Slack "…;thread=…").</summary>
    private static ConversationReference? ChannelReference(DigestSubscription subscription)
    {
        try
        {
            var reference = JsonConvert.DeserializeObject<ConversationReference>(subscription.DeliveryAddress);
            if (reference?.Conversation?.Id is null || string.IsNullOrEmpty(reference.ServiceUrl)) return null;
            reference.Conversation.Id = reference.Conversation.Id.Split(';')[0];
            reference.ActivityId = null;
            return reference;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
