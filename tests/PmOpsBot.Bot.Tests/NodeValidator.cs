using System.Diagnostics;

namespace PmOpsBot.Bot.Tests;

/// <summary>Runs one of the npm validators in tools/validators (installed by the test command).</summary>
public static class NodeValidator
{
    /// <param name="seconds">How long the script may take (type-checking with tsc is slower than the card validator).</param>
    public static (int ExitCode, string Output) Run(string script, string argument, int seconds = 60)
    {
        var tools = Path.Combine(RepoPaths.Root, "tools", "validators");
        if (!Directory.Exists(Path.Combine(tools, "node_modules")))
            throw new InvalidOperationException("The npm validators are not installed: run `npm ci --prefix tools/validators` (the README's test command does this).");

        var start = new ProcessStartInfo("node", [Path.Combine(tools, script), argument])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = tools,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(seconds)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in {seconds} s");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
