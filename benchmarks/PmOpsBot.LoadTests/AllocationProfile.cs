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

    public sealed record Result(long Bytes, int Ticks, IReadOnlyList<Share> ByType, IReadOnlyList<Share> ByCaller);

    /// <param name="callerPrefixes">A tick's caller is its stack's first frame starting with one of these (leaf first); "other" when none does.</param>
    public static Result Analyze(string nettracePath, IReadOnlyList<string> callerPrefixes)
    {
        var byType = new Dictionary<string, long>(StringComparer.Ordinal);
        var byCaller = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        var ticks = 0;
        var etlx = TraceLog.CreateFromEventPipeDataFile(nettracePath);
        using (var log = new TraceLog(etlx))
        {
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
        return new Result(total, ticks, Top(byType, total), Top(byCaller, total));
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
