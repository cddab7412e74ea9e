namespace PmOpsBot.LoadTests;

public sealed record SlackAckOptions
{
    public int Requests { get; init; } = 5_000;

    /// <summary>Requests in flight at every moment of the run.</summary>
    public int Concurrency { get; init; } = 50;

    /// <summary>Sent the same way first and not counted: JIT, connection pool, SQLite and the bot's caches warm up.</summary>
    public int Warmup { get; init; } = 500;

    /// <summary>How long to wait after the run for the bot to answer everything it acknowledged.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>Send message edits, which the bot queues and then ignores: the acknowledgement without the bot's work beside it.</summary>
    public bool Edits { get; init; }

    public string? JsonFile { get; init; }

    /// <summary>Whole runs (a new host and database each), reported one by one and then as median and range.</summary>
    public int Runs { get; init; } = 1;

    /// <summary>When set: the measured burst runs under the sampling profiler, its trace kept here, and the summary adds where the CPU went.</summary>
    public string? ProfileFile { get; init; }
}
