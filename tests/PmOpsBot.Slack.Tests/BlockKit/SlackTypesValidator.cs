using System.Diagnostics;

namespace PmOpsBot.Slack.Tests.BlockKit;

/// <summary>
/// Runs tools/validators/validate-blocks.js: Slack's own TypeScript types (@slack/types) over messages written to a
/// directory. The npm packages are restored by the test command (`npm ci --prefix tools/validators`).
/// </summary>
public static class SlackTypesValidator
{
    public static (int ExitCode, string Output) Run(string directory)
    {
        var tools = Path.Combine(RepositoryRoot(), "tools", "validators");
        if (!Directory.Exists(Path.Combine(tools, "node_modules", "@slack", "types")))
            throw new InvalidOperationException("The npm validators are not installed: run `npm ci --prefix tools/validators` (the README's test command does this).");

        var start = new ProcessStartInfo("node", [Path.Combine(tools, "validate-blocks.js"), directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = tools,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("validate-blocks.js did not finish in 120 s");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Found by walking up to PmOpsBot.sln.</summary>
    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PmOpsBot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PmOpsBot.sln not found above " + AppContext.BaseDirectory);
    }
}
