using PmOpsBot.Core.CareerFit;

namespace PmOpsBot.Core.Tests.CareerFit;

public sealed class CareerFitScorerTests
{
    private readonly CareerFitScorer _scorer = new();

    private static Dictionary<string, string> All(string key) => CareerQuestions.Questions.ToDictionary(q => q.Id, _ => key);

    private static Dictionary<string, string> Keys(params string[] keys) =>
        CareerQuestions.Questions.Zip(keys).ToDictionary(p => p.First.Id, p => p.Second);

    [Fact]
    public void All_project_answers_lean_to_project_management_with_every_project_trait()
    {
        var result = _scorer.Score(All("a"));

        Assert.True(result.ProjectFit > 50);
        Assert.Equal(100, result.ProjectFit + result.OperationsFit);
        Assert.Equal(CareerLeaning.ProjectManagement, result.Leaning);
        Assert.Equal(CareerQuestions.Questions.Select(q => q.Option("a")!.Trait), result.ProjectTraits);
        Assert.Contains("Enjoys new initiatives and building from scratch", result.ProjectTraits);
        Assert.Contains("Works well under deadlines and milestones", result.ProjectTraits);
        Assert.Contains("Likes complex, unique problems", result.ProjectTraits);
        Assert.Contains("Wants variety", result.ProjectTraits);
        Assert.Empty(result.OperationsTraits);
    }

    [Fact]
    public void All_operations_answers_lean_to_operations_management_with_every_operations_trait()
    {
        var result = _scorer.Score(All("b"));

        Assert.True(result.OperationsFit > 50);
        Assert.Equal(CareerLeaning.OperationsManagement, result.Leaning);
        Assert.Contains("Enjoys optimising processes", result.OperationsTraits);
        Assert.Contains("Prefers structured, predictable work", result.OperationsTraits);
        Assert.Contains("Cares about long-term performance", result.OperationsTraits);
        Assert.Contains("Values consistency, quality and control", result.OperationsTraits);
        Assert.Empty(result.ProjectTraits);
    }

    [Fact]
    public void An_even_mix_is_balanced_and_lists_the_traits_of_both_paths()
    {
        var result = _scorer.Score(Keys("a", "b", "a", "b"));

        Assert.Equal((50, 50), (result.ProjectFit, result.OperationsFit));
        Assert.Equal(CareerLeaning.Balanced, result.Leaning);
        Assert.Equal(2, result.ProjectTraits.Count);
        Assert.Equal(2, result.OperationsTraits.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("c c c c")]
    public void Nothing_answered_or_only_neither_answers_is_an_even_split(string answers)
    {
        var keys = answers.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var result = _scorer.Score(Keys(keys));

        Assert.Equal((50, 50), (result.ProjectFit, result.OperationsFit));
        Assert.Equal(CareerLeaning.Balanced, result.Leaning);
        Assert.Empty(result.ProjectTraits);
        Assert.Empty(result.OperationsTraits);
        Assert.Equal(keys.Length, result.Answered);
        Assert.Equal(CareerQuestions.Questions.Count, result.Total);
    }

    [Fact]
    public void One_leaning_answer_among_neither_answers_tilts_the_split_without_making_it_total()
    {
        var result = _scorer.Score(Keys("c", "c", "b", "c"));

        Assert.InRange(result.OperationsFit, 51, 99);
        Assert.Equal(CareerLeaning.OperationsManagement, result.Leaning);
        Assert.Equal(["Cares about long-term performance"], result.OperationsTraits);
    }

    [Theory]
    [InlineData("a", "a", "a", "b")]
    [InlineData("a", "b", "b", "c")]
    [InlineData("a", "c", "c", "c")]
    [InlineData("b", "a", "c")]
    [InlineData("a")]
    public void The_two_fits_always_add_up_to_100(params string[] keys)
    {
        var result = _scorer.Score(Keys(keys));

        Assert.Equal(100, result.ProjectFit + result.OperationsFit);
        Assert.InRange(result.ProjectFit, 0, 100);
    }

    [Fact]
    public void Three_to_one_is_a_clear_lean()
    {
        var result = _scorer.Score(Keys("a", "a", "b", "a"));

        Assert.Equal((75, 25), (result.ProjectFit, result.OperationsFit));
        Assert.Equal(CareerLeaning.ProjectManagement, result.Leaning);
    }

    [Fact]
    public void Unknown_questions_and_options_are_ignored()
    {
        var answers = new Dictionary<string, string> { ["retired-question"] = "a", [CareerQuestions.Questions[0].Id] = "z" };

        var result = _scorer.Score(answers);

        Assert.Equal(0, result.Answered);
        Assert.Equal(50, result.ProjectFit);
    }

    [Fact]
    public void Guidance_names_the_progressions_and_certifications_of_each_path()
    {
        var project = CareerPathGuidance.ProjectManagement;
        var operations = CareerPathGuidance.OperationsManagement;

        Assert.Equal(["Programme manager", "Portfolio manager", "PMO lead"], project.Progressions);
        Assert.All(new[] { "PMP", "CAPM", "PRINCE2", "PgMP" }, c => Assert.Contains(project.Certifications, x => x.StartsWith(c, StringComparison.Ordinal)));
        Assert.Contains(operations.Progressions, p => p.Contains("COO", StringComparison.Ordinal));
        Assert.Contains("Business unit leader", operations.Progressions);
        Assert.Contains(operations.Progressions, p => p.Contains("operations", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["Lean Six Sigma", "ITIL", "Operations management programmes"], operations.Certifications);
        Assert.Equal(operations, CareerPathGuidance.InOrderFor(CareerLeaning.OperationsManagement)[0]);
        Assert.Equal(project, CareerPathGuidance.InOrderFor(CareerLeaning.Balanced)[0]);
    }
}
