using PmOpsBot.Core.Classification;

namespace PmOpsBot.Core.Tests.Classification;

public sealed class TextSignalExtractorTests
{
    private readonly TextSignalExtractor _extractor = new();

    private Leaning? LeaningOn(string text, Dimension dimension)
    {
        var result = new InitiativeClassifier().Classify(_extractor.Extract(text));
        return result.AllSignals.FirstOrDefault(s => s.Dimension == dimension)?.Leaning;
    }

    [Theory]
    [InlineData("We go live in March", Leaning.Project)]
    [InlineData("deadline is 30 June", Leaning.Project)]
    [InlineData("has to be done by Q3", Leaning.Project)]
    [InlineData("should take about six weeks", Leaning.Project)]
    [InlineData("finish by 2027-03-01", Leaning.Project)]
    [InlineData("there's no end date", Leaning.Operations)]
    [InlineData("it's ongoing", Leaning.Operations)]
    [InlineData("runs 24/7 all year round", Leaning.Operations)]
    [InlineData("it never ends really", Leaning.Operations)]
    public void Reads_the_timeframe(string text, Leaning expected) => Assert.Equal(expected, LeaningOn(text, Dimension.Timeframe));

    [Theory]
    [InlineData("every Monday we count the stock", Leaning.Operations)]
    [InlineData("the weekly release goes out on Tuesdays", Leaning.Operations)]
    [InlineData("three milestones before the launch", Leaning.Project)]
    public void Reads_the_rhythm(string text, Leaning expected) => Assert.Equal(expected, LeaningOn(text, Dimension.Rhythm));

    [Fact]
    public void A_negated_deadline_is_not_read_as_a_deadline()
    {
        var signals = _extractor.Extract("There is no deadline, we just keep the queue down");

        Assert.DoesNotContain(signals, s => s.Leaning == Leaning.Project && s.Dimension == Dimension.Timeframe);
        Assert.Contains(signals, s => s.Leaning == Leaning.Operations && s.Dimension == Dimension.Timeframe);
    }

    [Fact]
    public void A_change_verb_outweighs_the_business_area_it_changes()
    {
        var result = new InitiativeClassifier().Classify(_extractor.Extract("Implement a new payroll system"));

        Assert.Equal(Decision.Project, result.Decision);
    }

    [Fact]
    public void The_business_area_alone_points_to_operations()
    {
        var result = new InitiativeClassifier().Classify(_extractor.Extract("Payroll for our 300 staff"));

        Assert.Equal(Decision.Operations, result.Decision);
    }

    [Fact]
    public void Evidence_quotes_the_words_that_were_read()
    {
        var signals = _extractor.Extract("go live in April");

        Assert.Contains(signals, s => s.Dimension == Dimension.Timeframe && s.Evidence == "“in April”" && s.Source == SignalSource.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("hello there")]
    public void Text_without_cues_gives_no_signals(string? text) => Assert.Empty(_extractor.Extract(text));

    [Fact]
    public void Very_long_text_is_read_without_failing()
    {
        var text = string.Concat(Enumerable.Repeat("we launch the new portal by March and then keep it running every day. ", 2000));

        Assert.NotEmpty(_extractor.Extract(text));
    }

    [Fact]
    public void A_typed_answer_counts_for_the_question_asked()
    {
        var answer = _extractor.ReadAnswer(Dimension.Nature, "we go live in March");

        Assert.NotNull(answer);
        Assert.Equal(Dimension.Nature, answer.Dimension);
        Assert.Equal(Leaning.Project, answer.Leaning);
        Assert.Equal(SignalSource.Answer, answer.Source);
    }

    [Fact]
    public void A_typed_answer_pulling_both_ways_is_not_guessed()
    {
        Assert.Null(_extractor.ReadAnswer(Dimension.Risk, "go live in March, then support it every day"));
    }

    [Theory]
    [InlineData("then it is handed over to the service desk")]
    [InlineData("after go-live we are handing the service off to support")]
    [InlineData("she hands payroll over to HR in May")]
    [InlineData("Set up a 24/7 security operations centre: hire analysts, choose a SIEM, write playbooks, operational by Q2 and then handed to the SOC manager.")]
    public void Handing_over_is_read_as_what_the_work_leaves_behind(string text)
    {
        Assert.Contains(_extractor.Extract(text), s => s.Dimension == Dimension.EndResult && s.Leaning == Leaning.Operations);
    }

    [Fact]
    public void More_than_two_words_between_hand_and_over_is_not_a_handover()
    {
        Assert.DoesNotContain(_extractor.Extract("hand the big old tool over to them"), s => s.Dimension == Dimension.EndResult && s.Leaning == Leaning.Operations);
    }

    [Fact]
    public void The_same_text_is_read_once_and_answered_from_memory_after()
    {
        const string text = "We replace the ticketing tool by June; then the service desk runs it every day.";

        var first = _extractor.Extract(text);
        var again = _extractor.Extract(new string(text.AsSpan()));

        Assert.Same(first, again);
        Assert.NotSame(first, _extractor.Extract(text + " "));
        Assert.Equal(first, new TextSignalExtractor().Extract(text));
    }

    [Fact]
    public void A_cue_that_runs_out_of_time_counts_as_not_found_and_the_rest_still_read()
    {
        // Nested quantifiers on a near-miss: exponential backtracking, far past the cue's time limit.
        var extractor = new TextSignalExtractor([
            new TextCue(@"(a+)+b", Leaning.Project, false, Dimension.Timeframe),
            new TextCue(@"\bdaily\b", Leaning.Operations, false, Dimension.Rhythm),
        ]);
        var text = new string('a', 40) + "! daily";

        var first = extractor.Extract(text);

        var signal = Assert.Single(first);
        Assert.Equal((Dimension.Rhythm, Leaning.Operations), (signal.Dimension, signal.Leaning));
        Assert.NotSame(first, extractor.Extract(text));
    }
}
