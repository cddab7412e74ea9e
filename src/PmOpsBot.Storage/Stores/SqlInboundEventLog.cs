using Dapper;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Storage.Stores;

/// <summary>The <c>inbound_events</c> table: one row per delivery taken in; the primary key decides who was first.</summary>
public sealed class SqlInboundEventLog(StorageDatabase database) : IInboundEventLog
{
    private const string RecordSql = """
        INSERT INTO inbound_events (source, event_id, received_at) VALUES (@Source, @EventId, @ReceivedAt)
        ON CONFLICT (source, event_id) DO NOTHING
        """;

    private const string ForgetSql = "DELETE FROM inbound_events WHERE received_at < @Cutoff";

    public async Task<bool> TryRecordAsync(string source, string eventId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(RecordSql,
            new { Source = source, EventId = eventId, ReceivedAt = StoredFormat.Timestamp(receivedAt) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return inserted == 1;
    }

    public async Task<int> ForgetBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(ForgetSql, new { Cutoff = StoredFormat.Timestamp(cutoff) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
