namespace PmOpsBot.Core.Tests.Classification;

public sealed record LabelledExample(string Label, bool Mixed, string Text)
{
    public override string ToString() => $"{Label}: {Text}";

    public static IReadOnlyList<LabelledExample> Load(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", fileName);
        return File.ReadLines(path)
            .Skip(1)
            .Where(line => line.Trim().Length > 0)
            .Select(line => line.Split('\t'))
            .Select(f => new LabelledExample(f[0], f[1] == "yes", f[2]))
            .ToList();
    }
}
