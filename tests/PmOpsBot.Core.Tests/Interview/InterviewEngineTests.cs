using Microsoft.Extensions.Time.Testing;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Interview;

namespace PmOpsBot.Core.Tests.Interview;

public sealed class InterviewEngineTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private readonly InterviewEngine _engine;

    public InterviewEngineTests()
    {
        var extractor = new TextSignalExtractor();
        _engine = new InterviewEngine(extractor, new AnswerReader(extractor), _clock);
    }

    private InterviewSession AtFirstQuestion()
    {
        var session = _engine.Start();
        _engine.Answer(session, "Blue sky", null);
        _engine.Answer(session, "hello world", null); // nothing to read: straight to the questions
        return session;
    }

    [Fact]
    public void Starts_by_asking_for_a_name()
    {
        var session = _engine.Start();

        Assert.IsType<InterviewProgress.AskName>(_engine.Current(session));
        Assert.Equal(_clock.GetUtcNow(), session.StartedAt);
    }

    [Fact]
    public void An_empty_or_overlong_name_is_asked_again_with_an_example()
    {
        var session = _engine.Start();

        var empty = Assert.IsType<InterviewProgress.AskName>(_engine.Answer(session, "  ", null));
        var tooLong = Assert.IsType<InterviewProgress.AskName>(_engine.Answer(session, new string('x', 200), null));

        Assert.Contains("for example", empty.Note, StringComparison.Ordinal);
        Assert.Contains("under 80", tooLong.Note, StringComparison.Ordinal);
        Assert.Null(session.Name);
    }

    [Fact]
    public void A_description_with_cues_is_shown_back_for_confirmation()
    {
        var session = _engine.Start();
        _engine.Answer(session, "CRM rollout", null);

        var progress = Assert.IsType<InterviewProgress.ConfirmInferred>(_engine.Answer(session, "Roll out the new CRM to sales, go live in March", null));

        Assert.Contains(progress.Inferred, s => s.Dimension == Dimension.Timeframe && s.Leaning == Leaning.Project);
    }

    [Fact]
    public void Confirming_skips_the_questions_the_description_already_settled()
    {
        var session = _engine.Start();
        _engine.Answer(session, "CRM rollout", null);
        _engine.Answer(session, "Roll out the new CRM to sales, go live in March", null);

        var question = Assert.IsType<InterviewProgress.AskQuestion>(_engine.Answer(session, null, "yes"));

        Assert.Contains(session.Answers, a => a.Dimension == Dimension.Timeframe && a.Source == SignalSource.ConfirmedInference);
        Assert.NotEqual(Dimension.Timeframe, question.Question.Dimension);
        Assert.True(question.Total < InterviewScript.Questions.Count);
    }

    [Fact]
    public void Declining_asks_every_question()
    {
        var session = _engine.Start();
        _engine.Answer(session, "CRM rollout", null);
        _engine.Answer(session, "Roll out the new CRM to sales, go live in March", null);

        var question = Assert.IsType<InterviewProgress.AskQuestion>(_engine.Answer(session, "no", null));

        Assert.Empty(session.Answers);
        Assert.Equal(Dimension.Nature, question.Question.Dimension);
        Assert.Equal(12, question.Total);
    }

    [Theory]
    [InlineData(null, "a", Leaning.Project)]
    [InlineData("b", null, Leaning.Operations)]
    [InlineData("B)", null, Leaning.Operations)]
    [InlineData("2", null, Leaning.Operations)]
    [InlineData("it's ongoing", null, Leaning.Operations)]
    [InlineData("A one-time piece of work", null, Leaning.Project)]
    [InlineData("not sure", null, Leaning.Neutral)]
    [InlineData("we go live in March", null, Leaning.Project)]
    public void Answers_come_as_buttons_letters_numbers_or_words(string? text, string? choice, Leaning expected)
    {
        var session = AtFirstQuestion();

        _engine.Answer(session, text, choice);

        var answer = Assert.Single(session.Answers);
        Assert.Equal(Dimension.Nature, answer.Dimension);
        Assert.Equal(expected, answer.Leaning);
    }

    [Fact]
    public void An_answer_that_is_not_understood_is_asked_again_with_an_example()
    {
        var session = AtFirstQuestion();

        var again = Assert.IsType<InterviewProgress.AskQuestion>(_engine.Answer(session, "purple elephants", null));

        Assert.Equal(Dimension.Nature, again.Question.Dimension);
        Assert.Contains("for example", again.Note, StringComparison.Ordinal);
        Assert.Empty(session.Answers);
        Assert.Equal(1, session.Misunderstood);
    }

    [Fact]
    public void Back_undoes_the_last_answer_and_asks_it_again()
    {
        var session = AtFirstQuestion();
        _engine.Answer(session, null, "a");

        var back = Assert.IsType<InterviewProgress.AskQuestion>(_engine.Back(session));

        Assert.Equal(Dimension.Nature, back.Question.Dimension);
        Assert.Empty(session.Answers);
        _engine.Answer(session, null, "b");
        Assert.Equal(Leaning.Operations, Assert.Single(session.Answers).Leaning);
    }

    [Fact]
    public void Back_from_the_first_question_returns_to_the_description_and_then_the_name()
    {
        var session = AtFirstQuestion();

        Assert.IsType<InterviewProgress.AskDescription>(_engine.Back(session));
        Assert.IsType<InterviewProgress.AskName>(_engine.Back(session));
        var nothing = Assert.IsType<InterviewProgress.AskName>(_engine.Back(session));
        Assert.Contains("first step", nothing.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Skip_moves_on_without_scoring_and_back_unskips()
    {
        var session = AtFirstQuestion();

        var next = Assert.IsType<InterviewProgress.AskQuestion>(_engine.Skip(session));

        Assert.Equal(Dimension.Objective, next.Question.Dimension);
        Assert.Contains(Dimension.Nature, session.Skipped);
        Assert.Empty(session.Answers);
        _engine.Back(session);
        Assert.DoesNotContain(Dimension.Nature, session.Skipped);
    }

    [Fact]
    public void The_name_cannot_be_skipped()
    {
        var session = _engine.Start();

        var progress = Assert.IsType<InterviewProgress.AskName>(_engine.Skip(session));

        Assert.Contains("can't be skipped", progress.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Answering_every_question_finishes_the_interview()
    {
        var session = AtFirstQuestion();
        InterviewProgress last = _engine.Current(session);
        for (var i = 0; i < InterviewScript.Questions.Count; i++) last = _engine.Answer(session, null, "a");

        Assert.IsType<InterviewProgress.Finished>(last);
        Assert.Equal(12, session.Answers.Count);
    }

    [Fact]
    public void A_description_sent_first_only_needs_a_name_before_confirmation()
    {
        var session = _engine.StartFromDescription("Move the Leeds office to the new building by June");

        Assert.IsType<InterviewProgress.AskName>(_engine.Current(session));
        var confirm = Assert.IsType<InterviewProgress.ConfirmInferred>(_engine.Answer(session, "Leeds move", null));
        Assert.NotEmpty(confirm.Inferred);
        Assert.Equal("Leeds move", session.Name);
    }

    [Fact]
    public void Status_counts_questions_asked_so_far()
    {
        var session = AtFirstQuestion();
        _engine.Answer(session, null, "a");
        _engine.Answer(session, null, "b");

        Assert.Equal((3, 12), _engine.Position(session));
    }
}
