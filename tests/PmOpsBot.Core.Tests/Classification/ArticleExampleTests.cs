using PmOpsBot.Core.Classification;

namespace PmOpsBot.Core.Tests.Classification;

/// <summary>The textbook cases: if any of these flips, the reader has lost its footing.</summary>
public sealed class ArticleExampleTests
{
    private readonly TextClassification _classification = new(new TextSignalExtractor(), new InitiativeClassifier());

    [Theory]
    [InlineData("Launch our new budgeting app in the spring")]
    [InlineData("Implement the new ERP software across finance by October")]
    [InlineData("Relocate the head office to the new building next summer")]
    [InlineData("Redesign the returns process before peak season")]
    [InlineData("Build three robotic fulfilment centres over the next two years")]
    public void Project_examples(string text) => Assert.Equal(Decision.Project, _classification.Classify(text).Decision);

    [Theory]
    [InlineData("Customer support: answering tickets and calls every day")]
    [InlineData("Run the manufacturing lines on three shifts")]
    [InlineData("Monthly payroll for all employees")]
    [InlineData("Logistics: dispatching and delivering orders daily")]
    [InlineData("Keep the supply chain stocked and flowing all year")]
    [InlineData("Operate the robotic fulfilment centres day to day")]
    public void Operations_examples(string text) => Assert.Equal(Decision.Operations, _classification.Classify(text).Decision);

    [Fact]
    public void A_crm_rollout_handed_to_operations_reads_as_a_mixed_project()
    {
        var result = _classification.Classify("Roll out the new CRM to sales by June; after go-live the sales ops team runs it day to day with weekly reports and SLA targets");

        Assert.Equal(Decision.Project, result.Decision);
        Assert.True(result.IsMixed, $"P {result.ProjectScore} / O {result.OperationsScore}");
    }
}
