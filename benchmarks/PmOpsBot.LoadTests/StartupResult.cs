using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PmOpsBot.LoadTests;

/// <summary>One run: a first start on a new database and a restart on the same one, in milliseconds, with the resident set at ready.</summary>
public sealed record StartupRun(int Run, double NewDatabaseMs, double RestartMs, double NewDatabaseRssMb, double RestartRssMb, double LoadAverage)
{
    [JsonIgnore]
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"run {Run}: new database {NewDatabaseMs:F0} ms (RSS {NewDatabaseRssMb:F1} MB), restart {RestartMs:F0} ms (RSS {RestartRssMb:F1} MB), load {LoadAverage:F1}");
}

public sealed record StartupResult(StartupOptions Options, IReadOnlyList<StartupRun> Runs)
{
    public const double TargetMs = 2000;

    public double MedianNewDatabaseMs => Median(Runs.Select(r => r.NewDatabaseMs));

    public double MaxNewDatabaseMs => Runs.Max(r => r.NewDatabaseMs);

    public double MedianRestartMs => Median(Runs.Select(r => r.RestartMs));

    public double MaxRestartMs => Runs.Max(r => r.RestartMs);

    internal static StartupResult From(StartupOptions options, IReadOnlyList<StartupRun> runs) => new(options, runs);

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"startup: process start to the first 200 from GET /healthz, dotnet pmopsbot.dll (built next to this program), polled every {Options.PollMilliseconds} ms; {Runs.Count} runs after one not counted; {Environment.ProcessorCount} cores"));
        output.WriteLine();
        output.WriteLine("| start | median ms | max ms | target | runs (ms) |");
        output.WriteLine("|---|---|---|---|---|");
        output.WriteLine(string.Create(c, $"| new SQLite database (schema created) | {MedianNewDatabaseMs:F0} | {MaxNewDatabaseMs:F0} | < {TargetMs:F0}: {Verdict(MedianNewDatabaseMs, MaxNewDatabaseMs)} | {string.Join(", ", Runs.Select(r => r.NewDatabaseMs.ToString("F0", c)))} |"));
        output.WriteLine(string.Create(c, $"| restart on the same database | {MedianRestartMs:F0} | {MaxRestartMs:F0} | < {TargetMs:F0}: {Verdict(MedianRestartMs, MaxRestartMs)} | {string.Join(", ", Runs.Select(r => r.RestartMs.ToString("F0", c)))} |"));
        output.WriteLine(string.Create(c, $"  RSS at ready: new database {Median(Runs.Select(r => r.NewDatabaseRssMb)):F1} MB median, restart {Median(Runs.Select(r => r.RestartRssMb)):F1} MB median; load average {Runs.Min(r => r.LoadAverage):F1} to {Runs.Max(r => r.LoadAverage):F1}"));
    }

    public async Task WriteJsonAsync(string path)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, new JsonSerializerOptions { WriteIndented = true });
    }

    private static string Verdict(double medianMs, double maxMs) =>
        medianMs >= TargetMs ? "MISSED" : maxMs < TargetMs ? "met in every run" : "met at the median, not in every run";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
