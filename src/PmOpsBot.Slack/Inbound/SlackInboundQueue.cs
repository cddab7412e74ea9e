using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PmOpsBot.Slack.Inbound;

/// <summary>
/// Slack wants an answer within 3 seconds, whatever the bot has to do: requests are acknowledged as
/// soon as they are verified and queued here, and worked off in the background. Requests are spread
/// over lanes by <see cref="SlackInbound.OrderKey"/>, so one person's messages stay in order while
/// other conversations go on in parallel. On shutdown, what was queued is still processed.
/// </summary>
public sealed class SlackInboundQueue : BackgroundService
{
    private readonly Channel<SlackInbound>[] _lanes;
    private readonly SlackTurnProcessor _processor;
    private readonly ILogger<SlackInboundQueue> _logger;

    public SlackInboundQueue(SlackTurnProcessor processor, IOptions<SlackOptions> options, ILogger<SlackInboundQueue> logger)
    {
        _processor = processor;
        _logger = logger;
        _lanes = Enumerable.Range(0, Math.Max(4, Environment.ProcessorCount * 2))
            .Select(_ => Channel.CreateBounded<SlackInbound>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueLaneCapacity)) { SingleReader = true }))
            .ToArray();
    }

    /// <summary>False when the lane is full (or shutting down): the caller answers 503 and Slack retries later.</summary>
    public bool TryEnqueue(SlackInbound inbound) =>
        _lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(inbound.OrderKey) % (uint)_lanes.Length)].Writer.TryWrite(inbound);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(_lanes.Select(RunLaneAsync));

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var lane in _lanes) lane.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    private async Task RunLaneAsync(Channel<SlackInbound> lane)
    {
        await Task.Yield();
        await foreach (var inbound in lane.Reader.ReadAllAsync())
        {
            try
            {
                await _processor.ProcessAsync(inbound, CancellationToken.None);
            }
            catch (Exception exception)
            {
                // One bad request must not stop the lane: everything after it still gets its turn.
                _logger.LogError(exception, "Slack {Kind} request could not be processed", inbound.Kind);
            }
        }
    }
}
