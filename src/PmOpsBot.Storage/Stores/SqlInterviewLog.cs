using System.Data.Common;
using Dapper;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Storage.Stores;

/// <summary>Unfinished interviews in the <c>open_interviews</c> table, one row per session.</summary>
public sealed class SqlInterviewLog : IInterviewLog
{
    private const string Columns = """
        session_id AS SessionId, tenant_id AS TenantId, team_id AS TeamId, conversation_id AS ConversationId,
        user_id AS UserId, user_name AS UserName, name AS Name, started_at AS StartedAt, updated_at AS UpdatedAt
        """;

    // The WHERE keeps a session id of another tenant from being overwritten: nothing changes, and
    // UpsertAsync refuses.
    private const string UpsertSql = """
        INSERT INTO open_interviews (session_id, tenant_id, team_id, conversation_id, user_id, user_name, name, started_at, updated_at)
        VALUES (@SessionId, @TenantId, @TeamId, @ConversationId, @UserId, @UserName, @Name, @StartedAt, @UpdatedAt)
        ON CONFLICT (session_id) DO UPDATE SET
            team_id = excluded.team_id,
            conversation_id = excluded.conversation_id,
            user_id = excluded.user_id,
            user_name = excluded.user_name,
            name = excluded.name,
            started_at = excluded.started_at,
            updated_at = excluded.updated_at
        WHERE open_interviews.tenant_id = excluded.tenant_id
        """;

    private const string RemoveSql = "DELETE FROM open_interviews WHERE session_id = @SessionId";

    // "Forget me": rare, so no index of its own; the tenant keeps other tenants' rows out of reach.
    private const string RemoveAllForUserSql = "DELETE FROM open_interviews WHERE tenant_id = @TenantId AND user_id = @UserId";

    // A range on (tenant_id, team_id, updated_at), read in index order: no sort, stops at the limit.
    // (A tie-breaker outside the index would add a sort; ties of tick-precise times are left unordered.)
    internal const string ListStaleByTeamSql = $"""
        SELECT {Columns} FROM open_interviews
        WHERE tenant_id = @TenantId AND team_id = @TeamId AND updated_at < @UntouchedSince
        ORDER BY updated_at
        LIMIT @Limit
        """;

    // The same on (tenant_id, conversation_id, updated_at), for a scope without a team (a group chat).
    internal const string ListStaleByConversationSql = $"""
        SELECT {Columns} FROM open_interviews
        WHERE tenant_id = @TenantId AND conversation_id = @ConversationId AND updated_at < @UntouchedSince
        ORDER BY updated_at
        LIMIT @Limit
        """;

    private readonly StorageDatabase _database;

    public SqlInterviewLog(StorageDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <summary>
    /// Stores the interview, replacing what was stored for its session. Like every write, through the database's write
    /// queue (<see cref="StorageDatabase.WriteAsync{T}"/>): on SQLite it shares a commit with other turns' writes.
    /// </summary>
    /// <exception cref="InvalidOperationException">The session id is already that of another tenant's interview.</exception>
    public async Task UpsertAsync(OpenInterview interview, CancellationToken cancellationToken)
    {
        var parameters = UpsertParameters(interview);
        var changed = await _database.ExecuteWriteAsync(UpsertSql, parameters, cancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            throw new InvalidOperationException($"Interview {StoredFormat.Id(interview.SessionId)} belongs to another tenant and was not saved.");
        }
    }

    /// <summary>
    /// <see cref="UpsertAsync"/> inside a write the caller runs (the conversation state's, see <see cref="SqlBotStorage"/>);
    /// false when the session id is another tenant's and nothing changed.
    /// </summary>
    internal static async Task<bool> UpsertInAsync(DbConnection connection, DbTransaction transaction, object parameters, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(UpsertSql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;

    /// <summary>The statement's parameters; checked before any write starts, so a bad interview fails on its own.</summary>
    internal static object UpsertParameters(OpenInterview interview)
    {
        ArgumentNullException.ThrowIfNull(interview);
        ArgumentNullException.ThrowIfNull(interview.TenantId);
        ArgumentNullException.ThrowIfNull(interview.ConversationId);
        ArgumentNullException.ThrowIfNull(interview.User);
        return new
        {
            SessionId = StoredFormat.Id(interview.SessionId),
            interview.TenantId,
            interview.TeamId,
            interview.ConversationId,
            UserId = interview.User.Id,
            UserName = interview.User.Name,
            interview.Name,
            StartedAt = StoredFormat.Timestamp(interview.StartedAt),
            UpdatedAt = StoredFormat.Timestamp(interview.UpdatedAt),
        };
    }

    /// <summary>Forgets the session's interview; an unknown id changes nothing.</summary>
    public async Task RemoveAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await _database.ExecuteWriteAsync(RemoveSql, new { SessionId = StoredFormat.Id(sessionId) }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the person's open interviews in the tenant, in every conversation.</summary>
    public async Task<int> RemoveAllForUserAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(userId);
        return await _database.ExecuteWriteAsync(RemoveAllForUserSql, new { TenantId = tenantId, UserId = userId }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Open interviews of the scope's team (or, when it has none, of its conversation) whose
    /// <see cref="OpenInterview.UpdatedAt"/> is before <paramref name="untouchedSince"/>; the longest untouched first.
    /// </summary>
    public async Task<IReadOnlyList<OpenInterview>> ListStaleAsync(DigestScope scope, DateTimeOffset untouchedSince, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(scope.TenantId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (scope.TeamId is null)
        {
            ArgumentNullException.ThrowIfNull(scope.ConversationId);
        }

        var parameters = new
        {
            scope.TenantId,
            scope.TeamId,
            scope.ConversationId,
            UntouchedSince = StoredFormat.Timestamp(untouchedSince),
            Limit = limit,
        };

        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<InterviewRow>(new CommandDefinition(
                scope.TeamId is null ? ListStaleByConversationSql : ListStaleByTeamSql,
                parameters,
                cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return rows.Select(row => row.ToInterview()).ToArray();
    }

    private sealed class InterviewRow
    {
        public string SessionId { get; set; } = "";
        public string TenantId { get; set; } = "";
        public string? TeamId { get; set; }
        public string ConversationId { get; set; } = "";
        public string UserId { get; set; } = "";
        public string UserName { get; set; } = "";
        public string? Name { get; set; }
        public string StartedAt { get; set; } = "";
        public string UpdatedAt { get; set; } = "";

        public OpenInterview ToInterview() => new(
            StoredFormat.ParseId(SessionId),
            TenantId,
            TeamId,
            ConversationId,
            new UserRef(UserId, UserName),
            Name,
            StoredFormat.ParseTimestamp(StartedAt),
            StoredFormat.ParseTimestamp(UpdatedAt));
    }
}
