namespace PmOpsBot.Storage.Sqlite;

/// <summary>Where the bot keeps its state and registry; bound from the "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>A Microsoft.Data.Sqlite connection string. A relative path is resolved against the working directory.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/pmopsbot.db";
}
