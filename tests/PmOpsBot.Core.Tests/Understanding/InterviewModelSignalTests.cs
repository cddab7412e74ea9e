using Microsoft.Extensions.Time.Testing;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Interview;

namespace PmOpsBot.Core.Tests.Understanding;

/// <summary>What a language model read from the description is confirmed like what the rules read, and only fills gaps.</summary>
public sealed class InterviewModelSignalTests
{
    private const string Description = "Roll out the new CRM to sales and go live in March, with a few people from finance helping";
    private readonly InterviewEngine _engine;

    public InterviewModelSignalTests()
    {
        var extractor = new TextSignalExtractor();
        _engine = new InterviewEngine(extractor, new AnswerReader(extractor), new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero)));
    }

    private InterviewSession Described(params DimensionSignal[] model)
    {
        var session = _engine.Start();
        _engine.Answer(session, "CRM rollout", null);
        session.ModelSignals = [.. model];
        _engine.Answer(session, Description, null);
        return session;
    }

    [Fact]
    public void A_model_signal_on_a_dimension_the_rules_missed_is_shown_for_confirmation_and_confirmed_like_the_rest()
    {
        var session = Described(new DimensionSignal(Dimension.Team, Leaning.Project, SignalSource.Text, "a few people from finance"));

        Assert.Contains(session.Inferred, s => s.Dimension == Dimension.Team && s.Evidence == "“a few people from finance”" && s.Source == SignalSource.Text);
        var next = Assert.IsType<InterviewProgress.AskQuestion>(_engine.Answer(session, "yes", null));

        Assert.Contains(session.Answers, a => a.Dimension == Dimension.Team && a.Leaning == Leaning.Project && a.Source == SignalSource.ConfirmedInference);
        Assert.NotEqual(Dimension.Team, next.Question.Dimension);
    }

    [Fact]
    public void Model_signals_the_rules_overrule_or_the_text_does_not_contain_are_not_shown()
    {
        var withModel = Described(
            new DimensionSignal(Dimension.Timeframe, Leaning.Operations, SignalSource.Text, "go live in March"),
            new DimensionSignal(Dimension.Scope, Leaning.Project, SignalSource.Text, "across all twelve regions"));
        var rulesOnly = Described();

        Assert.Equal(rulesOnly.Inferred, withModel.Inferred);
    }

    [Fact]
    public void Going_back_to_the_confirmation_infers_the_model_signals_again()
    {
        var session = Described(new DimensionSignal(Dimension.Team, Leaning.Project, SignalSource.Text, "a few people from finance"));
        _engine.Answer(session, "yes", null);

        var again = Assert.IsType<InterviewProgress.ConfirmInferred>(_engine.Back(session));

        Assert.Contains(again.Inferred, s => s.Dimension == Dimension.Team);
        Assert.DoesNotContain(session.Answers, a => a.Source == SignalSource.ConfirmedInference);
    }

    [Fact]
    public void Declining_asks_about_the_dimension_the_model_suggested()
    {
        var session = Described(new DimensionSignal(Dimension.Team, Leaning.Project, SignalSource.Text, "a few people from finance"));

        _engine.Answer(session, "no", null);
        for (var guard = 0; guard < 12 && session.Current is { } d && d != Dimension.Team; guard++) _engine.Answer(session, "a", null);

        Assert.Equal(Dimension.Team, session.Current);
    }
}
