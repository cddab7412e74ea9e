using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace PmOpsBot.LoadTests;

/// <summary>What a phase sends: whole interviews to the real bot, or the same messages to an echo bot on one of three routes.</summary>
public enum TurnKind
{
    Interview,
    EchoSameEndpoint,
    EchoAdapterOnly,
    EchoWithState,
}

/// <summary>
/// Per-turn overhead of the bot: the real host (BotWebHost.Build, SQLite state) in this process, with an echo bot mapped
/// beside it (<see cref="EchoRoutes"/>), so interview turns and echo turns go through the same Kestrel, the same
/// CloudAdapter and the same pipeline in the same run. Phases of one kind at a time alternate with phases of the others,
/// so a change in the machine's load during the run touches every kind alike.
/// </summary>
public static class OverheadLoadTest
{
    public static async Task<OverheadResult> RunAsync(OverheadOptions options, TextWriter progress)
    {
        var database = Path.Combine(Path.GetTempPath(), $"pmopsbot-overhead-{Guid.NewGuid():N}.db");
        var app = BotWebHost.Build(
        [
            "--urls=http://127.0.0.1:0",
            "--Storage:Provider=Sqlite",
            $"--Storage:ConnectionString=Data Source={database}",
            "--MicrosoftAppId=",
            "--Digest:SchedulerEnabled=false",
            // As the turns test configures its bot processes: a log line per turn would be a cost of its own.
            "--Logging:LogLevel:Default=Warning",
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
            .. options.HostSettings,
        ]);
        app.MapEchoBot();
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = new Uri(address),
                Timeout = TimeSpan.FromSeconds(60),
            };

            var runId = Guid.NewGuid().ToString("N")[..8];
            var next = 0;
            progress.WriteLine("overhead: warm-up ...");
            var warmup = await RunPhaseAsync(http, TurnKind.Interview, runId, next, options.Warmup, options.Concurrency, turnsPerConversation: 0);
            next += options.Warmup;

            // Echo conversations send as many messages as an interview took, so both kinds carry the same requests.
            var turnsPerConversation = (int)Math.Round((double)warmup.Turns / options.Warmup);
            foreach (var echo in new[] { TurnKind.EchoSameEndpoint, TurnKind.EchoAdapterOnly, TurnKind.EchoWithState })
            {
                await RunPhaseAsync(http, echo, runId, next, options.Warmup, options.Concurrency, turnsPerConversation);
                next += options.Warmup;
            }

            var phases = new List<OverheadPhase>();
            foreach (var (concurrency, conversations) in new[] { (options.Concurrency, options.Conversations), (1, options.SequentialConversations) })
            {
                for (var round = 0; round < options.Rounds; round++)
                {
                    TurnKind[] order = round % 2 == 0
                        ? [TurnKind.EchoSameEndpoint, TurnKind.Interview, TurnKind.EchoWithState, TurnKind.EchoAdapterOnly]
                        : [TurnKind.EchoAdapterOnly, TurnKind.EchoWithState, TurnKind.Interview, TurnKind.EchoSameEndpoint];
                    foreach (var kind in order)
                    {
                        var phase = await RunPhaseAsync(http, kind, runId, next, conversations, concurrency, turnsPerConversation) with { Round = round + 1 };
                        next += conversations;
                        phases.Add(phase);
                        progress.WriteLine($"  {phase.Summary}");
                    }
                }
            }

            var profiles = new List<CpuProfile>();
            if (options.ProfileDirectory is not null)
            {
                // Extra phases, so the sampler's own cost touches none of the numbers above.
                Directory.CreateDirectory(options.ProfileDirectory);
                foreach (var kind in new[] { TurnKind.Interview, TurnKind.EchoWithState, TurnKind.EchoSameEndpoint })
                {
                    var trace = Path.Combine(options.ProfileDirectory, $"{kind}.nettrace".ToLowerInvariant());
                    progress.WriteLine($"overhead: profiling {OverheadResult.Label(kind)} into {trace} ...");
                    var first = next;
                    await CpuProfiler.RecordAsync(trace, () => RunPhaseAsync(http, kind, runId, first, options.Conversations, options.Concurrency, turnsPerConversation));
                    next += options.Conversations;
                    profiles.Add(CpuProfiler.Analyze(OverheadResult.Label(kind), trace));
                }
            }

            return OverheadResult.From(options, turnsPerConversation, phases, profiles);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { database, database + "-wal", database + "-shm" }) File.Delete(file);
        }
    }

    /// <summary>Conversations first..first+count-1 of one kind, <paramref name="concurrency"/> at a time, each turn timed.</summary>
    private static async Task<OverheadPhase> RunPhaseAsync(HttpClient http, TurnKind kind, string runId, int first, int count, int concurrency, int turnsPerConversation)
    {
        var latencies = new IReadOnlyList<long>[count];
        var errors = new int[count];
        var undecided = 0;
        string? firstError = null;
        var load = TurnsResult.LoadAverage();
        var gcBefore = GcSnapshot.Take();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            if (kind == TurnKind.Interview)
            {
                var interview = new TurnsLoadTest.Interview([http], runId, first + i);
                await interview.RunAsync(ct);
                latencies[i] = interview.Latencies;
                errors[i] = (interview.Failure == TurnsLoadTest.TurnFailure.None ? 0 : 1) + interview.ErrorReplies;
                if (!interview.Decided) Interlocked.Increment(ref undecided);
                if (interview.Error is not null) Interlocked.CompareExchange(ref firstError, interview.Error, null);
            }
            else
            {
                var path = kind switch
                {
                    TurnKind.EchoSameEndpoint => EchoRoutes.SameEndpoint,
                    TurnKind.EchoWithState => EchoRoutes.WithState,
                    _ => EchoRoutes.AdapterOnly,
                };
                var echo = new EchoConversation(http, path, runId, first + i, turnsPerConversation);
                await echo.RunAsync(ct);
                latencies[i] = echo.Latencies;
                errors[i] = echo.Errors;
                if (echo.Error is not null) Interlocked.CompareExchange(ref firstError, echo.Error, null);
            }
        });
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var gc = GcSnapshot.Take() - gcBefore;
        var milliseconds = latencies.SelectMany(l => l).Select(ticks => ticks * 1000.0 / Stopwatch.Frequency).ToArray();
        return new OverheadPhase(kind, concurrency, 0, count, milliseconds, elapsed.TotalSeconds, errors.Sum(), undecided, firstError,
            cpu.TotalMilliseconds, gc, load, TurnsResult.LoadAverage());
    }
}
