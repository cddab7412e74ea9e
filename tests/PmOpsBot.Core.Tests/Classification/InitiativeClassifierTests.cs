using PmOpsBot.Core.Classification;

namespace PmOpsBot.Core.Tests.Classification;

public sealed class InitiativeClassifierTests
{
    private readonly InitiativeClassifier _classifier = new();

    private static DimensionSignal Answer(Dimension d, Leaning l) => new(d, l, SignalSource.Answer, l.ToString());

    [Fact]
    public void All_project_answers_give_a_confident_project()
    {
        var result = _classifier.Classify(Enum.GetValues<Dimension>().Select(d => Answer(d, Leaning.Project)));

        Assert.Equal(Decision.Project, result.Decision);
        Assert.False(result.IsMixed);
        Assert.True(result.Confidence >= 0.9, $"confidence {result.Confidence}");
        Assert.Equal(12, result.ForProject.Count);
        Assert.Empty(result.ForOperations);
    }

    [Fact]
    public void All_operations_answers_give_a_confident_operations()
    {
        var result = _classifier.Classify(Enum.GetValues<Dimension>().Select(d => Answer(d, Leaning.Operations)));

        Assert.Equal(Decision.Operations, result.Decision);
        Assert.True(result.Confidence >= 0.9);
    }

    [Fact]
    public void A_rollout_whose_result_is_run_by_operations_is_a_mixed_project()
    {
        // Temporary, dated, changing things; what remains is a process someone must run.
        var signals = new[]
        {
            Answer(Dimension.Nature, Leaning.Project), Answer(Dimension.Timeframe, Leaning.Project), Answer(Dimension.Focus, Leaning.Project),
            Answer(Dimension.SuccessMeasure, Leaning.Project), Answer(Dimension.Team, Leaning.Project), Answer(Dimension.Rhythm, Leaning.Project),
            Answer(Dimension.Objective, Leaning.Operations), Answer(Dimension.EndResult, Leaning.Operations), Answer(Dimension.Scope, Leaning.Operations),
        };

        var result = _classifier.Classify(signals);

        Assert.Equal(Decision.Project, result.Decision);
        Assert.True(result.IsMixed);
        Assert.InRange(result.Confidence, 0.5, 0.8);
    }

    [Fact]
    public void One_stray_operations_answer_does_not_make_it_mixed()
    {
        var signals = Enum.GetValues<Dimension>().Where(d => d != Dimension.Risk).Select(d => Answer(d, Leaning.Project))
            .Append(Answer(Dimension.Risk, Leaning.Operations));

        Assert.False(_classifier.Classify(signals).IsMixed);
    }

    [Fact]
    public void Neutral_answers_are_shown_but_not_scored()
    {
        var result = _classifier.Classify([Answer(Dimension.Nature, Leaning.Neutral), Answer(Dimension.Timeframe, Leaning.Project)]);

        Assert.Equal(Decision.Project, result.Decision);
        Assert.Single(result.Neutral);
        Assert.Equal(0, result.OperationsScore);
    }

    [Fact]
    public void A_deliberate_answer_overrides_what_the_text_suggested_for_the_same_dimension()
    {
        var result = _classifier.Classify(
        [
            new DimensionSignal(Dimension.Timeframe, Leaning.Project, SignalSource.Text, "“by March”"),
            Answer(Dimension.Timeframe, Leaning.Operations),
        ]);

        Assert.Equal(Decision.Operations, result.Decision);
        Assert.Empty(result.ForProject);
    }

    [Fact]
    public void More_evidence_means_more_confidence_for_the_same_direction()
    {
        var one = _classifier.Classify([Answer(Dimension.Timeframe, Leaning.Project)]);
        var five = _classifier.Classify(new[] { Dimension.Timeframe, Dimension.Nature, Dimension.Focus, Dimension.Team, Dimension.Rhythm }.Select(d => Answer(d, Leaning.Project)));

        Assert.True(five.Confidence > one.Confidence);
    }

    [Theory]
    [InlineData(Leaning.Project, Decision.Project)]
    [InlineData(Leaning.Operations, Decision.Operations)]
    public void A_tie_is_broken_by_the_timeframe(Leaning timeframe, Decision expected)
    {
        var other = timeframe == Leaning.Project ? Leaning.Operations : Leaning.Project;
        var result = _classifier.Classify([Answer(Dimension.Timeframe, timeframe), Answer(Dimension.Nature, other)]);

        // Timeframe and nature weigh the same, so only the tie-break decides.
        Assert.Equal(result.ProjectScore, result.OperationsScore);
        Assert.Equal(expected, result.Decision);
    }

    [Fact]
    public void No_evidence_at_all_is_a_coin_toss_leaning_to_operations()
    {
        var result = _classifier.Classify([]);

        Assert.Equal(Decision.Operations, result.Decision);
        Assert.Equal(0.5, result.Confidence);
    }
}
