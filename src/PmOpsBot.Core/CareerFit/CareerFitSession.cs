namespace PmOpsBot.Core.CareerFit;

/// <summary>
/// A career check in progress: plain data kept in the person's chat state between turns, so
/// only settable properties and concrete collections, and derived values are methods.
/// </summary>
public sealed class CareerFitSession
{
    /// <summary>Index into <see cref="CareerQuestions.Questions"/> of the question being asked; the count of questions once finished.</summary>
    public int Index { get; set; }

    /// <summary>Question id → option key; at most one per question.</summary>
    public Dictionary<string, string> Answers { get; set; } = [];

    /// <summary>Question ids the person skipped: not asked again, not scored.</summary>
    public List<string> Skipped { get; set; } = [];

    /// <summary>Question ids answered or skipped, newest last, so "back" can undo them one at a time.</summary>
    public List<string> History { get; set; } = [];

    /// <summary>How many times in a row the current question was not understood.</summary>
    public int Misunderstood { get; set; }

    public bool IsFinished() => CurrentQuestion() is null;

    public CareerQuestion? CurrentQuestion() =>
        Index >= 0 && Index < CareerQuestions.Questions.Count ? CareerQuestions.Questions[Index] : null;

    /// <summary>Identifies the question a button belongs to ("career:pace"), or "career:done" once finished.</summary>
    public string StepKey() => CurrentQuestion()?.StepKey() ?? CareerQuestion.StepPrefix + "done";

    public bool CanGoBack() => History.Count > 0;

    /// <summary>The answers to keep, so the next career check can offer to reuse them.</summary>
    public CareerProfile ToProfile(string tenantId, string userId, DateTimeOffset updatedAt) =>
        new(tenantId, userId, new Dictionary<string, string>(Answers), updatedAt);
}
