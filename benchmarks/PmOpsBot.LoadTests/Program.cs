using System.Globalization;
using PmOpsBot.LoadTests;

// dotnet run -c Release --project benchmarks/PmOpsBot.LoadTests -- slack-ack [--requests 5000] [--concurrency 50] [--warmup 500] [--edits] [--json <file>]
// dotnet run -c Release --project benchmarks/PmOpsBot.LoadTests -- turns [--provider sqlite|postgres|both] [--instances 1|2|both] [--conversations 200] [--concurrency 16] [--json <file>]
const string SlackAckUsage = "usage: slack-ack [--requests N] [--concurrency N] [--warmup N] [--drain-timeout SECONDS] [--edits] [--json FILE]";
// dotnet run -c Release --project benchmarks/PmOpsBot.LoadTests -- overhead [--rounds 5] [--conversations 170] [--concurrency 16] [--sequential 20] [--warmup 100] [--profile <dir>] [--json <file>]
const string TurnsUsage = "usage: turns [--provider sqlite|postgres|both] [--instances 1|2|both] [--conversations N] [--concurrency N] [--warmup N] [--json FILE]";
// dotnet run -c Release --project benchmarks/PmOpsBot.LoadTests -- memory [--turns 100000] [--sample-every 5000] [--warmup-turns 20000] [--concurrency 16] [--json <file>]
// dotnet run -c Release --project benchmarks/PmOpsBot.LoadTests -- startup [--runs 10] [--json <file>]
const string OverheadUsage = "usage: overhead [--rounds N] [--conversations N] [--concurrency N] [--sequential N] [--warmup N] [--host KEY=VALUE ...] [--profile DIR] [--json FILE]";
const string MemoryUsage = "usage: memory [--turns N] [--sample-every N] [--warmup-turns N] [--concurrency N] [--idle-seconds N] [--json FILE]";
const string StartupUsage = "usage: startup [--runs N] [--poll-ms N] [--json FILE]";
const string AllocationsUsage = "usage: allocations TRACE.nettrace [CALLER-PREFIX ...]";
const string PerfPartsUsage = "usage: perf-parts PERF-SCRIPT.txt [--turns N] (the text of perf script -F comm,tid,ip,sym,dso; N: turns in the recorded window, for CPU per turn at perf record -F 999)";
const string CpuUsage = "usage: cpu TRACE.nettrace [--frames PART-PREFIX [--depth N]]";

switch (args.FirstOrDefault())
{
    case "slack-ack":
        return await SlackAckAsync(args);
    case "turns":
        return await TurnsAsync(args);
    case "overhead":
        return await OverheadAsync(args);
    case "memory":
        return await MemoryAsync(args);
    case "startup":
        return await StartupAsync(args);
    case "allocations":
        return Allocations(args);
    case "cpu":
        return Cpu(args);
    case "perf-parts":
        return PerfParts(args);
    default:
        Console.Error.WriteLine(SlackAckUsage);
        Console.Error.WriteLine(TurnsUsage);
        Console.Error.WriteLine(OverheadUsage);
        Console.Error.WriteLine(MemoryUsage);
        Console.Error.WriteLine(StartupUsage);
        Console.Error.WriteLine(AllocationsUsage);
        Console.Error.WriteLine(CpuUsage);
        Console.Error.WriteLine(PerfPartsUsage);
        return 2;
}

// Reads a trace that overhead --profile or slack-ack --profile wrote again: where its samples fell.
static int Cpu(string[] args)
{
    if (args.Length < 2 || !File.Exists(args[1]))
    {
        Console.Error.WriteLine(CpuUsage);
        return 2;
    }

    var framesOf = args.Length > 3 && args[2] == "--frames" ? args[3] : null;
    var depth = 1;
    var usable = args.Length switch
    {
        2 => true,
        4 => framesOf is not null,
        6 => framesOf is not null && args[4] == "--depth" && int.TryParse(args[5], NumberStyles.None, CultureInfo.InvariantCulture, out depth) && depth > 0,
        _ => false,
    };
    if (!usable)
    {
        Console.Error.WriteLine(CpuUsage);
        return 2;
    }

    var profile = CpuProfiler.Analyze(Path.GetFileNameWithoutExtension(args[1]), args[1], framesOf: framesOf, framesDepth: depth);
    Console.Out.WriteLine($"| part | {profile.Phase} ({profile.Samples:N0} samples) |");
    Console.Out.WriteLine("|---|---|");
    foreach (var share in profile.Shares) Console.Out.WriteLine($"| {share.Part} | {share.Percent:F1} |");
    if (framesOf is null) return 0;

    // The leaf-most managed frames of the parts asked for, as a share of all the phase's samples.
    Console.Out.WriteLine();
    Console.Out.WriteLine($"| leaf-most managed frame in parts starting \"{framesOf}\" | % of all samples |");
    Console.Out.WriteLine("|---|---|");
    foreach (var frame in profile.Frames.Take(40)) Console.Out.WriteLine($"| {frame.Part} | {frame.Percent:F1} |");
    return 0;
}

// Reads what benchmarks/perf-overhead.sh recorded (Linux perf): where the CPU time went, kernel included.
static int PerfParts(string[] args)
{
    var turns = 0;
    var usable = args.Length switch
    {
        2 => true,
        4 => args[2] == "--turns" && int.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out turns) && turns > 0,
        _ => false,
    };
    if (!usable || !File.Exists(args[1]))
    {
        Console.Error.WriteLine(PerfPartsUsage);
        return 2;
    }

    // perf record -F 999: each sample stands for about a millisecond of one CPU.
    const double MicrosecondsPerSample = 1_000_000.0 / 999;
    string PerTurn(int samples) => turns > 0 ? (samples * MicrosecondsPerSample / turns).ToString("F1", CultureInfo.InvariantCulture) : "";
    var result = PerfScriptProfile.Analyze(args[1]);
    Console.Out.WriteLine($"| part ({result.Samples:N0} samples, {result.KernelPercent:F1} % of them in the kernel) | % of CPU | µs per turn |");
    Console.Out.WriteLine("|---|---|---|");
    foreach (var share in result.Parts) Console.Out.WriteLine($"| {share.Part} | {share.Percent:F1} | {PerTurn(share.Samples)} |");
    Console.Out.WriteLine($"| all | 100 | {PerTurn(result.Samples)} |");
    Console.Out.WriteLine();
    Console.Out.WriteLine("| kernel time of no known caller, by way in (system call, interrupt, scheduler) | % of CPU | µs per turn |");
    Console.Out.WriteLine("|---|---|---|");
    foreach (var share in result.KernelBySyscall) Console.Out.WriteLine($"| {share.Part} | {share.Percent:F1} | {PerTurn(share.Samples)} |");
    return 0;
}

// Reads a trace that overhead --profile or slack-ack --profile wrote: which types and which callers allocated.
static int Allocations(string[] args)
{
    if (args.Length < 2 || !File.Exists(args[1]))
    {
        Console.Error.WriteLine(AllocationsUsage);
        return 2;
    }

    var prefixes = args.Length > 2 ? args[2..] : ["PmOpsBot", "Microsoft.Bot", "Newtonsoft", "Dapper", "Microsoft.Data.Sqlite", "Microsoft.AspNetCore", "System.Net.Http"];
    var result = AllocationProfile.Analyze(args[1], prefixes);
    Console.Out.WriteLine($"{result.Bytes / 1024.0 / 1024.0:F0} MB in {result.Ticks} allocation ticks; callers are the first frame starting with: {string.Join(", ", prefixes)}");
    var gcs = result.Gcs;
    Console.Out.WriteLine($"collections: gen0 {gcs.Gen0}, gen1 {gcs.Gen1}, gen2 {gcs.Gen2}; threads stopped {gcs.PausedMs:F0} ms in all ({gcs.SuspendingMs:F0} ms of it bringing them to a stop), longest {gcs.MaxPauseMs:F1} ms; {gcs.PromotedFromGen0Bytes / 1024.0 / 1024.0:F1} MB survived gen0");
    Console.Out.WriteLine("| type | MB | % |");
    Console.Out.WriteLine("|---|---|---|");
    foreach (var share in result.ByType) Console.Out.WriteLine($"| {share.Name} | {share.Bytes / 1024.0 / 1024.0:F1} | {share.Percent:F1} |");
    Console.Out.WriteLine();
    Console.Out.WriteLine("| caller | MB | % |");
    Console.Out.WriteLine("|---|---|---|");
    foreach (var share in result.ByCaller) Console.Out.WriteLine($"| {share.Name} | {share.Bytes / 1024.0 / 1024.0:F1} | {share.Percent:F1} |");
    return 0;
}

static async Task<int> SlackAckAsync(string[] args)
{
    var options = new SlackAckOptions();
    for (var i = 1; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {SlackAckUsage}");
        int Count() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{args[i]} needs a whole number. {SlackAckUsage}");
        try
        {
            options = args[i] switch
            {
                "--requests" => options with { Requests = Count() },
                "--concurrency" => options with { Concurrency = Count() },
                "--warmup" => options with { Warmup = Count() },
                "--drain-timeout" => options with { DrainTimeout = TimeSpan.FromSeconds(Count()) },
                "--json" => options with { JsonFile = Value() },
                "--edits" => options with { Edits = true },
                "--profile" => options with { ProfileFile = Value() },
                "--runs" => options with { Runs = Count() },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {SlackAckUsage}"),
            };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    if (options.Requests < 1 || options.Concurrency < 1 || options.Runs < 1)
    {
        Console.Error.WriteLine("--requests, --concurrency and --runs must be at least 1.");
        return 2;
    }

    // Each run starts a new host on a new database; on a shared machine runs differ by more than the effects measured.
    var results = new List<SlackAckResult>();
    for (var run = 1; run <= options.Runs; run++)
    {
        var result = await SlackAckLoadTest.RunAsync(options);
        if (options.Runs > 1) Console.Out.WriteLine($"run {run} of {options.Runs}");
        result.Print(Console.Out);
        results.Add(result);
    }

    if (results.Count > 1) SlackAckResult.PrintSpread(results, Console.Out);
    if (options.JsonFile is not null) await SlackAckResult.WriteJsonAsync(results, options.JsonFile);
    return results.All(r => r.Failed == 0) ? 0 : 1;
}

static async Task<int> TurnsAsync(string[] args)
{
    var options = new TurnsOptions();
    for (var i = 1; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {TurnsUsage}");
        int Count() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{args[i]} needs a whole number. {TurnsUsage}");
        try
        {
            options = args[i] switch
            {
                "--provider" => options with
                {
                    Providers = Value() switch
                    {
                        "sqlite" => [DatabaseProvider.Sqlite],
                        "postgres" => [DatabaseProvider.Postgres],
                        "both" => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres],
                        var other => throw new ArgumentException($"--provider is sqlite, postgres or both, not {other}. {TurnsUsage}"),
                    },
                },
                "--instances" => options with
                {
                    Instances = Value() switch
                    {
                        "1" => [1],
                        "2" => [2],
                        "both" => [1, 2],
                        var other => throw new ArgumentException($"--instances is 1, 2 or both, not {other}. {TurnsUsage}"),
                    },
                },
                "--conversations" => options with { Conversations = Count() },
                "--concurrency" => options with { Concurrency = Count() },
                "--warmup" => options with { Warmup = Count() },
                "--json" => options with { JsonFile = Value() },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {TurnsUsage}"),
            };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    if (options.Conversations < 1 || options.Concurrency < 1)
    {
        Console.Error.WriteLine("--conversations and --concurrency must be at least 1.");
        return 2;
    }

    // Progress and the bots' logs go to stderr; stdout holds only the table.
    var results = await TurnsLoadTest.RunAsync(options, Console.Error);
    TurnsResult.PrintTable(results, Console.Out);
    if (options.JsonFile is not null) await TurnsResult.WriteJsonAsync(results, options.JsonFile);
    return results.All(r => r.Clean) ? 0 : 1;
}

static async Task<int> OverheadAsync(string[] args)
{
    var options = new OverheadOptions();
    for (var i = 1; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {OverheadUsage}");
        int Count() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{args[i]} needs a whole number. {OverheadUsage}");
        try
        {
            options = args[i] switch
            {
                "--rounds" => options with { Rounds = Count() },
                "--conversations" => options with { Conversations = Count() },
                "--concurrency" => options with { Concurrency = Count() },
                "--sequential" => options with { SequentialConversations = Count() },
                "--profile" => options with { ProfileDirectory = Value() },
                "--warmup" => options with { Warmup = Count() },
                "--json" => options with { JsonFile = Value() },
                "--host" => options with { HostSettings = [.. options.HostSettings, HostSetting(Value())] },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {OverheadUsage}"),
            };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    if (options.Rounds < 1 || options.Conversations < 1 || options.Concurrency < 1 || options.SequentialConversations < 1 || options.Warmup < 1)
    {
        Console.Error.WriteLine("--rounds, --conversations, --concurrency, --sequential and --warmup must be at least 1.");
        return 2;
    }

    // Progress and the host's warnings go to stderr; stdout holds only the tables.
    var result = await OverheadLoadTest.RunAsync(options, Console.Error);
    result.Print(Console.Out);
    if (options.JsonFile is not null) await result.WriteJsonAsync(options.JsonFile);
    return result.Clean ? 0 : 1;
}

static async Task<int> MemoryAsync(string[] args)
{
    var options = new MemoryOptions();
    for (var i = 1; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {MemoryUsage}");
        int Count() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{args[i]} needs a whole number. {MemoryUsage}");
        try
        {
            options = args[i] switch
            {
                "--turns" => options with { Turns = Count() },
                "--sample-every" => options with { SampleEvery = Count() },
                "--warmup-turns" => options with { WarmupTurns = Count() },
                "--concurrency" => options with { Concurrency = Count() },
                "--idle-seconds" => options with { IdleSeconds = Count() },
                "--json" => options with { JsonFile = Value() },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {MemoryUsage}"),
            };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    if (options.Turns < 1 || options.SampleEvery < 12 || options.Concurrency < 1)
    {
        Console.Error.WriteLine("--turns and --concurrency must be at least 1, --sample-every at least 12 (one interview).");
        return 2;
    }

    var result = await MemoryLoadTest.RunAsync(options, Console.Error);
    result.Print(Console.Out);
    if (options.JsonFile is not null) await result.WriteJsonAsync(options.JsonFile);
    return result.Clean ? 0 : 1;
}

static async Task<int> StartupAsync(string[] args)
{
    var options = new StartupOptions();
    for (var i = 1; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {StartupUsage}");
        int Count() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{args[i]} needs a whole number. {StartupUsage}");
        try
        {
            options = args[i] switch
            {
                "--runs" => options with { Runs = Count() },
                "--poll-ms" => options with { PollMilliseconds = Count() },
                "--json" => options with { JsonFile = Value() },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {StartupUsage}"),
            };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    if (options.Runs < 1 || options.PollMilliseconds < 1)
    {
        Console.Error.WriteLine("--runs and --poll-ms must be at least 1.");
        return 2;
    }

    var result = await StartupTest.RunAsync(options, Console.Error);
    result.Print(Console.Out);
    if (options.JsonFile is not null) await result.WriteJsonAsync(options.JsonFile);
    return 0;
}

// "Storage:SqliteSynchronous=Normal": a host setting, as the host's own command line takes it.
static string HostSetting(string setting) =>
    setting.IndexOf('=', StringComparison.Ordinal) > 0 ? $"--{setting}" : throw new ArgumentException($"--host needs KEY=VALUE, not \"{setting}\". {OverheadUsage}");
