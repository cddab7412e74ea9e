using PmOpsBot.Core.Classification;
using Xunit.Abstractions;

namespace PmOpsBot.Core.Tests.Classification;

/// <summary>
/// Accuracy of the text-only path on labelled descriptions. The floor is set a little under what the
/// rules reach today, so a change that makes the reader worse fails here.
/// </summary>
public sealed class TextClassificationAccuracyTests(ITestOutputHelper output)
{
    private readonly TextClassification _classification = new(new TextSignalExtractor(), new InitiativeClassifier());

    [Theory]
    [InlineData("labelled-initiatives.tsv", 0.90)]
    public void Text_only_decisions_match_the_labels(string file, double floor)
    {
        var examples = LabelledExample.Load(file);
        var wrong = new List<string>();
        foreach (var example in examples)
        {
            var result = _classification.Classify(example.Text);
            if (result.DecisionName != example.Label)
                wrong.Add($"expected {example.Label}, got {result.DecisionName} ({result.Confidence:0.00}; P {result.ProjectScore} / O {result.OperationsScore}): {example.Text}");
        }

        foreach (var line in wrong) output.WriteLine(line);
        var accuracy = 1.0 - (double)wrong.Count / examples.Count;
        output.WriteLine($"accuracy {accuracy:P1} over {examples.Count}");
        Assert.True(accuracy >= floor, $"accuracy {accuracy:P1} fell under {floor:P0}:\n" + string.Join("\n", wrong));
    }
}
