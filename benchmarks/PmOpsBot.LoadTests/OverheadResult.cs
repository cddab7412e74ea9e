using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PmOpsBot.LoadTests;

/// <summary>One phase: conversations of one kind at one concurrency; latencies in milliseconds.</summary>
public sealed record OverheadPhase(
    [property: JsonConverter(typeof(JsonStringEnumConverter<TurnKind>))] TurnKind Kind,
    int Concurrency,
    int Round,
    int Conversations,
    [property: JsonIgnore] double[] LatenciesMs,
    double Seconds,
    int Errors,
    int Undecided,
    string? FirstError,
    double CpuMs,
    GcSnapshot Gc,
    double LoadAverageBefore,
    double LoadAverageAfter)
{
    public int Turns => LatenciesMs.Length;

    public double TurnsPerSecond => Turns / Seconds;

    public double P50Ms => Percentile(50);

    public double P99Ms => Percentile(99);

    [JsonIgnore]
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"round {Round}, {OverheadResult.Label(Kind)}, concurrency {Concurrency}: {Turns} turns, {TurnsPerSecond:F0} turns/s, p50 {P50Ms:F2} ms, p99 {P99Ms:F2} ms, {Errors} errors, load {LoadAverageBefore:F1}");

    private double Percentile(double p) => Turns == 0 ? 0 : Percentiles.NearestRank([.. LatenciesMs.Order()], p);
}

/// <summary>All phases of one kind at one concurrency, pooled: the numbers the targets are judged on.</summary>
public sealed record OverheadRow(
    [property: JsonConverter(typeof(JsonStringEnumConverter<TurnKind>))] TurnKind Kind,
    int Concurrency,
    int Turns,
    double Seconds,
    double TurnsPerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    double CpuMsPerTurn,
    double AllocatedKbPerTurn,
    int Errors,
    int Undecided);

/// <summary>What one overhead run measured, and the interview-to-echo ratios the issue's targets are about.</summary>
public sealed record OverheadResult(
    OverheadOptions Options,
    int TurnsPerConversation,
    IReadOnlyList<OverheadRow> Rows,
    IReadOnlyList<OverheadPhase> Phases,
    IReadOnlyList<CpuProfile> Profiles)
{
    public const double MaxP50Ratio = 1.3;
    public const double MinThroughputShare = 0.75;

    public bool Clean => Rows.All(r => r.Errors == 0 && r.Undecided == 0);

    internal static OverheadResult From(OverheadOptions options, int turnsPerConversation, IReadOnlyList<OverheadPhase> phases, IReadOnlyList<CpuProfile> profiles)
    {
        var rows = phases.GroupBy(p => (p.Kind, p.Concurrency)).Select(g =>
        {
            var sorted = g.SelectMany(p => p.LatenciesMs).Order().ToArray();
            var seconds = g.Sum(p => p.Seconds);
            return new OverheadRow(g.Key.Kind, g.Key.Concurrency, sorted.Length, seconds, sorted.Length / seconds,
                Percentiles.NearestRank(sorted, 50), Percentiles.NearestRank(sorted, 90), Percentiles.NearestRank(sorted, 99), sorted[^1],
                g.Sum(p => p.CpuMs) / sorted.Length, g.Sum(p => p.Gc.AllocatedMb) * 1000 / sorted.Length,
                g.Sum(p => p.Errors), g.Sum(p => p.Undecided));
        }).OrderByDescending(r => r.Concurrency).ThenBy(r => r.Kind).ToList();
        return new OverheadResult(options, turnsPerConversation, rows, phases, profiles);
    }

    public OverheadRow Row(TurnKind kind, int concurrency) => Rows.Single(r => r.Kind == kind && r.Concurrency == concurrency);

    public static string Label(TurnKind kind) => kind switch
    {
        TurnKind.Interview => "interview",
        TurnKind.EchoSameEndpoint => "echo, same endpoint",
        TurnKind.EchoAdapterOnly => "echo, adapter only",
        TurnKind.EchoWithState => "echo with state, same endpoint",
        _ => kind.ToString(),
    };

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"overhead: interview turns (POST /api/messages, expectReplies, SQLite state) vs echo turns through the same CloudAdapter in the same process; {Options.Rounds} rounds of alternating phases, {Options.Conversations} conversations a phase at concurrency {Options.Concurrency}, {Options.SequentialConversations} at concurrency 1, {TurnsPerConversation} turns a conversation, after {Options.Warmup} warm-up conversations of each kind; {Environment.ProcessorCount} cores shared by the host and this load generator"));
        output.WriteLine();
        output.WriteLine("| kind | concurrency | turns | turns/s | p50 ms | p90 ms | p99 ms | max ms | CPU ms/turn (host + client) | KB allocated/turn (host + client) | errors / undecided |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Rows)
            output.WriteLine(string.Create(c, $"| {Label(r.Kind)} | {r.Concurrency} | {r.Turns} | {r.TurnsPerSecond:F0} | {r.P50Ms:F2} | {r.P90Ms:F2} | {r.P99Ms:F2} | {r.MaxMs:F1} | {r.CpuMsPerTurn:F2} | {r.AllocatedKbPerTurn:F0} | {r.Errors} / {r.Undecided} |"));
        output.WriteLine();

        // The targets are judged against the plain echoes; the echo with state shows how much of the gap is keeping state at all.
        foreach (var echo in new[] { TurnKind.EchoSameEndpoint, TurnKind.EchoAdapterOnly, TurnKind.EchoWithState })
        {
            output.WriteLine($"  against the {Label(echo)}{(echo == TurnKind.EchoWithState ? " (for reference: the targets name the plain echo)" : "")}:");
            foreach (var concurrency in new[] { Options.Concurrency, 1 })
            {
                var ratio = Row(TurnKind.Interview, concurrency).P50Ms / Row(echo, concurrency).P50Ms;
                output.WriteLine(string.Create(c, $"    p50 at concurrency {concurrency,2}: interview = {ratio:F1} x echo (target <= {MaxP50Ratio:F1} x): {(ratio <= MaxP50Ratio ? "met" : "MISSED")}"));
            }

            var share = Row(TurnKind.Interview, Options.Concurrency).TurnsPerSecond / Row(echo, Options.Concurrency).TurnsPerSecond;
            output.WriteLine(string.Create(c, $"    throughput at concurrency {Options.Concurrency}: interview = {share:P1} of echo (target >= {MinThroughputShare:P0}): {(share >= MinThroughputShare ? "met" : "MISSED")}"));
        }

        output.WriteLine();
        output.WriteLine("| round | kind | concurrency | turns | turns/s | p50 ms | p99 ms | load avg before/after |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var p in Phases)
            output.WriteLine(string.Create(c, $"| {p.Round} | {Label(p.Kind)} | {p.Concurrency} | {p.Turns} | {p.TurnsPerSecond:F0} | {p.P50Ms:F2} | {p.P99Ms:F2} | {p.LoadAverageBefore:F1} / {p.LoadAverageAfter:F1} |"));
        foreach (var p in Phases.Where(p => p.FirstError is not null))
            output.WriteLine($"round {p.Round}, {Label(p.Kind)}, concurrency {p.Concurrency}: {p.Errors} errors, {p.Undecided} undecided; first: {p.FirstError}");

        if (Profiles.Count == 0) return;
        output.WriteLine();
        output.WriteLine($"where the samples fell (% of samples of running code; one extra phase of each kind at concurrency {Options.Concurrency}, host and load generator together):");
        output.WriteLine($"| part | {string.Join(" | ", Profiles.Select(p => string.Create(c, $"{p.Phase} ({p.Samples:N0} samples)")))} |");
        output.WriteLine($"|---|{string.Concat(Profiles.Select(_ => "---|"))}");
        foreach (var part in Profiles.SelectMany(p => p.Shares).GroupBy(s => s.Part).OrderByDescending(g => g.Max(s => s.Percent)).Select(g => g.Key))
            output.WriteLine($"| {part} | {string.Join(" | ", Profiles.Select(p => p.Shares.FirstOrDefault(s => s.Part == part) is { } share ? share.Percent.ToString("F1", c) : "0"))} |");
    }

    public async Task WriteJsonAsync(string path)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, new JsonSerializerOptions { WriteIndented = true });
    }
}
