namespace PmOpsBot.Bot.Tests;

public static class RepoPaths
{
    /// <summary>The repository root, found by walking up to PmOpsBot.sln.</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PmOpsBot.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("PmOpsBot.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
