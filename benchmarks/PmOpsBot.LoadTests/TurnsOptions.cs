namespace PmOpsBot.LoadTests;

public sealed record TurnsOptions
{
    public IReadOnlyList<DatabaseProvider> Providers { get; init; } = [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    /// <summary>Bot processes per run; each list entry is one run, in order.</summary>
    public IReadOnlyList<int> Instances { get; init; } = [1, 2];

    /// <summary>Whole interviews measured per run, each its own user and 1:1 conversation.</summary>
    public int Conversations { get; init; } = 200;

    /// <summary>Conversations in progress at every moment; each conversation's turns are sequential.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Interviews run the same way first and not counted: JIT, connection pools and the database warm up.</summary>
    public int Warmup { get; init; } = 4;

    public string? JsonFile { get; init; }
}
