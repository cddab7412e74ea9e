namespace PmOpsBot.Storage;

/// <summary>Where the bot keeps its state and registry; bound from the "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>"Sqlite" (the embedded default: one file) or "Postgres" (one database shared by any number of instances).</summary>
    public string Provider { get; set; } = nameof(StorageProvider.Sqlite);

    /// <summary>
    /// The SQLite connection string (a relative path is resolved against the working directory); ConnectionStrings:Sqlite,
    /// when set, takes precedence. PostgreSQL's comes from ConnectionStrings:Postgres.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=data/pmopsbot.db";

    /// <summary>
    /// SQLite only: "Full" (the default) syncs every commit to disk; "Normal" syncs at checkpoints only, several times
    /// faster per write. Both survive the process being killed; with "Normal" a power cut or an operating-system crash
    /// can lose the last commits (never corrupt the file).
    /// </summary>
    public string SqliteSynchronous { get; set; } = "Full";

    /// <summary>True for "Normal" (any case); "Full" is false; anything else is refused with what is accepted.</summary>
    public bool ParseRelaxedSync() => SqliteSynchronous.Trim().ToUpperInvariant() switch
    {
        "FULL" => false,
        "NORMAL" => true,
        _ => throw new InvalidOperationException($"Storage:SqliteSynchronous must be \"Full\" or \"Normal\", not \"{SqliteSynchronous}\"."),
    };

    /// <summary>The provider named by <see cref="Provider"/>, or a message saying what is accepted.</summary>
    public StorageProvider ParseProvider() =>
        Enum.TryParse<StorageProvider>(Provider, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"Storage:Provider must be \"Sqlite\" or \"Postgres\", not \"{Provider}\".");
}
