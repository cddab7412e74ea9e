namespace PmOpsBot.LoadTests;

/// <summary>
/// Startup to ready of the real bot process: from just before <c>dotnet pmopsbot.dll</c> is started to the first 200 from
/// GET /healthz (which queries the database). Each run starts the bot on a new SQLite file (the schema is created then),
/// stops it, and starts it again on the same file (the migrations find nothing to do).
/// </summary>
public static class StartupTest
{
    public static async Task<StartupResult> RunAsync(StartupOptions options, TextWriter progress)
    {
        var poll = TimeSpan.FromMilliseconds(options.PollMilliseconds);

        // Not counted: this program's own HTTP client is compiled on first use, and the files are read from disk once.
        await StartPairAsync(poll);

        var runs = new List<StartupRun>();
        for (var i = 0; i < options.Runs; i++)
        {
            var run = await StartPairAsync(poll) with { Run = i + 1 };
            runs.Add(run);
            progress.WriteLine($"  {run.Summary}");
        }

        return StartupResult.From(options, runs);
    }

    private static async Task<StartupRun> StartPairAsync(TimeSpan poll)
    {
        await using var database = await LoadDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var load = TurnsResult.LoadAverage();
        TimeSpan first;
        ProcessMemory firstMemory;
        await using (var bot = await BotProcess.StartAsync("startup", database.HostEnvironment, poll))
        {
            first = bot.TimeToHealthy;
            firstMemory = ProcessMemory.Read(bot.Id);
        }

        await using var restarted = await BotProcess.StartAsync("restart", database.HostEnvironment, poll);
        return new StartupRun(0, first.TotalMilliseconds, restarted.TimeToHealthy.TotalMilliseconds, firstMemory.RssMb, ProcessMemory.Read(restarted.Id).RssMb, load);
    }
}
