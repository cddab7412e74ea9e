namespace PmOpsBot.Slack.WebApi;

/// <summary>
/// Spaces posts to one channel at least <c>interval</c> apart (Slack allows about one message a second per channel),
/// in the order they arrived; posts to different channels never wait for each other. A post holds its channel's turn
/// until it is done, retries included, so a thread's replies cannot overtake each other. Channels idle for longer
/// than the interval are forgotten, so the state stays as small as the set of recently busy channels.
/// </summary>
internal sealed class ChannelPostPacer(TimeSpan interval, TimeProvider clock)
{
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    /// <summary>How many channels the pacer remembers right now (busy, or posted to within the last interval).</summary>
    internal int TrackedChannelCount
    {
        get
        {
            lock (_gate) return _lanes.Count;
        }
    }

    /// <summary>Waits until this post may go to <paramref name="channel"/>; dispose the turn when the post is done.</summary>
    public async Task<IDisposable> WaitForTurnAsync(string channel, CancellationToken ct)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Lane lane;
        Task previous;
        lock (_gate)
        {
            SweepIdleLanes();
            if (!_lanes.TryGetValue(channel, out lane!)) _lanes[channel] = lane = new Lane();
            lane.Holders++;
            previous = lane.Tail;
            lane.Tail = mine.Task;
        }

        try
        {
            await previous.WaitAsync(ct).ConfigureAwait(false);
            DateTimeOffset? lastPostEnded;
            lock (_gate) lastPostEnded = lane.LastPostEnded;
            var wait = lastPostEnded is { } ended ? ended + interval - clock.GetUtcNow() : TimeSpan.Zero;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Hand the turn on only once the post before us is done, so nobody behind us overtakes it.
            _ = previous.ContinueWith(_ => Release(lane, mine, posted: false), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }

        return new Turn(() => Release(lane, mine, posted: true));
    }

    private void Release(Lane lane, TaskCompletionSource mine, bool posted)
    {
        lock (_gate)
        {
            if (posted) lane.LastPostEnded = clock.GetUtcNow();
            lane.Holders--;
        }

        mine.TrySetResult();
    }

    /// <summary>Forgets idle channels, at most once per interval so the cost stays proportional to the traffic.</summary>
    private void SweepIdleLanes()
    {
        var now = clock.GetUtcNow();
        if (now - _lastSweep < interval) return;
        _lastSweep = now;
        foreach (var (channel, lane) in _lanes.ToList())
        {
            if (lane.Holders == 0 && (lane.LastPostEnded is null || lane.LastPostEnded + interval <= now)) _lanes.Remove(channel);
        }
    }

    private sealed class Lane
    {
        /// <summary>Completes when the last post queued for this channel is done.</summary>
        public Task Tail { get; set; } = Task.CompletedTask;

        /// <summary>Posts queued or in flight.</summary>
        public int Holders { get; set; }

        public DateTimeOffset? LastPostEnded { get; set; }
    }

    private sealed class Turn(Action release) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) release();
        }
    }
}
