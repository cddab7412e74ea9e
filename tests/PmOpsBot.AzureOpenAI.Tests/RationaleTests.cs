using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Understanding;

namespace PmOpsBot.AzureOpenAI.Tests;

public sealed class RationaleTests
{
    private static readonly DecisionEvidence Evidence = new("Project Falcon for Alice Smith", Decision.Project, IsMixed: true, Confidence: 0.72,
    [
        new DimensionSignal(Dimension.Timeframe, Leaning.Project, SignalSource.Answer, "Yes, it has an end date"),
        new DimensionSignal(Dimension.Team, Leaning.Operations, SignalSource.Text, "the support\nteam"),
    ]);

    [Fact]
    public async Task Sends_the_decision_and_the_evidence_phrases_but_not_the_initiative_name()
    {
        var understanding = Understanding.Create();
        understanding.Server.Answers("It has an end date, so run it as a project.");

        await understanding.Sut.ExplainAsync(Evidence, CancellationToken.None);

        var request = understanding.Server.LastRequest;
        Assert.Equal(
            [
                ("system", SentToModel.RationaleSystemPrompt),
                ("user", "Decision: project (mixed: both sides carry real weight), confidence 0.72\nEvidence:\n- timeframe (project): Yes, it has an end date\n- team (operations): the support team"),
            ],
            request.Messages);
        Assert.DoesNotContain("Falcon", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Alice", request.Body, StringComparison.Ordinal);
        Assert.NotEqual("json_schema", request.Json.GetProperty("response_format").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Returns_the_answer_as_one_line_of_plain_text()
    {
        var understanding = Understanding.Create();
        understanding.Server.Answers("**Project**: it has an `end date`.\n\n- A temporary team does it.");

        Assert.Equal("Project: it has an end date. A temporary team does it.", await understanding.Sut.ExplainAsync(Evidence, CancellationToken.None));
    }

    [Fact]
    public async Task Cuts_a_long_answer_at_a_word_within_300_characters()
    {
        var understanding = Understanding.Create();
        understanding.Server.Answers(string.Join(' ', Enumerable.Repeat("because it ends", 60)), finishReason: "length");

        var rationale = await understanding.Sut.ExplainAsync(Evidence, CancellationToken.None);

        Assert.NotNull(rationale);
        Assert.True(rationale.Length <= SentToModel.RationaleMaxLength, $"{rationale.Length} characters");
        Assert.EndsWith("…", rationale, StringComparison.Ordinal);
        Assert.Matches(@"^(because it ends ?)+", rationale.TrimEnd('…'));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("**")]
    public async Task An_empty_answer_is_no_rationale(string content)
    {
        var understanding = Understanding.Create();
        understanding.Server.Answers(content);

        Assert.Null(await understanding.Sut.ExplainAsync(Evidence, CancellationToken.None));
    }
}
