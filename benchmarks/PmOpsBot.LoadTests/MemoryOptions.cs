namespace PmOpsBot.LoadTests;

public sealed record MemoryOptions
{
    /// <summary>Interview turns sent to the bot process in all; whole interviews, so the last segment may go a little past it.</summary>
    public int Turns { get; init; } = 100_000;

    /// <summary>About this many turns between two samples; the load stops while a sample is taken.</summary>
    public int SampleEvery { get; init; } = 5_000;

    /// <summary>Samples before this many turns are warm-up (JIT, pools, caches, the GC finding its budgets) and left out of the growth figures.</summary>
    public int WarmupTurns { get; init; } = 20_000;

    public int Concurrency { get; init; } = 16;

    /// <summary>How long the bot sits idle after it answered GET /healthz before the "after start" sample.</summary>
    public int IdleSeconds { get; init; } = 5;

    public string? JsonFile { get; init; }
}
