using System.Text.RegularExpressions;

namespace PmOpsBot.LoadTests;

/// <summary>
/// A CPU profile read from Linux perf: the text of <c>perf script -F comm,tid,ip,sym,dso</c> over a <c>perf record -g</c> of the
/// load test's process, run with <c>DOTNET_PerfMapEnabled=1</c> so JIT-compiled methods have names (benchmarks/perf-overhead.sh
/// records one per kind of turn). Unlike EventPipe's sampler (<see cref="CpuProfiler"/>), perf samples on the CPU clock wherever
/// a thread is running, in the kernel too, and never counts a thread that waits: it is not drawn to safe points, and what it
/// counts is CPU time. Samples are put in the same parts as <see cref="CpuProfiler"/>'s; those with no managed frame to tell
/// (libc does not keep frame pointers, so a system call's stack often ends there) are split by the system call they were in.
/// </summary>
public static partial class PerfScriptProfile
{
    private const string KernelCallerNotKnown = "kernel, caller not known (by way in: the table below)";

    /// <summary>Shares of one recorded window; the kernel time no part claimed, by system call; and all the kernel time.</summary>
    public sealed record Result(int Samples, IReadOnlyList<CpuShare> Parts, IReadOnlyList<CpuShare> KernelBySyscall, double KernelPercent);

    public static Result Analyze(string perfScriptPath)
    {
        var parts = new Dictionary<string, int>(StringComparer.Ordinal);
        var kernel = new Dictionary<string, int>(StringComparer.Ordinal);
        var samples = 0;
        var inKernel = 0;
        foreach (var (thread, frames) in ReadSamples(perfScriptPath))
        {
            samples++;
            var syscall = KernelEntry(frames);
            if (syscall is not null) inKernel++;
            var part = Classify(thread, frames, syscall);
            parts[part] = parts.GetValueOrDefault(part) + 1;

            // Split by way in only where no part claimed the sample, so that the two tables add up.
            if (part == KernelCallerNotKnown) kernel[syscall!] = kernel.GetValueOrDefault(syscall!) + 1;
        }

        return new Result(samples, CpuShare.Ranked(parts, samples), CpuShare.Ranked(kernel, samples), 100.0 * inKernel / Math.Max(1, samples));
    }

    private static string Classify(string thread, List<string> frames, string? syscall)
    {
        // The runtime's own threads: their work is the process's, whichever turn caused it.
        if (thread.Contains("GC", StringComparison.Ordinal)) return "GC threads";
        if (thread.Contains("Tiered Com", StringComparison.Ordinal)) return "JIT (tiered compilation thread)";

        var part = CpuProfiler.Classify(frames.ConvertAll(ManagedName));
        if (part != "other" && part != CpuProfiler.ThreadPoolPart) return part;
        if (frames.Exists(frame => frame.Contains("libclrjit", StringComparison.Ordinal))) return "JIT (on a worker thread)";
        if (syscall is not null) return KernelCallerNotKnown;
        return frames.Exists(frame => frame.Contains("libe_sqlite3", StringComparison.Ordinal)) ? "SQLite native code, caller not known"
            : part == CpuProfiler.ThreadPoolPart ? part
            : "runtime and libc, caller not known";
    }

    /// <summary>"instance void [Asm] Ns.Type+&lt;M&gt;d__1::MoveNext()[OptimizedTier1] (/tmp/perf-1.map)" as EventPipe names it: "Ns.Type+&lt;M&gt;d__1.MoveNext"; native frames as "module!symbol".</summary>
    private static string ManagedName(string frame)
    {
        var separator = frame.IndexOf("::", StringComparison.Ordinal);
        var assemblyEnd = separator < 0 ? -1 : frame.LastIndexOf("] ", separator, StringComparison.Ordinal);
        var argumentsStart = separator < 0 ? -1 : frame.IndexOf('(', separator);
        if (assemblyEnd >= 0 && argumentsStart > separator)
        {
            // The type after its assembly's "[Name] ", without generic arguments ("QueuedWrite`1+<RunAsync>d__8[System.__Canon]").
            var type = WithoutGenericArguments(frame[(assemblyEnd + 2)..separator]);
            return $"{type}.{frame[(separator + 2)..argumentsStart]}";
        }

        var native = NativeFrame().Match(frame);
        return native.Success ? $"{Path.GetFileName(native.Groups["module"].Value)}!{native.Groups["symbol"].Value}" : frame;
    }

    private static string WithoutGenericArguments(string type)
    {
        var name = new System.Text.StringBuilder(type.Length);
        var depth = 0;
        foreach (var c in type)
        {
            if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (depth == 0) name.Append(c);
        }

        return name.ToString();
    }

    /// <summary>The system call (or interrupt, or the scheduler) a kernel stack entered through; null when the sample is in user code.</summary>
    private static string? KernelEntry(List<string> frames)
    {
        if (!frames.Exists(frame => frame.EndsWith("([kernel.kallsyms])", StringComparison.Ordinal))) return null;
        foreach (var frame in frames)
        {
            var entry = KernelEntryFrame().Match(frame);
            if (entry.Success) return entry.Groups["name"].Value;
        }

        return "other kernel";
    }

    private static IEnumerable<(string Thread, List<string> Frames)> ReadSamples(string path)
    {
        string? thread = null;
        var frames = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                if (thread is not null) yield return (thread, frames);
                thread = null;
                frames = [];
            }
            else if (line[0] is ' ' or '\t')
            {
                // "    7f1e62b4a95e symbol (dso)": the address, then the rest.
                var text = line.TrimStart();
                var space = text.IndexOf(' ', StringComparison.Ordinal);
                frames.Add(space < 0 ? text : text[(space + 1)..]);
            }
            else
            {
                // "comm tid": the thread's name may have spaces (".NET TP Worker"); the id is last.
                var header = line.TrimEnd();
                var lastSpace = header.LastIndexOf(' ');
                thread = lastSpace < 0 ? header : header[..lastSpace].TrimEnd();
            }
        }

        if (thread is not null) yield return (thread, frames);
    }

    [GeneratedRegex(@"^(?<symbol>\S+) \((?<module>[^()]+)\)$")]
    private static partial Regex NativeFrame();

    [GeneratedRegex(@"^(?<name>__x64_sys_\w+|__schedule|asm_sysvec_\w+|asm_exc_\w+)\b")]
    private static partial Regex KernelEntryFrame();
}
