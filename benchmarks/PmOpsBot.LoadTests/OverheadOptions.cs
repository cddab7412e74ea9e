namespace PmOpsBot.LoadTests;

public sealed record OverheadOptions
{
    /// <summary>Each round runs one phase of every kind (echo through the endpoint, interview, echo through the adapter alone), in alternating order.</summary>
    public int Rounds { get; init; } = 5;

    /// <summary>
    /// Conversations per phase at <see cref="Concurrency"/>; an interview is about 12 turns, so 2,000 is about 24,000 turns: about
    /// 10 s of interviews and 1.5 s of echoes here. With 170 (2,040 turns) an echo phase lasted 0.3 s and moved by a third between runs.
    /// </summary>
    public int Conversations { get; init; } = 2000;

    /// <summary>Conversations in progress at every moment of a concurrent phase.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Conversations per phase one at a time: the turn's own latency, without queueing behind 15 others.</summary>
    public int SequentialConversations { get; init; } = 20;

    /// <summary>
    /// Conversations of each kind run first and not counted: JIT (tiered compilation needs many calls), connection pools, SQLite and
    /// the bot's caches warm up. With 100, the measured phases still ran partly on unoptimised code: the echo made 6,000 turns/s
    /// instead of 15,000, and the JIT was a tenth of the process's CPU (perf).
    /// </summary>
    public int Warmup { get; init; } = 1000;

    /// <summary>When set: after the measured phases, one more phase of interviews and one of echoes (not counted) are profiled, traces kept here.</summary>
    public string? ProfileDirectory { get; init; }

    public string? JsonFile { get; init; }

    /// <summary>Settings for the host after the test's own ("--Storage:SqliteSynchronous=Normal"), so they win.</summary>
    public IReadOnlyList<string> HostSettings { get; init; } = [];
}
