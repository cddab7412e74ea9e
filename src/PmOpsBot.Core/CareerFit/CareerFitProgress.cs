namespace PmOpsBot.Core.CareerFit;

/// <summary>What the career check needs shown next.</summary>
public abstract record CareerFitProgress
{
    /// <summary>Ask one question; <see cref="Note"/> explains a re-ask or a move (back, nothing to go back to).</summary>
    public sealed record AskQuestion(CareerQuestion Question, int Number, int Total, string? Note) : CareerFitProgress;

    /// <summary>Every question is answered or skipped: score the session's answers.</summary>
    public sealed record Finished : CareerFitProgress;
}
