namespace PmOpsBot.Core.Digest;

/// <summary>
/// A conversation-state storage that records a turn's open interviews in the same transaction as the state it saves: the
/// turn waits for one commit instead of two, and a crash cannot keep the log row without the state that holds the
/// interview, or the other way round.
/// </summary>
public interface IStateWithInterviewLogWriter
{
    /// <summary>
    /// Writes <paramref name="changes"/> as the storage's own write does (and fails as it does, writing nothing), and in the
    /// same transaction stores each of <paramref name="openInterviews"/> as <see cref="IInterviewLog.UpsertAsync"/> would.
    /// </summary>
    /// <returns>The interviews not stored because their session id is another tenant's; the state is saved all the same.</returns>
    Task<IReadOnlyList<OpenInterview>> WriteWithInterviewsAsync(
        IDictionary<string, object> changes, IReadOnlyCollection<OpenInterview> openInterviews, CancellationToken cancellationToken);
}
