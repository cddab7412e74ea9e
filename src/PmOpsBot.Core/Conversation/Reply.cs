using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Core.Interview;

namespace PmOpsBot.Core.Conversation;

/// <summary>
/// What the bot says, independent of any channel's format: a renderer turns each reply into an
/// Adaptive Card, Block Kit or terminal text, and decides nothing.
/// </summary>
public abstract record Reply
{
    public sealed record Text(string Message) : Reply;

    public sealed record Welcome(string UserName) : Reply;

    public sealed record Help(bool InInterview) : Reply;

    /// <summary>An interview step to show; <see cref="StepKey"/> goes into every button so stale clicks are recognised.</summary>
    public sealed record InterviewPrompt(InterviewProgress Progress, string StepKey, bool CanGoBack) : Reply;

    public sealed record ConfirmAbandon(string OpenInterviewName) : Reply;

    public sealed record DecisionCard(Initiative Initiative, ClassificationResult Result, RunGuidance Guidance) : Reply;

    /// <summary>A feature that has a button already but is not available yet.</summary>
    public sealed record ComingSoon(string Feature) : Reply;
}
