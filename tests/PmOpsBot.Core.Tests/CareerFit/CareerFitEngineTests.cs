using PmOpsBot.Core.CareerFit;

namespace PmOpsBot.Core.Tests.CareerFit;

public sealed class CareerFitEngineTests
{
    private readonly CareerFitEngine _engine = new();

    private static string FirstId => CareerQuestions.Questions[0].Id;

    private static string SecondId => CareerQuestions.Questions[1].Id;

    [Fact]
    public void Starts_with_the_first_question_of_about_four()
    {
        var session = _engine.Start();

        var ask = Assert.IsType<CareerFitProgress.AskQuestion>(_engine.Current(session));

        Assert.Equal(FirstId, ask.Question.Id);
        Assert.Equal(1, ask.Number);
        Assert.InRange(ask.Total, 3, 6);
        Assert.Equal(CareerQuestions.Questions.Count, ask.Total);
        Assert.Null(ask.Note);
        Assert.False(session.CanGoBack());
    }

    [Fact]
    public void Every_question_offers_a_project_an_operations_and_a_neither_option_with_traits()
    {
        Assert.All(CareerQuestions.Questions, q =>
        {
            Assert.Equal(["a", "b", "c"], q.Options.Select(o => o.Key));
            Assert.Contains(q.Options, o => o.Leaning == CareerLeaning.ProjectManagement && !string.IsNullOrWhiteSpace(o.Trait));
            Assert.Contains(q.Options, o => o.Leaning == CareerLeaning.OperationsManagement && !string.IsNullOrWhiteSpace(o.Trait));
            Assert.NotEmpty(q.Example);
            Assert.All(q.Options, o => Assert.NotEmpty(o.Synonyms));
        });
        Assert.Equal(CareerQuestions.Questions.Count, CareerQuestions.Questions.Select(q => q.Id).Distinct().Count());
    }

    [Fact]
    public void Synonyms_never_point_to_two_options_of_the_same_question()
    {
        Assert.All(CareerQuestions.Questions, q =>
        {
            var synonyms = q.Options.SelectMany(o => o.Synonyms.Select(s => s.ToLowerInvariant())).ToList();
            Assert.Equal(synonyms.Count, synonyms.Distinct().Count());
        });
    }

    [Theory]
    [InlineData(null, "a", "a")]
    [InlineData(null, "B", "b")]
    [InlineData("b", null, "b")]
    [InlineData("A)", null, "a")]
    [InlineData("2", null, "b")]
    [InlineData("3", null, "c")]
    [InlineData("option a", null, "a")]
    [InlineData("Starting something new from scratch", null, "a")]
    [InlineData("optimising", null, "b")]
    [InlineData("not sure", null, "c")]
    [InlineData("I'm not sure", null, "c")]
    [InlineData("I love building things from scratch!", null, "a")]
    public void Answers_come_as_buttons_letters_numbers_or_words(string? text, string? choice, string expectedKey)
    {
        var session = _engine.Start();

        var next = Assert.IsType<CareerFitProgress.AskQuestion>(_engine.Answer(session, text, choice));

        Assert.Equal(expectedKey, session.Answers[FirstId]);
        Assert.Equal(SecondId, next.Question.Id);
        Assert.Equal(2, next.Number);
        Assert.True(session.CanGoBack());
    }

    [Theory]
    [InlineData("purple elephants")]
    [InlineData("I don't like building from scratch")]
    [InlineData("building new things and improving processes")]
    [InlineData("   ")]
    public void An_answer_that_is_not_understood_is_asked_again_with_an_example(string text)
    {
        var session = _engine.Start();

        var again = Assert.IsType<CareerFitProgress.AskQuestion>(_engine.Answer(session, text, null));

        Assert.Equal(FirstId, again.Question.Id);
        Assert.Contains("for example", again.Note, StringComparison.Ordinal);
        Assert.Contains(again.Question.Example, again.Note, StringComparison.Ordinal);
        Assert.Empty(session.Answers);
        Assert.Equal(1, session.Misunderstood);
    }

    [Fact]
    public void A_button_from_another_question_is_refused()
    {
        var session = _engine.Start();

        var again = Assert.IsType<CareerFitProgress.AskQuestion>(_engine.Answer(session, null, "z"));

        Assert.Equal(FirstId, again.Question.Id);
        Assert.Contains("doesn't belong", again.Note, StringComparison.Ordinal);
        Assert.Empty(session.Answers);
    }

    [Fact]
    public void Back_undoes_the_last_answer_and_asks_it_again()
    {
        var session = _engine.Start();
        _engine.Answer(session, null, "a");

        var back = Assert.IsType<CareerFitProgress.AskQuestion>(_engine.Back(session));

        Assert.Equal(FirstId, back.Question.Id);
        Assert.NotNull(back.Note);
        Assert.Empty(session.Answers);
        _engine.Answer(session, null, "b");
        Assert.Equal("b", session.Answers[FirstId]);
        Assert.Equal(SecondId, session.CurrentQuestion()!.Id);
    }

    [Fact]
    public void Back_at_the_first_question_says_there_is_nothing_to_go_back_to()
    {
        var session = _engine.Start();

        var same = Assert.IsType<CareerFitProgress.AskQuestion>(_engine.Back(session));

        Assert.Equal(FirstId, same.Question.Id);
        Assert.Contains("nothing to go back to", same.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Skip_moves_on_without_scoring_and_back_unskips()
    {
        var session = _engine.Start();

        var next = Assert.IsType<CareerFitProgress.AskQuestion>(_engine.Skip(session));

        Assert.Equal(SecondId, next.Question.Id);
        Assert.Contains(FirstId, session.Skipped);
        Assert.Empty(session.Answers);
        var back = Assert.IsType<CareerFitProgress.AskQuestion>(_engine.Back(session));
        Assert.Equal(FirstId, back.Question.Id);
        Assert.DoesNotContain(FirstId, session.Skipped);
    }

    [Fact]
    public void Answering_every_question_finishes_and_back_reopens_the_last_one()
    {
        var session = _engine.Start();
        CareerFitProgress last = _engine.Current(session);
        foreach (var _ in CareerQuestions.Questions) last = _engine.Answer(session, null, "a");

        Assert.IsType<CareerFitProgress.Finished>(last);
        Assert.True(session.IsFinished());
        Assert.Equal("career:done", session.StepKey());
        Assert.Equal(CareerQuestions.Questions.Count, session.Answers.Count);
        Assert.IsType<CareerFitProgress.Finished>(_engine.Answer(session, null, "b"));

        var back = Assert.IsType<CareerFitProgress.AskQuestion>(_engine.Back(session));
        Assert.Equal(CareerQuestions.Questions[^1].Id, back.Question.Id);
        Assert.False(session.IsFinished());
    }

    [Fact]
    public void Skipping_every_question_finishes_with_nothing_answered()
    {
        var session = _engine.Start();
        CareerFitProgress last = _engine.Current(session);
        foreach (var _ in CareerQuestions.Questions) last = _engine.Skip(session);

        Assert.IsType<CareerFitProgress.Finished>(last);
        Assert.Empty(session.Answers);
        Assert.Equal(CareerQuestions.Questions.Count, session.Skipped.Count);
    }

    [Fact]
    public void The_step_key_names_the_question_being_asked()
    {
        var session = _engine.Start();
        _engine.Answer(session, null, "a");

        Assert.Equal($"career:{SecondId}", session.StepKey());
        Assert.Equal(session.StepKey(), session.CurrentQuestion()!.StepKey());
    }

    [Fact]
    public void A_complete_saved_profile_is_reused_without_asking_again()
    {
        var answers = CareerQuestions.Questions.ToDictionary(q => q.Id, _ => "b");
        var profile = new CareerProfile("t", "u", answers, DateTimeOffset.UnixEpoch);

        var session = _engine.StartFrom(profile);

        Assert.IsType<CareerFitProgress.Finished>(_engine.Current(session));
        Assert.Equal(answers, session.Answers);
        Assert.IsType<CareerFitProgress.AskQuestion>(_engine.Back(session));
    }

    [Fact]
    public void A_partial_or_outdated_profile_asks_only_what_it_does_not_cover()
    {
        var profile = new CareerProfile("t", "u",
            new Dictionary<string, string> { [FirstId] = "A", [SecondId] = "x", ["retired-question"] = "a" },
            DateTimeOffset.UnixEpoch);

        var session = _engine.StartFrom(profile);

        var ask = Assert.IsType<CareerFitProgress.AskQuestion>(_engine.Current(session));
        Assert.Equal(SecondId, ask.Question.Id);
        Assert.Equal(new Dictionary<string, string> { [FirstId] = "a" }, session.Answers);
    }

    [Fact]
    public void A_finished_session_becomes_a_profile_with_its_answers()
    {
        var session = _engine.Start();
        _engine.Answer(session, null, "a");
        _engine.Skip(session);
        var at = new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.Zero);

        var profile = session.ToProfile("tenant", "user", at);

        Assert.Equal(new Dictionary<string, string> { [FirstId] = "a" }, profile.Answers);
        Assert.Equal(("tenant", "user", at), (profile.TenantId, profile.UserId, profile.UpdatedAt));
        _engine.Back(session);
        _engine.Back(session);
        Assert.Single(profile.Answers); // a copy: later changes to the session do not leak into it
    }
}
