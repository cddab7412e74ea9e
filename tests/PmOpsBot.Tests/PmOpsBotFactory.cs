using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PmOpsBot.Tests;

/// <summary>The real host on a temporary SQLite file; pass the same file to two factories to simulate a restart.</summary>
/// <param name="settings">Further configuration (for example the Slack app's secrets and the fake Web API's address).</param>
public sealed class PmOpsBotFactory(string databasePath, string appId = "", IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), $"pmopsbot-test-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:ConnectionString", $"Data Source={databasePath}");
        builder.UseSetting("MicrosoftAppId", appId);
        builder.UseSetting("MicrosoftAppPassword", appId.Length > 0 ? "not-a-real-secret" : "");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
    }

    public static void DeleteDatabase(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }
}
