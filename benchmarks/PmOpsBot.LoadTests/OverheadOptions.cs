namespace PmOpsBot.LoadTests;

public sealed record OverheadOptions
{
    /// <summary>Each round runs one phase of every kind (echo through the endpoint, interview, echo through the adapter alone), in alternating order.</summary>
    public int Rounds { get; init; } = 5;

    /// <summary>Conversations per phase at <see cref="Concurrency"/>; an interview is about 12 turns, so 170 is about 2,000 turns.</summary>
    public int Conversations { get; init; } = 170;

    /// <summary>Conversations in progress at every moment of a concurrent phase.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Conversations per phase one at a time: the turn's own latency, without queueing behind 15 others.</summary>
    public int SequentialConversations { get; init; } = 20;

    /// <summary>Conversations of each kind run first and not counted: JIT (tiered compilation needs many calls), connection pools, SQLite and the bot's caches warm up.</summary>
    public int Warmup { get; init; } = 100;

    /// <summary>When set: after the measured phases, one more phase of interviews and one of echoes (not counted) are profiled, traces kept here.</summary>
    public string? ProfileDirectory { get; init; }

    public string? JsonFile { get; init; }
}
