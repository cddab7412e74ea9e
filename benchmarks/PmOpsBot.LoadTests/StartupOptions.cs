namespace PmOpsBot.LoadTests;

public sealed record StartupOptions
{
    /// <summary>Measured starts of each kind (a first start on a new database, a restart on the same one).</summary>
    public int Runs { get; init; } = 10;

    /// <summary>How often GET /healthz is tried while the process starts: the resolution of the measurement.</summary>
    public int PollMilliseconds { get; init; } = 5;

    public string? JsonFile { get; init; }
}
