using System.Globalization;
using System.Text;
using Dapper;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Storage.Stores;

/// <summary>
/// Check-ins (migration 0004): current answers (<c>checkin_answers</c>), every saved version (<c>checkin_history</c>),
/// pauses (<c>checkin_pauses</c>) and the prompt log (<c>checkin_prompts</c>).
/// </summary>
/// <remarks>
/// The prompt log's methods are single statements whose changed-row count is the answer, atomic on either provider
/// (SQLite runs them under its write lock; PostgreSQL makes a concurrent insert of the same key wait for the first,
/// and a conditional update wait for the row and check its condition again on the row's latest version), so any
/// number of processes sharing the database agree: a prompt is recorded once, a reminder once and only after a
/// prompt, and never for someone found unreachable.
/// </remarks>
public sealed class SqlCheckInStore : ICheckInStore
{
    private const string Columns = """
        id AS Id, tenant_id AS TenantId, initiative_id AS InitiativeId, author_id AS AuthorId, author_name AS AuthorName,
        subscription_id AS SubscriptionId, digest_date AS DigestDate, status AS Status, note AS Note,
        next_milestone AS NextMilestone, answered_at AS AnsweredAt, late AS Late
        """;

    private const string UpsertAnswerSql = """
        INSERT INTO checkin_answers (id, tenant_id, initiative_id, author_id, author_name, subscription_id, digest_date,
                                     status, note, next_milestone, answered_at, late)
        VALUES (@Id, @TenantId, @InitiativeId, @AuthorId, @AuthorName, @SubscriptionId, @DigestDate,
                @Status, @Note, @NextMilestone, @AnsweredAt, @Late)
        ON CONFLICT (initiative_id, author_id, subscription_id, digest_date) DO UPDATE SET
            author_name = excluded.author_name,
            status = excluded.status,
            note = excluded.note,
            next_milestone = excluded.next_milestone,
            answered_at = excluded.answered_at,
            late = excluded.late
        WHERE checkin_answers.tenant_id = excluded.tenant_id
        """;

    private const string FindByKeySql = $"""
        SELECT {Columns} FROM checkin_answers
        WHERE initiative_id = @InitiativeId AND author_id = @AuthorId AND subscription_id = @SubscriptionId AND digest_date = @DigestDate
        """;

    private const string AppendHistorySql = """
        INSERT INTO checkin_history (answer_id, tenant_id, initiative_id, author_id, author_name, subscription_id, digest_date,
                                     status, note, next_milestone, answered_at, late)
        VALUES (@Id, @TenantId, @InitiativeId, @AuthorId, @AuthorName, @SubscriptionId, @DigestDate,
                @Status, @Note, @NextMilestone, @AnsweredAt, @Late)
        """;

    internal const string ListForDigestSql = $"""
        SELECT {Columns} FROM checkin_answers
        WHERE subscription_id = @SubscriptionId AND digest_date = @DigestDate AND tenant_id = @TenantId
        UNION ALL
        SELECT {Columns} FROM checkin_answers
        WHERE @Since IS NOT NULL AND subscription_id = @SubscriptionId AND answered_at > @Since
          AND digest_date < @DigestDate AND tenant_id = @TenantId
        ORDER BY AnsweredAt, Id
        """;

    internal const string ListAnswersSql = $"""
        SELECT {Columns} FROM checkin_answers
        WHERE tenant_id = @TenantId AND initiative_id = @InitiativeId
        ORDER BY digest_date DESC, answered_at DESC, id
        LIMIT @Limit
        """;

    internal const string ListHistorySql = """
        SELECT answer_id AS Id, tenant_id AS TenantId, initiative_id AS InitiativeId, author_id AS AuthorId, author_name AS AuthorName,
               subscription_id AS SubscriptionId, digest_date AS DigestDate, status AS Status, note AS Note,
               next_milestone AS NextMilestone, answered_at AS AnsweredAt, late AS Late
        FROM checkin_history
        WHERE tenant_id = @TenantId AND initiative_id = @InitiativeId
        ORDER BY answered_at DESC, rowid DESC
        LIMIT @Limit
        """;

    private const string SetPauseSql = """
        INSERT INTO checkin_pauses (tenant_id, user_id, kind, until, set_at)
        VALUES (@TenantId, @UserId, @Kind, @Until, @SetAt)
        ON CONFLICT (tenant_id, user_id) DO UPDATE SET kind = excluded.kind, until = excluded.until, set_at = excluded.set_at
        """;

    private const string FindPauseSql = """
        SELECT tenant_id AS TenantId, user_id AS UserId, kind AS Kind, until AS Until FROM checkin_pauses
        WHERE tenant_id = @TenantId AND user_id = @UserId
        """;

    // Followed by the IN list, spelled out as one parameter per user (@UserId0, @UserId1, ...): Dapper would bind a
    // list as a single array parameter on PostgreSQL, which "IN" does not take.
    private const string ListPausesSql = """
        SELECT tenant_id AS TenantId, user_id AS UserId, kind AS Kind, until AS Until FROM checkin_pauses
        WHERE tenant_id = @TenantId AND until >= @DigestDate AND user_id IN
        """;

    private const string ClearPauseSql = "DELETE FROM checkin_pauses WHERE tenant_id = @TenantId AND user_id = @UserId";

    // "Forget me": the answers stay as status history under a stand-in author. The stand-in's id is new, so the
    // unique key (initiative, author, subscription, date) cannot collide. No index on the author: this is rare.
    private const string AnonymiseAnswersSql = """
        UPDATE checkin_answers SET author_id = @NewId, author_name = @NewName
        WHERE tenant_id = @TenantId AND author_id = @UserId
        """;

    private const string AnonymiseHistorySql = """
        UPDATE checkin_history SET author_id = @NewId, author_name = @NewName
        WHERE tenant_id = @TenantId AND author_id = @UserId
        """;

    internal const string TryRecordPromptSql = """
        INSERT INTO checkin_prompts (subscription_id, digest_date, user_id, prompted_at, reminded_at, unreachable_at)
        VALUES (@SubscriptionId, @DigestDate, @UserId, @At, NULL, NULL)
        ON CONFLICT (subscription_id, digest_date, user_id) DO NOTHING
        """;

    internal const string TryRecordReminderSql = """
        UPDATE checkin_prompts SET reminded_at = @At
        WHERE subscription_id = @SubscriptionId AND digest_date = @DigestDate AND user_id = @UserId
          AND reminded_at IS NULL AND unreachable_at IS NULL
        """;

    private const string MarkUnreachableSql = """
        INSERT INTO checkin_prompts (subscription_id, digest_date, user_id, prompted_at, reminded_at, unreachable_at)
        VALUES (@SubscriptionId, @DigestDate, @UserId, @At, NULL, @At)
        ON CONFLICT (subscription_id, digest_date, user_id) DO UPDATE SET
            unreachable_at = excluded.unreachable_at
        WHERE checkin_prompts.unreachable_at IS NULL
        """;

    private const string ListPromptsSql = """
        SELECT subscription_id AS SubscriptionId, digest_date AS DigestDate, user_id AS UserId, prompted_at AS PromptedAt,
               reminded_at AS RemindedAt, unreachable_at AS UnreachableAt
        FROM checkin_prompts
        WHERE subscription_id = @SubscriptionId AND digest_date = @DigestDate
        ORDER BY user_id
        """;

    private readonly StorageDatabase _database;
    private readonly TimeProvider _timeProvider;

    public SqlCheckInStore(StorageDatabase database, TimeProvider? timeProvider = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <exception cref="InvalidOperationException">An answer with the same key exists for another tenant; nothing was saved.</exception>
    public async Task<CheckInAnswer> SaveAnswerAsync(CheckInAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(answer.TenantId);
        ArgumentNullException.ThrowIfNull(answer.Author);
        var parameters = AnswerRow.From(answer);

        // Saves of one answer queue up (the upsert also locks its row until the commit), so the history gets each
        // version in the order the answer took them.
        var lockKey = $"checkin_answers:{parameters.InitiativeId}\n{parameters.AuthorId}\n{parameters.SubscriptionId}\n{parameters.DigestDate}";
        var stored = await _database.WriteAsync([lockKey], async (connection, transaction, token) =>
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(UpsertAnswerSql, parameters, transaction, cancellationToken: token)).ConfigureAwait(false);
            if (changed == 0)
            {
                throw new InvalidOperationException($"A check-in answer for initiative {answer.InitiativeId} belongs to another tenant; this one was not saved.");
            }

            var row = await connection.QuerySingleAsync<AnswerRow>(new CommandDefinition(FindByKeySql, parameters, transaction, cancellationToken: token)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(AppendHistorySql, row, transaction, cancellationToken: token)).ConfigureAwait(false);
            return row;
        }, cancellationToken).ConfigureAwait(false);
        return stored.ToAnswer();
    }

    public async Task<IReadOnlyList<CheckInAnswer>> ListForDigestAsync(string tenantId, Guid subscriptionId, DateOnly digestDate, DateTimeOffset? previousPostedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        return await QueryAnswersAsync(
            ListForDigestSql,
            new
            {
                TenantId = tenantId,
                SubscriptionId = StoredFormat.Id(subscriptionId),
                DigestDate = StoredFormat.Date(digestDate),
                Since = previousPostedAt is { } since ? StoredFormat.Timestamp(since) : null,
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CheckInAnswer>> ListAnswersAsync(string tenantId, Guid initiativeId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return await QueryAnswersAsync(ListAnswersSql, new { TenantId = tenantId, InitiativeId = StoredFormat.Id(initiativeId), Limit = limit }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CheckInAnswer?> FindLatestAsync(string tenantId, Guid initiativeId, CancellationToken cancellationToken) =>
        (await ListAnswersAsync(tenantId, initiativeId, 1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<IReadOnlyList<CheckInAnswer>> ListHistoryAsync(string tenantId, Guid initiativeId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return await QueryAnswersAsync(ListHistorySql, new { TenantId = tenantId, InitiativeId = StoredFormat.Id(initiativeId), Limit = limit }, cancellationToken).ConfigureAwait(false);
    }

    public async Task SetPauseAsync(CheckInPause pause, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pause);
        ArgumentNullException.ThrowIfNull(pause.TenantId);
        ArgumentException.ThrowIfNullOrEmpty(pause.UserId);
        await ExecuteAsync(SetPauseSql, new
        {
            pause.TenantId,
            pause.UserId,
            Kind = StoredEnum<PauseKind>.ToStored(pause.Kind),
            Until = StoredFormat.Date(pause.Until),
            SetAt = StoredFormat.Timestamp(_timeProvider.GetUtcNow()),
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CheckInPause?> FindPauseAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(userId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<PauseRow>(new CommandDefinition(FindPauseSql, new { TenantId = tenantId, UserId = userId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToPause();
    }

    public Task ClearPauseAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(userId);
        return ExecuteAsync(ClearPauseSql, new { TenantId = tenantId, UserId = userId }, cancellationToken);
    }

    /// <summary>Replaces the person as author of their answers in the tenant, current ones and history, in one transaction.</summary>
    public async Task<int> AnonymiseAuthorAsync(string tenantId, string userId, UserRef replacement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(replacement);
        if (replacement.Id == userId) throw new ArgumentException("The replacement must be someone else.", nameof(replacement));
        var parameters = new { TenantId = tenantId, UserId = userId, NewId = replacement.Id, NewName = replacement.Name };

        return await _database.WriteAsync([$"checkin_authors:{tenantId}\n{userId}"], async (connection, transaction, token) =>
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(AnonymiseAnswersSql, parameters, transaction, cancellationToken: token)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(AnonymiseHistorySql, parameters, transaction, cancellationToken: token)).ConfigureAwait(false);
            return changed;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CheckInPause>> ListPausesAsync(string tenantId, IReadOnlyCollection<string> userIds, DateOnly digestDate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count == 0) return [];
        var result = new List<CheckInPause>();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Chunks stay well under either provider's limit on bound parameters.
        foreach (var chunk in userIds.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var parameters = new DynamicParameters(new { TenantId = tenantId, DigestDate = StoredFormat.Date(digestDate) });
            var sql = new StringBuilder(ListPausesSql).Append(" (");
            for (var i = 0; i < chunk.Length; i++)
            {
                var name = "UserId" + i.ToString(CultureInfo.InvariantCulture);
                sql.Append(i == 0 ? "@" : ", @").Append(name);
                parameters.Add(name, chunk[i]);
            }

            var rows = await connection.QueryAsync<PauseRow>(new CommandDefinition(
                sql.Append(')').ToString(), parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
            result.AddRange(rows.Select(r => r.ToPause()));
        }

        return result;
    }

    public async Task<bool> TryRecordPromptAsync(Guid subscriptionId, DateOnly digestDate, string userId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync(TryRecordPromptSql, PromptKey(subscriptionId, digestDate, userId, at), cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> TryRecordReminderAsync(Guid subscriptionId, DateOnly digestDate, string userId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync(TryRecordReminderSql, PromptKey(subscriptionId, digestDate, userId, at), cancellationToken).ConfigureAwait(false) == 1;

    public Task MarkUnreachableAsync(Guid subscriptionId, DateOnly digestDate, string userId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync(MarkUnreachableSql, PromptKey(subscriptionId, digestDate, userId, at), cancellationToken);

    public async Task<IReadOnlyList<CheckInPromptRecord>> ListPromptsAsync(Guid subscriptionId, DateOnly digestDate, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<PromptRow>(new CommandDefinition(
            ListPromptsSql, new { SubscriptionId = StoredFormat.Id(subscriptionId), DigestDate = StoredFormat.Date(digestDate) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToArray();
    }

    private static object PromptKey(Guid subscriptionId, DateOnly digestDate, string userId, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return new { SubscriptionId = StoredFormat.Id(subscriptionId), DigestDate = StoredFormat.Date(digestDate), UserId = userId, At = StoredFormat.Timestamp(at) };
    }

    private Task<int> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        _database.ExecuteWriteAsync(sql, parameters, cancellationToken);

    private async Task<IReadOnlyList<CheckInAnswer>> QueryAnswersAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AnswerRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToAnswer()).ToArray();
    }

    private sealed class AnswerRow
    {
        public string Id { get; set; } = "";
        public string TenantId { get; set; } = "";
        public string InitiativeId { get; set; } = "";
        public string AuthorId { get; set; } = "";
        public string AuthorName { get; set; } = "";
        public string SubscriptionId { get; set; } = "";
        public string DigestDate { get; set; } = "";
        public string Status { get; set; } = "";
        public string? Note { get; set; }
        public string? NextMilestone { get; set; }
        public string AnsweredAt { get; set; } = "";
        public long Late { get; set; }

        public static AnswerRow From(CheckInAnswer a) => new()
        {
            Id = StoredFormat.Id(a.Id),
            TenantId = a.TenantId,
            InitiativeId = StoredFormat.Id(a.InitiativeId),
            AuthorId = a.Author.Id,
            AuthorName = a.Author.Name,
            SubscriptionId = StoredFormat.Id(a.SubscriptionId),
            DigestDate = StoredFormat.Date(a.DigestDate),
            Status = StoredEnum<CheckInStatus>.ToStored(a.Status),
            Note = a.Note,
            NextMilestone = a.NextMilestone is { } m ? StoredFormat.Date(m) : null,
            AnsweredAt = StoredFormat.Timestamp(a.AnsweredAt),
            Late = a.Late ? 1 : 0,
        };

        public CheckInAnswer ToAnswer() => new(
            StoredFormat.ParseId(Id),
            TenantId,
            StoredFormat.ParseId(InitiativeId),
            new UserRef(AuthorId, AuthorName),
            StoredEnum<CheckInStatus>.FromStored(Status),
            Note,
            NextMilestone is null ? null : StoredFormat.ParseDate(NextMilestone),
            StoredFormat.ParseId(SubscriptionId),
            StoredFormat.ParseDate(DigestDate),
            StoredFormat.ParseTimestamp(AnsweredAt),
            Late != 0);
    }

    private sealed class PauseRow
    {
        public string TenantId { get; set; } = "";
        public string UserId { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Until { get; set; } = "";

        public CheckInPause ToPause() => new(TenantId, UserId, StoredEnum<PauseKind>.FromStored(Kind), StoredFormat.ParseDate(Until));
    }

    private sealed class PromptRow
    {
        public string SubscriptionId { get; set; } = "";
        public string DigestDate { get; set; } = "";
        public string UserId { get; set; } = "";
        public string PromptedAt { get; set; } = "";
        public string? RemindedAt { get; set; }
        public string? UnreachableAt { get; set; }

        public CheckInPromptRecord ToRecord() => new(
            StoredFormat.ParseId(SubscriptionId),
            StoredFormat.ParseDate(DigestDate),
            UserId,
            StoredFormat.ParseTimestamp(PromptedAt),
            RemindedAt is null ? null : StoredFormat.ParseTimestamp(RemindedAt),
            UnreachableAt is null ? null : StoredFormat.ParseTimestamp(UnreachableAt));
    }
}
