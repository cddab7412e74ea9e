using System.Globalization;
using System.Text;
using Dapper;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Storage.Stores;

/// <summary>The <c>slack_inbound</c> table: acknowledged Slack requests, leased by the instance working them.</summary>
public sealed class SqlSlackInboundStore(StorageDatabase database) : ISlackInboundStore
{
    private const string InsertSql = """
        INSERT INTO slack_inbound (kind, order_key, event_id, body, received_at, lease_until, attempts)
        VALUES (@Kind, @OrderKey, @EventId, @Body, @ReceivedAt, @LeaseUntil, 1)
        RETURNING id
        """;

    // Read without a lock: the table is nearly always free of expired rows, and a candidate is only a candidate.
    private const string SelectExpiredSql = "SELECT id FROM slack_inbound WHERE lease_until <= @Now ORDER BY id LIMIT @Limit";

    // The claim itself: only one caller's update still finds the lease ended (on PostgreSQL the second waits for the
    // first and then re-reads the row), so only one gets the row back.
    private const string ClaimSql = """
        UPDATE slack_inbound SET lease_until = @LeaseUntil, attempts = attempts + 1
        WHERE id = @Id AND lease_until <= @Now
        RETURNING id AS Id, kind AS Kind, order_key AS OrderKey, event_id AS EventId, body AS Body, received_at AS ReceivedAt, attempts AS Attempts
        """;

    // Followed by a parameter list of ids (see IdList): Dapper would bind "IN @Ids" as one array on PostgreSQL.
    private const string RenewSql = "UPDATE slack_inbound SET lease_until = @LeaseUntil WHERE id IN ";

    private const string DeleteSql = "DELETE FROM slack_inbound WHERE id IN ";

    private const string ReturnSql = "UPDATE slack_inbound SET lease_until = @Now, attempts = attempts - 1 WHERE id = @Id";

    private const string CountSql = "SELECT COUNT(*) FROM slack_inbound";

    /// <summary>Ids per statement: well under either provider's parameter limit.</summary>
    private const int IdsPerStatement = 500;

    public async Task<long?> AddAsync(NewSlackRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The event id and the request commit together: a copy of the event that reaches another instance finds its id
        // only if the request is stored, and a failed store leaves no id behind to turn Slack's retry away. No lock key:
        // the primary key of inbound_events decides. On SQLite, requests arriving together share one commit
        // (StorageDatabase.WriteAsync).
        return await database.WriteAsync(lockKeys: null, async (connection, transaction, token) =>
        {
            if (request.EventId is not null)
            {
                var recorded = await connection.ExecuteAsync(new CommandDefinition(SqlInboundEventLog.RecordSql,
                    new { Source = ISlackInboundStore.EventSource, request.EventId, ReceivedAt = StoredFormat.Timestamp(request.ReceivedAt) }, transaction,
                    cancellationToken: token)).ConfigureAwait(false);
                if (recorded == 0) return (long?)null;
            }

            return await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, Parameters(request), transaction, cancellationToken: token)).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AcknowledgedSlackRequest>> ClaimExpiredAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var expiredBy = StoredFormat.Timestamp(now);
        List<long> candidates;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            candidates = (await connection.QueryAsync<long>(new CommandDefinition(SelectExpiredSql,
                new { Now = expiredBy, Limit = limit }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        }

        if (candidates.Count == 0) return [];

        // One transaction for the batch: one commit (one sync on SQLite) instead of one per row.
        var lease = StoredFormat.Timestamp(leaseUntil);
        return await database.WriteAsync(lockKeys: null, async (connection, transaction, token) =>
        {
            var claimed = new List<AcknowledgedSlackRequest>(candidates.Count);
            foreach (var id in candidates)
            {
                var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ClaimSql,
                    new { Id = id, Now = expiredBy, LeaseUntil = lease }, transaction, cancellationToken: token)).ConfigureAwait(false);
                if (row is not null) claimed.Add(row.ToRequest());
            }

            return (IReadOnlyList<AcknowledgedSlackRequest>)claimed;
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<int> RenewAsync(IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var lease = StoredFormat.Timestamp(leaseUntil);
        return ForEachChunkAsync(ids, RenewSql, parameters => parameters.Add("LeaseUntil", lease), cancellationToken);
    }

    public async Task ReturnAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await database.ExecuteWriteAsync(ReturnSql, new { Id = id, Now = StoredFormat.Timestamp(now) }, cancellationToken).ConfigureAwait(false);

    public Task<int> DeleteAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ForEachChunkAsync(ids, DeleteSql, _ => { }, cancellationToken);
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>"<paramref name="sqlBeforeIdList"/> (@Id0, …)" for every chunk of ids, in one transaction; the rows changed.</summary>
    private async Task<int> ForEachChunkAsync(IReadOnlyCollection<long> ids, string sqlBeforeIdList, Action<DynamicParameters> addParameters, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return 0;
        return await database.WriteAsync(lockKeys: null, async (connection, transaction, token) =>
        {
            var changed = 0;
            foreach (var chunk in ids.Chunk(IdsPerStatement))
            {
                var (inList, parameters) = IdList(chunk);
                addParameters(parameters);
                changed += await connection.ExecuteAsync(new CommandDefinition(sqlBeforeIdList + inList, parameters, transaction, cancellationToken: token)).ConfigureAwait(false);
            }

            return changed;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static object Parameters(NewSlackRequest request) => new
    {
        request.Kind,
        request.OrderKey,
        request.EventId,
        request.Body,
        ReceivedAt = StoredFormat.Timestamp(request.ReceivedAt),
        LeaseUntil = StoredFormat.Timestamp(request.LeaseUntil),
    };

    /// <summary>"(@Id0, @Id1, …)" with one parameter per id.</summary>
    private static (string InList, DynamicParameters Parameters) IdList(IEnumerable<long> ids)
    {
        var parameters = new DynamicParameters();
        var list = new StringBuilder("(");
        var i = 0;
        foreach (var id in ids)
        {
            var name = "Id" + i.ToString(CultureInfo.InvariantCulture);
            if (i++ > 0) list.Append(", ");
            list.Append('@').Append(name);
            parameters.Add(name, id);
        }

        return (list.Append(')').ToString(), parameters);
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string Kind { get; set; } = "";
        public string OrderKey { get; set; } = "";
        public string? EventId { get; set; }
        public byte[] Body { get; set; } = [];
        public string ReceivedAt { get; set; } = "";
        public int Attempts { get; set; }

        public AcknowledgedSlackRequest ToRequest() => new(Id, Kind, OrderKey, EventId, Body, StoredFormat.ParseTimestamp(ReceivedAt), Attempts);
    }
}
