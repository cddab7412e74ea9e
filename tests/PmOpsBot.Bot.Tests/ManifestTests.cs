using System.Text.Json;

namespace PmOpsBot.Bot.Tests;

public sealed class ManifestTests
{
    private static string ManifestPath => Path.Combine(RepoPaths.Root, "manifest", "manifest.json");

    [Fact]
    public void The_teams_manifest_passes_the_bundled_schema_and_icon_checks()
    {
        var (exit, output) = NodeValidator.Run("validate-manifest.js", ManifestPath);

        Assert.True(exit == 0, output);
        Assert.Contains("manifest: ok", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_offers_the_bot_in_personal_team_and_group_chat_scopes()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(ManifestPath));
        var scopes = manifest.RootElement.GetProperty("bots")[0].GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ToList();

        Assert.Equal(["personal", "team", "groupChat"], scopes.Order(StringComparer.Ordinal).Reverse().OrderBy(s => s == "personal" ? 0 : s == "team" ? 1 : 2).ToList());
    }
}
