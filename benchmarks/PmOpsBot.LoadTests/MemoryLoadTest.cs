using System.Diagnostics;

namespace PmOpsBot.LoadTests;

/// <summary>
/// Memory of the real bot process (<c>dotnet pmopsbot.dll</c>, SQLite): resident set after start, the stored state of a
/// conversation at each stage of an interview, and whether resident set and managed heap grow over many interview turns.
/// Every conversation is a new user finishing a whole interview, so the database grows (one initiative, one state row
/// each); the process should not.
/// </summary>
public static class MemoryLoadTest
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    public static async Task<MemoryResult> RunAsync(MemoryOptions options, TextWriter progress)
    {
        await using var database = await LoadDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var bot = await BotProcess.StartAsync("memory", database.HostEnvironment);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = bot.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

        // Before anything touches the process: GET /healthz was its only request so far.
        var atReady = ProcessMemory.Read(bot.Id);
        await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds));
        var afterStart = await SampleAsync(bot.Id, $"idle {options.IdleSeconds} s after ready", 0, 0, null);
        progress.WriteLine($"memory: {afterStart.Summary}");

        var runId = Guid.NewGuid().ToString("N")[..8];
        var stages = await ChatStateSizes.ByStageAsync(http, database.ConnectionString, runId);

        var samples = new List<MemorySample>();
        var turns = 0;
        var errors = 0;
        var undecided = 0;
        string? firstError = null;
        var next = 0;
        var interviewsPerSegment = Math.Max(1, options.SampleEvery / 12);
        var soak = Stopwatch.StartNew();
        while (turns < options.Turns)
        {
            var segment = Stopwatch.StartNew();
            // The last segment only as long as the turns still missing (an interview is about 12 turns).
            var count = Math.Min(interviewsPerSegment, Math.Max(1, (int)Math.Ceiling((options.Turns - turns) / 12.0)));
            var interviews = new TurnsLoadTest.Interview[count];
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, ct) =>
            {
                var interview = new TurnsLoadTest.Interview([http], runId, next + i);
                await interview.RunAsync(ct);
                interviews[i] = interview;
            });
            next += count;
            var segmentTurns = interviews.Sum(i => i.Latencies.Count);
            turns += segmentTurns;
            errors += interviews.Count(i => i.Failure != TurnsLoadTest.TurnFailure.None) + interviews.Sum(i => i.ErrorReplies);
            undecided += interviews.Count(i => !i.Decided);
            firstError ??= interviews.Select(i => i.Error).FirstOrDefault(e => e is not null);

            var sample = await SampleAsync(bot.Id, "", turns, soak.Elapsed.TotalMinutes, segmentTurns / segment.Elapsed.TotalSeconds);
            samples.Add(sample);
            progress.WriteLine($"  {sample.Summary}");

            // A bot that answers nothing any more (it died, or every turn fails) has nothing more to say about memory.
            if (interviews.All(i => i.Failure != TurnsLoadTest.TurnFailure.None)) break;
        }

        // Every conversation's state row, warm-up included: the per-conversation figure over many conversations.
        var allStates = await ChatStateSizes.AllConversationsAsync(database.ConnectionString);
        return MemoryResult.From(options, atReady, afterStart, stages, allStates, samples, errors, undecided, firstError);
    }

    private static async Task<MemorySample> SampleAsync(int pid, string label, int turns, double minutes, double? turnsPerSecond)
    {
        var load = TurnsResult.LoadAverage();
        var beforeGc = ProcessMemory.Read(pid);
        var heap = await ManagedHeapProbe.CollectAsync(pid, ProbeTimeout);
        var afterGc = ProcessMemory.Read(pid);
        return new MemorySample(label, turns, minutes, turnsPerSecond, beforeGc, heap, afterGc, load);
    }
}
