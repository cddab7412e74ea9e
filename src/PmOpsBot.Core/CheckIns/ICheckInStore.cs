using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.CheckIns;

/// <summary>
/// Check-in answers (current and every saved version), pauses, and the prompt log that keeps prompts and
/// reminders to exactly one per person, subscription and digest date across bot instances.
/// </summary>
public interface ICheckInStore
{
    /// <summary>
    /// Saves <paramref name="answer"/>: inserts it, or replaces the answer of the same (initiative, author id,
    /// subscription, digest date), keeping that one's id. Every call also appends the version to the history.
    /// </summary>
    /// <returns>The answer as stored now (its id may be that of the answer it replaced).</returns>
    Task<CheckInAnswer> SaveAnswerAsync(CheckInAnswer answer, CancellationToken cancellationToken);

    /// <summary>
    /// What the digest of <paramref name="digestDate"/> reports: the subscription's answers for that date, plus its
    /// answers for earlier dates given after <paramref name="previousPostedAt"/> (late answers, and answers to a
    /// digest that never posted) — none of those when it is null. Oldest answer first.
    /// </summary>
    Task<IReadOnlyList<CheckInAnswer>> ListForDigestAsync(string tenantId, Guid subscriptionId, DateOnly digestDate, DateTimeOffset? previousPostedAt, CancellationToken cancellationToken);

    /// <summary>The current answers for an initiative (one per author, subscription and date), latest digest date first, then latest answer.</summary>
    Task<IReadOnlyList<CheckInAnswer>> ListAnswersAsync(string tenantId, Guid initiativeId, int limit, CancellationToken cancellationToken);

    /// <summary>The newest current answer for an initiative (for the handover card), or null.</summary>
    Task<CheckInAnswer?> FindLatestAsync(string tenantId, Guid initiativeId, CancellationToken cancellationToken);

    /// <summary>Every saved version (edits included), newest first.</summary>
    Task<IReadOnlyList<CheckInAnswer>> ListHistoryAsync(string tenantId, Guid initiativeId, int limit, CancellationToken cancellationToken);

    /// <summary>Sets (replaces) the person's pause.</summary>
    Task SetPauseAsync(CheckInPause pause, CancellationToken cancellationToken);

    Task<CheckInPause?> FindPauseAsync(string tenantId, string userId, CancellationToken cancellationToken);

    Task ClearPauseAsync(string tenantId, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// “Forget me”: the person's answers in this tenant (current ones and every saved version) stay as status history,
    /// with <paramref name="replacement"/> (a former member) as their author. Returns how many current answers changed.
    /// </summary>
    Task<int> AnonymiseAuthorAsync(string tenantId, string userId, UserRef replacement, CancellationToken cancellationToken);

    /// <summary>The pauses of <paramref name="userIds"/> that still cover <paramref name="digestDate"/>.</summary>
    Task<IReadOnlyList<CheckInPause>> ListPausesAsync(string tenantId, IReadOnlyCollection<string> userIds, DateOnly digestDate, CancellationToken cancellationToken);

    /// <summary>True exactly once per (subscription, digest date, user), whichever instance asks first.</summary>
    Task<bool> TryRecordPromptAsync(Guid subscriptionId, DateOnly digestDate, string userId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>True exactly once, and only when a prompt was recorded and the person was not found unreachable.</summary>
    Task<bool> TryRecordReminderAsync(Guid subscriptionId, DateOnly digestDate, string userId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records that the person cannot be messaged for this digest (records the prompt too when none was); the first time is kept.</summary>
    Task MarkUnreachableAsync(Guid subscriptionId, DateOnly digestDate, string userId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Who was asked, reminded, or found unreachable for this digest.</summary>
    Task<IReadOnlyList<CheckInPromptRecord>> ListPromptsAsync(Guid subscriptionId, DateOnly digestDate, CancellationToken cancellationToken);
}
