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
/// Each request has a row in the shared database (<see cref="SlackInboundIntake"/>), removed once its turn is done, so a
/// request still queued here when the process dies is run again by <see cref="SlackInboundRecovery"/>.
/// </summary>
public sealed class SlackInboundQueue : BackgroundService
{
    private readonly Channel<SlackInbound>[] _lanes;
    private readonly int _laneCapacity;
    private readonly SlackTurnProcessor _processor;
    private readonly SlackInboundLeases _leases;
    private readonly ILogger<SlackInboundQueue> _logger;

    public SlackInboundQueue(SlackTurnProcessor processor, SlackInboundLeases leases, IOptions<SlackOptions> options, ILogger<SlackInboundQueue> logger)
    {
        _processor = processor;
        _leases = leases;
        _logger = logger;
        _laneCapacity = Math.Max(1, options.Value.QueueLaneCapacity);
        _lanes = Enumerable.Range(0, Math.Max(4, Environment.ProcessorCount * 2))
            .Select(_ => Channel.CreateBounded<SlackInbound>(new BoundedChannelOptions(_laneCapacity) { SingleReader = true }))
            .ToArray();
    }

    /// <summary>Whether the lane of <paramref name="orderKey"/> has room now (it may fill before the request is queued).</summary>
    public bool HasRoom(string orderKey) => LaneOf(orderKey).Reader.Count < _laneCapacity;

    /// <summary>False when the lane is full (or shutting down): the caller answers 503 and Slack retries later.</summary>
    public bool TryEnqueue(SlackInbound inbound) => LaneOf(inbound.OrderKey).Writer.TryWrite(inbound);

    private Channel<SlackInbound> LaneOf(string orderKey) => _lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(orderKey) % (uint)_lanes.Length)];

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
                // Not run again either: a turn that throws would throw again, and the person was told by the turn's error policy.
                _logger.LogError(exception, "Slack {Kind} request could not be processed", inbound.Kind);
            }

            if (inbound.RowId is { } rowId) await _leases.FinishAsync(rowId);
        }
    }
}
