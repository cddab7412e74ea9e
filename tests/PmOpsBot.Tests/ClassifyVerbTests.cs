using System.Text.Json;
using PmOpsBot.Cli;

namespace PmOpsBot.Tests;

public sealed class ClassifyVerbTests
{
    [Fact]
    public async Task Reads_one_description_per_line_and_prints_one_json_object_per_line()
    {
        var input = new StringReader("Launch the new mobile app by March\n\nAnswer support tickets every day\n");
        var output = new StringWriter();

        var exit = await ClassifyVerb.RunAsync(null, input, output, CancellationToken.None);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, exit);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("Launch the new mobile app by March", first.RootElement.GetProperty("text").GetString());
        Assert.Equal("project", first.RootElement.GetProperty("decision").GetString());
        Assert.Equal("operations", second.RootElement.GetProperty("decision").GetString());
        Assert.InRange(first.RootElement.GetProperty("confidence").GetDouble(), 0.5, 1.0);
        var signal = first.RootElement.GetProperty("signals")[0];
        Assert.True(signal.TryGetProperty("dimension", out _) && signal.TryGetProperty("leaning", out _) && signal.TryGetProperty("evidence", out _));
    }

    [Fact]
    public async Task Takes_one_description_as_an_argument()
    {
        var output = new StringWriter();

        await ClassifyVerb.RunAsync("Run payroll every month", new StringReader(""), output, CancellationToken.None);

        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal("operations", json.RootElement.GetProperty("decision").GetString());
    }
}
