using PmOpsBot.Storage;

namespace PmOpsBot.Cli;

/// <summary>
/// The <c>migrate</c> verb: brings the configured database (SQLite or PostgreSQL) up to date and says what ran.
/// The server does the same on start; this is for deploy pipelines that migrate once before rolling out instances.
/// </summary>
public static class MigrateVerb
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Logging.ClearProviders();
        try
        {
            builder.Services.AddPmOpsBotCore(builder.Configuration);
            using var host = builder.Build();
            var database = host.Services.GetRequiredService<StorageDatabase>();
            var applied = host.Services.MigrateDatabase();
            output.WriteLine(applied.Count == 0
                ? $"The {database.Provider} database is up to date."
                : $"Applied {applied.Count} migration(s) to the {database.Provider} database: {string.Join(", ", applied)}");
            return Task.FromResult(0);
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.Data.Common.DbException or ArgumentException)
        {
            // A wrong connection string or an unreachable server: say so plainly, no stack trace.
            error.WriteLine($"Migration failed: {exception.Message}{(exception.InnerException is { } inner ? $" ({inner.Message})" : "")}");
            return Task.FromResult(1);
        }
    }
}
