using System.Diagnostics;

namespace PmOpsBot.Bot.Tests;

/// <summary>Runs one of the npm validators in tools/validators (installed by the test command).</summary>
public static class NodeValidator
{
    public static (int ExitCode, string Output) Run(string script, string argument)
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
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in 60 s");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
