using Dapper;
using PmOpsBot.Core.Delivery;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Storage.Stores;

/// <summary>The <c>pending_messages</c> table: undelivered messages, claimed by lease so each is worked by one instance at a time.</summary>
public sealed class SqlPendingMessageStore(StorageDatabase database) : IPendingMessageStore
{
    private const string Columns = """
        id AS Id, tenant_id AS TenantId, recipient_id AS RecipientId, address AS Address, payload AS Payload, attempts AS Attempts,
        created_at AS CreatedAt, next_attempt_at AS NextAttemptAt, last_error AS LastError
        """;

    private const string InsertSql = """
        INSERT INTO pending_messages (id, tenant_id, recipient_id, address, payload, attempts, created_at, next_attempt_at, claimed_until, last_error)
        VALUES (@Id, @TenantId, @RecipientId, @Address, @Payload, @Attempts, @CreatedAt, @NextAttemptAt, NULL, @LastError)
        """;

    // Due and not held by anyone, earliest first; read and marked under one write lock, so two instances never take the same row.
    private const string SelectDueSql = $"""
        SELECT {Columns} FROM pending_messages
        WHERE next_attempt_at <= @Now AND (claimed_until IS NULL OR claimed_until <= @Now)
        ORDER BY next_attempt_at
        LIMIT @Limit
        """;

    // Read without the write lock first: the queue is nearly always empty, and the lock would stop every writer on SQLite.
    private const string AnyDueSql = """
        SELECT 1 FROM pending_messages
        WHERE next_attempt_at <= @Now AND (claimed_until IS NULL OR claimed_until <= @Now)
        LIMIT 1
        """;

    private const string ClaimSql = "UPDATE pending_messages SET claimed_until = @LeaseUntil WHERE id = @Id";

    private const string RescheduleSql = """
        UPDATE pending_messages SET payload = @Payload, attempts = @Attempts, next_attempt_at = @NextAttemptAt, claimed_until = NULL, last_error = @LastError
        WHERE id = @Id
        """;

    private const string DeleteSql = "DELETE FROM pending_messages WHERE id = @Id";

    private const string DeleteForRecipientSql = "DELETE FROM pending_messages WHERE tenant_id = @TenantId AND recipient_id = @RecipientId";

    private const string CountSql = "SELECT COUNT(*) FROM pending_messages";

    private const string LockKey = "pending_messages";

    /// <summary>Longest error text kept: enough to tell what went wrong, not a whole HTML error page.</summary>
    private const int MaxErrorLength = 500;

    public async Task AddAsync(PendingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await database.ExecuteWriteAsync(InsertSql, new
        {
            Id = StoredFormat.Id(message.Id),
            message.TenantId,
            message.RecipientId,
            message.Address,
            message.Payload,
            message.Attempts,
            CreatedAt = StoredFormat.Timestamp(message.CreatedAt),
            NextAttemptAt = StoredFormat.Timestamp(message.NextAttemptAt),
            LastError = Shortened(message.LastError),
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PendingMessage>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var dueBy = StoredFormat.Timestamp(now);
        await using (var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await connection.ExecuteScalarAsync<int?>(new CommandDefinition(AnyDueSql, new { Now = dueBy }, cancellationToken: cancellationToken)).ConfigureAwait(false) is null)
                return [];
        }

        var lease = StoredFormat.Timestamp(leaseUntil);
        var rows = await database.WriteAsync([LockKey], async (connection, transaction, token) =>
        {
            var due = (await connection.QueryAsync<Row>(new CommandDefinition(SelectDueSql,
                new { Now = dueBy, Limit = limit }, transaction, cancellationToken: token)).ConfigureAwait(false)).ToList();
            foreach (var row in due)
                await connection.ExecuteAsync(new CommandDefinition(ClaimSql, new { row.Id, LeaseUntil = lease }, transaction, cancellationToken: token)).ConfigureAwait(false);
            return due;
        }, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToMessage()).ToList();
    }

    public async Task RescheduleAsync(Guid id, string payload, int attempts, DateTimeOffset nextAttemptAt, string lastError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        await database.ExecuteWriteAsync(RescheduleSql, new
        {
            Id = StoredFormat.Id(id),
            Payload = payload,
            Attempts = attempts,
            NextAttemptAt = StoredFormat.Timestamp(nextAttemptAt),
            LastError = Shortened(lastError),
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await database.ExecuteWriteAsync(DeleteSql, new { Id = StoredFormat.Id(id) }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> DeleteForRecipientAsync(string tenantId, string recipientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(recipientId);
        return await database.ExecuteWriteAsync(DeleteForRecipientSql, new { TenantId = tenantId, RecipientId = recipientId }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private static string Shortened(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string TenantId { get; set; } = "";
        public string? RecipientId { get; set; }
        public string Address { get; set; } = "";
        public string Payload { get; set; } = "";
        public int Attempts { get; set; }
        public string CreatedAt { get; set; } = "";
        public string NextAttemptAt { get; set; } = "";
        public string LastError { get; set; } = "";

        public PendingMessage ToMessage() => new(
            StoredFormat.ParseId(Id), TenantId, RecipientId, Address, Payload, Attempts,
            StoredFormat.ParseTimestamp(CreatedAt), StoredFormat.ParseTimestamp(NextAttemptAt), LastError);
    }
}
