namespace PmOpsBot.LoadTests;

/// <summary>
/// Collections, pause time, allocation (and thread pool size) around the measured run: the host, the bot's background work and
/// the load generator share one process, so a slow tail is often a GC pause or a thread pool that had to grow.
/// </summary>
public sealed record GcSnapshot(int Gen0, int Gen1, int Gen2, double PauseMs, double AllocatedMb, int ThreadPoolThreads)
{
    public static GcSnapshot Take() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
        GC.GetTotalPauseDuration().TotalMilliseconds, GC.GetTotalAllocatedBytes() / 1e6, ThreadPool.ThreadCount);

    /// <summary>Counts and pause time between two snapshots; the thread count is the later one's.</summary>
    public static GcSnapshot operator -(GcSnapshot after, GcSnapshot before) =>
        new(after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2, after.PauseMs - before.PauseMs, after.AllocatedMb - before.AllocatedMb, after.ThreadPoolThreads);
}
