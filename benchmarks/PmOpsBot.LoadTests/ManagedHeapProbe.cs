using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace PmOpsBot.LoadTests;

/// <summary>The bot process's managed heap right after a full blocking collection, and what the GC has committed, in MB.</summary>
public sealed record HeapAfterGc(double HeapMb, double LiveMb, double CommittedMb);

/// <summary>
/// Asks another .NET process, over its diagnostics port (EventPipe), for a full blocking GC and reads the heap size that GC
/// reports: the runtime induces a gen2 collection when a session enables the GCHeapCollect keyword (what dotnet-gcdump
/// uses, without the heap walk). Nothing is added to the bot; it only has to be a .NET process this user may attach to.
/// </summary>
public static class ManagedHeapProbe
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const string CountersProvider = "System.Runtime";

    public static async Task<HeapAfterGc> CollectAsync(int pid, TimeSpan timeout)
    {
        var providers = new[]
        {
            new EventPipeProvider(RuntimeProvider, EventLevel.Informational, (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect)),
            // gc-committed, published once a second: what the GC holds from the OS, live objects or not.
            new EventPipeProvider(CountersProvider, EventLevel.Informational, 0, new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" }),
        };

        using var session = new DiagnosticsClient(pid).StartEventPipeSession(providers, requestRundown: false, circularBufferMB: 16);
        var heap = new TaskCompletionSource<(double HeapMb, double LiveMb)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var committed = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(() =>
        {
            using var source = new EventPipeEventSource(session.EventStream);
            var inducedFullGc = false;
            source.Clr.GCStart += e => inducedFullGc |= e.Depth == 2 && e.Reason is GCReason.Induced or GCReason.InducedNotForced or GCReason.InducedCompacting;
            source.Clr.GCHeapStats += e =>
            {
                // The stats that follow the induced collection's start are that collection's.
                if (inducedFullGc) heap.TrySetResult((e.TotalHeapSize / 1048576.0, e.TotalPromoted / 1048576.0));
            };
            source.Dynamic.All += e =>
            {
                // Only a value published after the collection counts.
                if (heap.Task.IsCompleted && e.EventName == "EventCounters" && CounterValue(e, "gc-committed") is { } mb) committed.TrySetResult(mb);
            };
            source.Process();
        });

        try
        {
            var (heapMb, liveMb) = await heap.Task.WaitAsync(timeout);
            var committedMb = await committed.Task.WaitAsync(timeout);
            return new HeapAfterGc(heapMb, liveMb, committedMb);
        }
        finally
        {
            session.Stop();
            await reading.WaitAsync(timeout);
        }
    }

    /// <summary>The counter's value when this EventCounters event carries the one named (gc-committed is published in MB).</summary>
    private static double? CounterValue(TraceEvent e, string name)
    {
        if (e.PayloadValue(0) is not IDictionary<string, object> payload || payload["Payload"] is not IDictionary<string, object> fields) return null;
        if (!Equals(fields["Name"], name)) return null;
        return fields.TryGetValue("Mean", out var mean) ? Convert.ToDouble(mean, System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
