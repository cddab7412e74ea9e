using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace PmOpsBot.LoadTests;

/// <summary>What one slack-ack run measured; latencies in milliseconds.</summary>
public sealed record SlackAckResult(
    int Requests,
    int Concurrency,
    int Warmup,
    bool Edits,
    double Seconds,
    double RequestsPerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    int NonSuccess,
    int NoAnswer,
    string? FirstError,
    int AcceptedEvents,
    int RepliesAtEnd,
    int RepliesAfterDrain,
    bool Drained,
    double DrainSeconds,
    GcSnapshot GcDuringRun,
    IReadOnlyDictionary<string, int> SlackCalls,
    CpuProfile? Profile = null)
{
    public int Failed => NonSuccess + NoAnswer;

    internal static SlackAckResult From(SlackAckOptions options, SlackAckLoadTest.Batch batch, TimeSpan elapsed, int repliesAtEnd, int repliesAfterDrain,
        int accepted, bool drained, TimeSpan drainTime, GcSnapshot gc, IReadOnlyDictionary<string, int> calls, CpuProfile? profile)
    {
        var sorted = batch.Latencies.Select(ticks => ticks * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        return new SlackAckResult(
            options.Requests, options.Concurrency, options.Warmup, options.Edits, elapsed.TotalSeconds, options.Requests / elapsed.TotalSeconds,
            Percentiles.NearestRank(sorted, 50), Percentiles.NearestRank(sorted, 90), Percentiles.NearestRank(sorted, 99), sorted[^1],
            batch.Statuses.Count(s => s != 0 && s is < 200 or >= 300), batch.Statuses.Count(s => s == 0), batch.FirstError,
            accepted, repliesAtEnd, repliesAfterDrain, drained, drainTime.TotalSeconds, gc, calls, profile);
    }

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"slack-ack: {Requests} signed event_callback requests ({(Edits ? "message edits, ignored by the bot" : "direct messages")}) to /api/slack/events, {Concurrency} in flight, after {Warmup} warm-up requests"));
        output.WriteLine(string.Create(c, $"  throughput      {RequestsPerSecond:F0} req/s ({Seconds:F2} s)"));
        output.WriteLine(string.Create(c, $"  ack latency ms  p50 {P50Ms:F2}  p90 {P90Ms:F2}  p99 {P99Ms:F2}  max {MaxMs:F2}   (target p99 < 50)"));
        output.WriteLine(string.Create(c, $"  failed          {NonSuccess} non-2xx, {NoAnswer} without an answer{(FirstError is null ? "" : $"; first: {FirstError}")}"));
        var drain = Drained ? string.Create(c, $"after the queue drained ({DrainSeconds:F1} s later)") : string.Create(c, $"when the drain timeout ran out ({DrainSeconds:F0} s)");
        output.WriteLine(string.Create(c, $"  replies         {RepliesAtEnd} when the last ack came, {RepliesAfterDrain} of {AcceptedEvents} accepted events (warm-up included) {drain}"));
        output.WriteLine(string.Create(c, $"  gc in the run   gen0 {GcDuringRun.Gen0}, gen1 {GcDuringRun.Gen1}, gen2 {GcDuringRun.Gen2}, paused {GcDuringRun.PauseMs:F0} ms, {GcDuringRun.AllocatedMb * 1000 / Requests:F0} KB allocated per request (client, host and bot); thread pool {GcDuringRun.ThreadPoolThreads} threads at the end"));
        output.WriteLine(string.Create(c, $"  slack calls     {string.Join(", ", SlackCalls.Select(call => $"{call.Key} {call.Value}"))}"));
        if (Profile is null) return;
        output.WriteLine(string.Create(c, $"  cpu samples     {Profile.Samples:N0} in the burst (the profiler's own cost is in the latencies above)"));
        foreach (var share in Profile.Shares.Where(s => s.Percent >= 0.5))
            output.WriteLine(string.Create(c, $"    {share.Percent,5:F1} %  {share.Part}"));
    }

    /// <summary>Median and range over several runs, and in how many the p99 met the target.</summary>
    public static void PrintSpread(IReadOnlyList<SlackAckResult> runs, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        string Spread(Func<SlackAckResult, double> value, string format)
        {
            var sorted = runs.Select(value).Order().ToArray();
            return string.Create(c, $"median {sorted[sorted.Length / 2].ToString(format, c)} ({sorted[0].ToString(format, c)} to {sorted[^1].ToString(format, c)})");
        }

        output.WriteLine(string.Create(c, $"over {runs.Count} runs"));
        output.WriteLine($"  throughput req/s {Spread(r => r.RequestsPerSecond, "F0")}");
        output.WriteLine($"  ack p50 ms       {Spread(r => r.P50Ms, "F1")}");
        output.WriteLine($"  ack p99 ms       {Spread(r => r.P99Ms, "F1")}");
        output.WriteLine(string.Create(c, $"  p99 under 50 ms in {runs.Count(r => r.P99Ms < 50)} of {runs.Count} runs"));
    }

    public static async Task WriteJsonAsync(IReadOnlyList<SlackAckResult> runs, string path)
    {
        await using var file = File.Create(path);
        // One run is written as before (an object); several as a list.
        object value = runs.Count == 1 ? runs[0] : runs;
        await JsonSerializer.SerializeAsync(file, value, new JsonSerializerOptions { WriteIndented = true });
    }
}
