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

    /// <summary>The provider named by <see cref="Provider"/>, or a message saying what is accepted.</summary>
    public StorageProvider ParseProvider() =>
        Enum.TryParse<StorageProvider>(Provider, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"Storage:Provider must be \"Sqlite\" or \"Postgres\", not \"{Provider}\".");
}
