using PmOpsBot.Core.Classification;

namespace PmOpsBot.Core.Interview;

/// <summary>What the interview needs shown next.</summary>
public abstract record InterviewProgress
{
    /// <summary>Ask for the initiative's name.</summary>
    public sealed record AskName(string? Note) : InterviewProgress;

    /// <summary>Ask for a free-text description.</summary>
    public sealed record AskDescription(string Name, string? Note) : InterviewProgress;

    /// <summary>Show what the description suggested and ask whether it is right.</summary>
    public sealed record ConfirmInferred(IReadOnlyList<DimensionSignal> Inferred, string? Note) : InterviewProgress;

    /// <summary>Ask one dimension's question.</summary>
    public sealed record AskQuestion(InterviewQuestion Question, int Number, int Total, DimensionSignal? Suggested, string? Note) : InterviewProgress;

    /// <summary>Every dimension is settled.</summary>
    public sealed record Finished : InterviewProgress;
}
