using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PmOpsBot.LoadTests;

/// <summary>The bot process at one moment: resident set before and after a full GC, the heap that GC left, and the load average.</summary>
public sealed record MemorySample(
    string Label,
    int Turns,
    double Minutes,
    double? TurnsPerSecond,
    ProcessMemory BeforeGc,
    HeapAfterGc Heap,
    ProcessMemory AfterGc,
    double LoadAverage)
{
    /// <summary>Anonymous resident memory the GC does not account for, after the full GC: native heaps (SQLite's page caches), thread stacks.</summary>
    public double NativeAnonMb => AfterGc.RssAnonMb - Heap.CommittedMb;

    [JsonIgnore]
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{(Label.Length > 0 ? Label : $"{Turns:N0} turns")}: RSS {BeforeGc.RssMb:F1} MB ({AfterGc.RssMb:F1} after a full GC), heap after GC {Heap.HeapMb:F1} MB (live {Heap.LiveMb:F1}), GC committed {Heap.CommittedMb:F1} MB, {BeforeGc.Threads} threads{(TurnsPerSecond is { } rate ? $", {rate:F0} turns/s" : "")}, load {LoadAverage:F1}");
}

/// <summary>How a quantity moved over the samples after warm-up: least-squares slope per 100,000 turns, and first against last.</summary>
public sealed record Growth(string Quantity, double FirstMb, double LastMb, double SlopeMbPer100kTurns)
{
    public static Growth Of(string quantity, IReadOnlyList<MemorySample> samples, Func<MemorySample, double> value)
    {
        var x = samples.Select(s => s.Turns / 100_000.0).ToArray();
        var y = samples.Select(value).ToArray();
        var meanX = x.Average();
        var meanY = y.Average();
        var sxx = x.Sum(v => (v - meanX) * (v - meanX));
        var slope = sxx == 0 ? 0 : x.Zip(y).Sum(p => (p.First - meanX) * (p.Second - meanY)) / sxx;
        return new Growth(quantity, y[0], y[^1], slope);
    }
}

/// <summary>What one memory run measured, in MB and bytes.</summary>
public sealed record MemoryResult(
    MemoryOptions Options,
    ProcessMemory AtReady,
    MemorySample AfterStart,
    IReadOnlyList<StateSize> StateByStage,
    StateSizeSummary StateAllConversations,
    IReadOnlyList<MemorySample> Samples,
    IReadOnlyList<Growth> GrowthAfterWarmup,
    int TurnErrors,
    int Undecided,
    string? FirstError)
{
    public const double MaxRssAfterStartMb = 150;
    public const int MaxStateBytes = 4096;

    public int Turns => Samples.Count == 0 ? 0 : Samples[^1].Turns;

    public bool Clean => TurnErrors == 0 && Undecided == 0 && Turns >= Options.Turns;

    internal static MemoryResult From(MemoryOptions options, ProcessMemory atReady, MemorySample afterStart, IReadOnlyList<StateSize> stages,
        StateSizeSummary allStates, IReadOnlyList<MemorySample> samples, int errors, int undecided, string? firstError)
    {
        var steady = samples.Where(s => s.Turns >= options.WarmupTurns).ToList();
        IReadOnlyList<Growth> growth = steady.Count < 2 ? [] :
        [
            Growth.Of("RSS before the GC", steady, s => s.BeforeGc.RssMb),
            Growth.Of("anonymous part of the RSS", steady, s => s.BeforeGc.RssAnonMb),
            Growth.Of("anonymous, outside the GC heap", steady, s => s.NativeAnonMb),
            Growth.Of("RSS after a full GC", steady, s => s.AfterGc.RssMb),
            Growth.Of("managed heap after a full GC", steady, s => s.Heap.HeapMb),
            Growth.Of("live objects after a full GC", steady, s => s.Heap.LiveMb),
            Growth.Of("GC committed", steady, s => s.Heap.CommittedMb),
        ];
        return new MemoryResult(options, atReady, afterStart, stages, allStates, samples, growth, errors, undecided, firstError);
    }

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"memory: the bot process (dotnet pmopsbot.dll, SQLite), {Environment.ProcessorCount} cores shared with this load generator"));
        output.WriteLine();
        output.WriteLine(string.Create(c, $"after start (target RSS < {MaxRssAfterStartMb:F0} MB): {(Math.Max(AtReady.RssMb, AfterStart.BeforeGc.RssMb) < MaxRssAfterStartMb ? "met" : "MISSED")}"));
        output.WriteLine(string.Create(c, $"  at the first 200 from /healthz   RSS {AtReady.RssMb:F1} MB (anonymous {AtReady.RssAnonMb:F1}, files {AtReady.RssFileMb:F1}, shared memory {AtReady.RssShmemMb:F1}), {AtReady.Threads} threads"));
        output.WriteLine(string.Create(c, $"  {AfterStart.Label,-32} RSS {AfterStart.BeforeGc.RssMb:F1} MB (anonymous {AfterStart.BeforeGc.RssAnonMb:F1}, files {AfterStart.BeforeGc.RssFileMb:F1}, shared memory {AfterStart.BeforeGc.RssShmemMb:F1}), {AfterStart.BeforeGc.Threads} threads"));
        output.WriteLine(string.Create(c, $"  then a full GC                   RSS {AfterStart.AfterGc.RssMb:F1} MB; managed heap {AfterStart.Heap.HeapMb:F1} MB (live {AfterStart.Heap.LiveMb:F1}), GC committed {AfterStart.Heap.CommittedMb:F1} MB"));
        output.WriteLine();

        var largest = StateByStage.Max(s => s.JsonBytes);
        output.WriteLine(string.Create(c, $"conversation state (bot_state.json, target < {MaxStateBytes:N0} bytes): largest at any stage {largest:N0} bytes: {(largest < MaxStateBytes ? "met" : "MISSED")}"));
        output.WriteLine("| stage | json bytes | whole row bytes | of which $type names |");
        output.WriteLine("|---|---|---|---|");
        foreach (var s in StateByStage)
            output.WriteLine(string.Create(c, $"| {s.Stage} | {s.JsonBytes:N0} | {s.RowBytes:N0} | {s.TypeNameBytes:N0} |"));
        var all = StateAllConversations;
        output.WriteLine(string.Create(c, $"  all {all.Rows:N0} conversations after the run (each a decided interview): average {all.AverageBytes:N0}, median {all.MedianBytes:N0}, max {all.MaxBytes:N0} bytes"));
        output.WriteLine();

        output.WriteLine(string.Create(c, $"growth over {Turns:N0} interview turns at concurrency {Options.Concurrency} ({TurnErrors} failed turns, {Undecided} undecided interviews{(FirstError is null ? "" : $"; first: {FirstError}")}):"));
        output.WriteLine("| turns | minutes | turns/s | RSS MB | of which anonymous / files / shared | RSS after full GC MB | heap after GC MB | live MB | GC committed MB | anonymous outside the GC MB | threads | load avg |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in Samples)
            output.WriteLine(string.Create(c, $"| {s.Turns:N0} | {s.Minutes:F1} | {s.TurnsPerSecond:F0} | {s.BeforeGc.RssMb:F1} | {s.BeforeGc.RssAnonMb:F1} / {s.BeforeGc.RssFileMb:F1} / {s.BeforeGc.RssShmemMb:F1} | {s.AfterGc.RssMb:F1} | {s.Heap.HeapMb:F1} | {s.Heap.LiveMb:F1} | {s.Heap.CommittedMb:F1} | {s.NativeAnonMb:F1} | {s.BeforeGc.Threads} | {s.LoadAverage:F1} |"));
        output.WriteLine(string.Create(c, $"  from {Options.WarmupTurns:N0} turns on (after warm-up): first sample -> last, least-squares slope"));
        foreach (var g in GrowthAfterWarmup)
            output.WriteLine(string.Create(c, $"    {g.Quantity,-30} {g.FirstMb,7:F1} -> {g.LastMb,7:F1} MB, slope {Signed(g.SlopeMbPer100kTurns)} MB per 100,000 turns"));
    }

    /// <summary>"+1.2", "-0.4", or "0.0" for anything that rounds to zero (not "-0.0").</summary>
    private static string Signed(double value) => Math.Round(value, 1) is var rounded && rounded == 0 ? "0.0" : rounded.ToString("+0.0;-0.0", CultureInfo.InvariantCulture);

    public async Task WriteJsonAsync(string path)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, new JsonSerializerOptions { WriteIndented = true });
    }
}
