using PmOpsBot.Core.CareerFit;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Handover;
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

    /// <summary>“Forget me”: what is deleted and what stays, with Yes/No buttons (<c>forget-confirm</c>, <c>forget-cancel</c>).</summary>
    public sealed record ConfirmForget : Reply
    {
        public const string ConfirmAction = "forget-confirm";

        public const string CancelAction = "forget-cancel";

        public const string Question = "Forget me: delete your data?";

        public const string Explanation =
            "This deletes your open interviews, your career-fit answers and your check-in pauses, and resets this conversation. "
            + "Status answers you gave stay in the initiatives' history, signed “a former member”. "
            + "Initiatives you own stay, with your name removed, marked as needing a new owner.";
    }

    public sealed record DecisionCard(Initiative Initiative, ClassificationResult Result, RunGuidance Guidance) : Reply
    {
        /// <summary>A short plain-language "why" from a language model, when one is configured; it explains the decision and never changes it.</summary>
        public string? Rationale { get; init; }
    }

    /// <summary>A stand-up digest for this conversation.</summary>
    public sealed record DigestCard(DigestContent Content) : Reply;

    /// <summary>Offered once when the bot is added to a team: a daily digest here?</summary>
    public sealed record DigestOffer : Reply;

    public sealed record CareerQuestion(CareerFitProgress.AskQuestion Progress, bool CanGoBack) : Reply;

    public sealed record CareerResult(CareerFitResult Result) : Reply;

    /// <summary>Saved career answers exist: reuse them or answer again?</summary>
    public sealed record CareerReuseOffer(DateTimeOffset AnsweredAt) : Reply;

    /// <summary>Owners, date, stage and readiness of one initiative; <paramref name="UpdateInPlace"/> replaces the card that was clicked.</summary>
    public sealed record HandoverCard(Initiative Initiative, Readiness Readiness, bool UpdateInPlace = false) : Reply
    {
        /// <summary>The owner's latest check-in answer, when there is one.</summary>
        public PmOpsBot.Core.CheckIns.CheckInAnswer? LastStatus { get; init; }
    }

    public sealed record InitiativeList(string Title, IReadOnlyList<Initiative> Items, string EmptyMessage) : Reply;

    /// <summary>Several initiatives match what was typed: ask which one.</summary>
    public sealed record ChooseInitiative(string Question, IReadOnlyList<Initiative> Candidates) : Reply;

    /// <summary>No initiative matches: say so and offer to start an interview.</summary>
    public sealed record NoSuchInitiative(string Name) : Reply;

    /// <summary>Asks the person named as operations owner to accept or decline.</summary>
    public sealed record OwnerRequest(Initiative Initiative, UserRef AssignedBy) : Reply;

    /// <summary>
    /// A message for someone other than the person talking, delivered in a private chat with them.
    /// <paramref name="Undeliverable"/> is told to the person talking when that is not possible.
    /// </summary>
    public sealed record DirectMessage(UserRef To, Reply Message, string Undeliverable) : Reply;
}
