using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace PmOpsBot.LoadTests;

/// <summary>
/// Where a recorded phase allocated: the runtime's allocation ticks (one about every 100 KB allocated, with the type
/// of the object that crossed the mark and its stack) in a trace <see cref="CpuProfiler.RecordAsync{T}"/> wrote,
/// weighted by the bytes each stands for. A sample, like the CPU profile: shares are good to a few percent.
/// </summary>
public static class AllocationProfile
{
    public sealed record Share(string Name, long Bytes, double Percent);

    public sealed record Result(long Bytes, int Ticks, IReadOnlyList<Share> ByType, IReadOnlyList<Share> ByCaller, Collections Gcs);

    /// <summary>The collections in the trace: how many of each generation, how long threads were stopped, what survived gen0.</summary>
    public sealed record Collections(int Gen0, int Gen1, int Gen2, double PausedMs, double MaxPauseMs, double SuspendingMs, long PromotedFromGen0Bytes);

    /// <param name="callerPrefixes">A tick's caller is its stack's first frame starting with one of these (leaf first); "other" when none does.</param>
    public static Result Analyze(string nettracePath, IReadOnlyList<string> callerPrefixes)
    {
        var byType = new Dictionary<string, long>(StringComparer.Ordinal);
        var byCaller = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        var ticks = 0;
        var generations = new int[3];
        double paused = 0, maxPause = 0;
        double? suspendedAt = null;
        double suspending = 0;
        long promoted = 0;
        var etlx = TraceLog.CreateFromEventPipeDataFile(nettracePath);
        using (var log = new TraceLog(etlx))
        {
            foreach (var gc in log.Events.Where(e => e.EventName is "GC/Start" or "GC/SuspendEEStart" or "GC/SuspendEEStop" or "GC/RestartEEStop" or "GC/HeapStats"))
            {
                switch (gc.EventName)
                {
                    case "GC/Start":
                        generations[Math.Min(2, Convert.ToInt32(gc.PayloadByName("Depth"), System.Globalization.CultureInfo.InvariantCulture))]++;
                        break;
                    // Only stops for a collection: the sampling profiler stops the runtime about once a millisecond too (SuspendOther).
                    case "GC/SuspendEEStart":
                        suspendedAt = gc.PayloadByName("Reason")?.ToString() is "SuspendForGC" or "SuspendForGCPrep" ? gc.TimeStampRelativeMSec : null;
                        break;
                    case "GC/SuspendEEStop" when suspendedAt is { } suspendStart:
                        suspending += gc.TimeStampRelativeMSec - suspendStart;
                        break;
                    case "GC/RestartEEStop" when suspendedAt is { } start:
                        paused += gc.TimeStampRelativeMSec - start;
                        maxPause = Math.Max(maxPause, gc.TimeStampRelativeMSec - start);
                        suspendedAt = null;
                        break;
                    case "GC/HeapStats":
                        promoted += Convert.ToInt64(gc.PayloadByName("TotalPromotedSize0"), System.Globalization.CultureInfo.InvariantCulture);
                        break;
                }
            }

            foreach (var tick in log.Events.Where(e => e.EventName == "GC/AllocationTick"))
            {
                var bytes = Convert.ToInt64(tick.PayloadByName("AllocationAmount64") ?? tick.PayloadByName("AllocationAmount"), System.Globalization.CultureInfo.InvariantCulture);
                var type = tick.PayloadByName("TypeName")?.ToString() ?? "?";
                var caller = Caller(tick, callerPrefixes);
                byType[type] = byType.GetValueOrDefault(type) + bytes;
                byCaller[caller] = byCaller.GetValueOrDefault(caller) + bytes;
                total += bytes;
                ticks++;
            }
        }

        File.Delete(etlx);
        return new Result(total, ticks, Top(byType, total), Top(byCaller, total),
            new Collections(generations[0], generations[1], generations[2], paused, maxPause, suspending, promoted));
    }

    private static List<Share> Top(Dictionary<string, long> bytes, long total) =>
        bytes.OrderByDescending(entry => entry.Value).Take(40)
            .Select(entry => new Share(entry.Key, entry.Value, 100.0 * entry.Value / Math.Max(1, total))).ToList();

    private static string Caller(TraceEvent tick, IReadOnlyList<string> prefixes)
    {
        for (var stack = tick.CallStack(); stack is not null; stack = stack.Caller)
        {
            var name = stack.CodeAddress.FullMethodName;
            if (!string.IsNullOrEmpty(name) && prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                return name.Length > 140 ? name[..140] : name;
            }
        }

        return "other";
    }
}
