using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PmOpsBot.LoadTests;

/// <summary>What one turns run (one storage provider, one number of instances) measured; latencies in milliseconds.</summary>
public sealed record TurnsResult(
    [property: JsonConverter(typeof(JsonStringEnumConverter<DatabaseProvider>))] DatabaseProvider Provider,
    int Instances,
    int Conversations,
    int Concurrency,
    int Warmup,
    int Turns,
    double Seconds,
    double TurnsPerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    int NonSuccess,
    int EmptyReplies,
    int NoAnswer,
    int ErrorReplies,
    string? FirstError,
    int Undecided,
    long InitiativesStored,
    double HostCpuMsPerTurn,
    double LoadAverageBefore,
    double LoadAverageAfter,
    string? NotRunBecause)
{
    /// <summary>Failed turns: non-2xx, no reply, no answer at all, or the bot's apology instead of an answer.</summary>
    public int Errors => NonSuccess + EmptyReplies + NoAnswer + ErrorReplies;

    /// <summary>Measured conversations plus warm-up: each that reached its decision stored one initiative.</summary>
    public int ExpectedInitiatives => Conversations + Warmup;

    public bool Clean => NotRunBecause is null && Errors == 0 && Undecided == 0 && InitiativesStored == ExpectedInitiatives;

    [JsonIgnore]
    public string Summary => NotRunBecause is not null
        ? $"not run: {NotRunBecause}"
        : string.Create(CultureInfo.InvariantCulture,
            $"{TurnsPerSecond:F0} turns/s ({Turns} turns in {Seconds:F1} s), p50 {P50Ms:F1} ms, p99 {P99Ms:F1} ms, {Errors} errors, {Undecided} undecided, {InitiativesStored}/{ExpectedInitiatives} initiatives stored");

    internal static TurnsResult From(DatabaseProvider provider, int instances, TurnsOptions options, TurnsLoadTest.Interview[] interviews,
        TimeSpan elapsed, double hostCpuMs, long stored, double loadBefore, double loadAfter)
    {
        var sorted = interviews.SelectMany(i => i.Latencies).Select(ticks => ticks * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        int Failed(TurnsLoadTest.TurnFailure failure) => interviews.Count(i => i.Failure == failure);
        return new TurnsResult(
            provider, instances, options.Conversations, options.Concurrency, options.Warmup, sorted.Length, elapsed.TotalSeconds, sorted.Length / elapsed.TotalSeconds,
            Percentiles.NearestRank(sorted, 50), Percentiles.NearestRank(sorted, 90), Percentiles.NearestRank(sorted, 99), sorted[^1],
            Failed(TurnsLoadTest.TurnFailure.NonSuccess), Failed(TurnsLoadTest.TurnFailure.EmptyReply), Failed(TurnsLoadTest.TurnFailure.NoAnswer),
            interviews.Sum(i => i.ErrorReplies),
            interviews.Select(i => i.Error).FirstOrDefault(e => e is not null), interviews.Count(i => !i.Decided), stored, hostCpuMs / sorted.Length,
            loadBefore, loadAfter, null);
    }

    internal static TurnsResult NotRun(DatabaseProvider provider, int instances, TurnsOptions options, string reason) =>
        new(provider, instances, options.Conversations, options.Concurrency, options.Warmup, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, 0, 0, 0, 0, 0, reason);

    /// <summary>A Markdown table, one row per run, then the first error of each run that had one.</summary>
    public static void PrintTable(IReadOnlyList<TurnsResult> results, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var first = results[0];
        var ran = results.Where(r => r.NotRunBecause is null).ToList();
        var turnsEach = ran.Count == 0 ? 0 : ran.Average(r => (double)r.Turns / r.Conversations);
        output.WriteLine(string.Create(c, $"turns: {first.Conversations} interviews ({turnsEach:F1} turns each) over POST /api/messages with expectReplies, {first.Concurrency} conversations at once, after {first.Warmup} warm-up interviews; {Environment.ProcessorCount} cores shared by the bots, the database and this program"));
        output.WriteLine();
        output.WriteLine("| storage | instances | turns/s | p50 ms | p90 ms | p99 ms | max ms | errors | undecided | initiatives stored | host CPU ms/turn | load avg before/after |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            output.WriteLine(r.NotRunBecause is not null
                ? $"| {r.Provider} | {r.Instances} | not run | | | | | | | | | |"
                : string.Create(c, $"| {r.Provider} | {r.Instances} | {r.TurnsPerSecond:F0} | {r.P50Ms:F1} | {r.P90Ms:F1} | {r.P99Ms:F1} | {r.MaxMs:F1} | {r.Errors} | {r.Undecided} | {r.InitiativesStored} of {r.ExpectedInitiatives} | {r.HostCpuMsPerTurn:F1} | {r.LoadAverageBefore:F1} / {r.LoadAverageAfter:F1} |"));
        }

        foreach (var r in results.Where(r => r.NotRunBecause is not null || r.FirstError is not null))
            output.WriteLine($"{r.Provider}, {r.Instances} instance(s): {r.NotRunBecause ?? $"{r.NonSuccess} non-2xx, {r.EmptyReplies} empty replies, {r.NoAnswer} without an answer, {r.ErrorReplies} apologies from the bot; first: {r.FirstError}"}");
    }

    /// <summary>The one-minute load average (Linux), 0 where there is none: other work on the same cores shows up in every number here.</summary>
    public static double LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    public static async Task WriteJsonAsync(IReadOnlyList<TurnsResult> results, string path)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, results, new JsonSerializerOptions { WriteIndented = true });
    }
}
