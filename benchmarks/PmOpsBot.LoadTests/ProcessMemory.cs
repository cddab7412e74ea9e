using System.Globalization;

namespace PmOpsBot.LoadTests;

/// <summary>
/// A process's resident memory as Linux counts it (/proc/&lt;pid&gt;/status), in MB: VmRSS is the total, split into
/// anonymous pages (GC heap, native heaps such as SQLite's page caches, thread stacks), file pages (the mapped DLLs, shared
/// with the page cache) and shared memory (.NET maps its executable memory, JIT-compiled code and stubs, twice through
/// shared memory so no page is writable and executable at once).
/// </summary>
public sealed record ProcessMemory(double RssMb, double RssAnonMb, double RssFileMb, double RssShmemMb, int Threads)
{
    public static ProcessMemory Read(int pid)
    {
        var fields = File.ReadLines($"/proc/{pid}/status")
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim(), StringComparer.Ordinal);

        // "VmRSS:    123456 kB"
        double Mb(string name) => fields.TryGetValue(name, out var value)
            ? long.Parse(value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture) / 1024.0
            : 0;

        return new ProcessMemory(Mb("VmRSS"), Mb("RssAnon"), Mb("RssFile"), Mb("RssShmem"),
            fields.TryGetValue("Threads", out var threads) ? int.Parse(threads, CultureInfo.InvariantCulture) : 0);
    }
}
