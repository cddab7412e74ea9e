using Dapper;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Storage.Stores;

/// <summary>
/// The <c>inbound_events</c> table: one row per delivery taken in, written with the stored request
/// (<see cref="SqlSlackInboundStore"/>); the primary key decides who was first.
/// </summary>
public sealed class SqlInboundEventLog(StorageDatabase database) : IInboundEventLog
{
    // Run by SqlSlackInboundStore, in the transaction that stores the request.
    internal const string RecordSql = """
        INSERT INTO inbound_events (source, event_id, received_at) VALUES (@Source, @EventId, @ReceivedAt)
        ON CONFLICT (source, event_id) DO NOTHING
        """;

    private const string ForgetSql = "DELETE FROM inbound_events WHERE received_at < @Cutoff";

    public async Task<int> ForgetBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        return await database.ExecuteWriteAsync(ForgetSql, new { Cutoff = StoredFormat.Timestamp(cutoff) }, cancellationToken).ConfigureAwait(false);
    }
}
