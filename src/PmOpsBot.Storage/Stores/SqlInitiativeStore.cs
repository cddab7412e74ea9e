using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Storage.Stores;

/// <summary>
/// The initiative registry in the <c>initiatives</c> table, on SQLite or PostgreSQL (the same SQL runs on
/// both). Every query is filtered by tenant.
/// </summary>
/// <remarks>
/// <see cref="Initiative.Version"/> is the store's: a new initiative is stored at version 0 and every
/// stored change (<see cref="UpdateAsync"/>, or <see cref="SaveAsync"/> replacing a stored initiative)
/// adds one, whatever version the written object carries. Reads return the stored version.
/// <see cref="Initiative.UpdatedAt"/> is the store's too: the time (from its <see cref="TimeProvider"/>)
/// of the last stored change, whatever the written object carries.
/// Several instances may share one database: a stored change is one compare-and-swap on the version,
/// so concurrent updates of one initiative never overwrite each other (the loser gets false and retries).
/// </remarks>
public sealed class SqlInitiativeStore : IInitiativeStore
{
    /// <summary>At most this many prefixes of one name lookup are searched; the rest are ignored.</summary>
    public const int MaxLookupPrefixes = 16;

    /// <summary>
    /// A prefix matching at least this many words of a tenant's names is common (counting stops here).
    /// See <see cref="FindByNameWordsAsync"/>.
    /// </summary>
    internal const int CommonPrefixWords = 2000;

    // Reading one candidate's words by id costs about as much as grouping this many matching words.
    private const int CandidateReadCost = 8;

    private const string Columns = """
        id AS Id, tenant_id AS TenantId, team_id AS TeamId, channel_id AS ChannelId,
        conversation_id AS ConversationId, name AS Name, description AS Description,
        created_by_id AS CreatedById, created_by_name AS CreatedByName, decision AS Decision,
        confidence AS Confidence, is_mixed AS IsMixed, signals_json AS SignalsJson, stage AS Stage,
        created_at AS CreatedAt, decided_at AS DecidedAt,
        project_owner_id AS ProjectOwnerId, project_owner_name AS ProjectOwnerName,
        ops_owner_id AS OpsOwnerId, ops_owner_name AS OpsOwnerName, ops_owner_response AS OpsOwnerResponse,
        ops_owner_assigned_by_id AS OpsOwnerAssignedById, ops_owner_assigned_by_name AS OpsOwnerAssignedByName,
        ops_owner_assigned_at AS OpsOwnerAssignedAt, ops_owner_responded_at AS OpsOwnerRespondedAt,
        handover_date AS HandoverDate, checklist_json AS ChecklistJson, stage_history_json AS StageHistoryJson,
        parent_id AS ParentId, updated_at AS UpdatedAt, version AS Version
        """;

    // The WHERE on the update keeps an id that exists in another tenant from being overwritten:
    // the statement then changes no row, and SaveAsync refuses.
    private const string UpsertSql = """
        INSERT INTO initiatives (
            id, tenant_id, team_id, channel_id, conversation_id, name, name_key, description,
            created_by_id, created_by_name, decision, confidence, is_mixed, signals_json, stage,
            created_at, decided_at, updated_at,
            project_owner_id, project_owner_name, ops_owner_id, ops_owner_name, ops_owner_response,
            ops_owner_assigned_by_id, ops_owner_assigned_by_name, ops_owner_assigned_at, ops_owner_responded_at,
            handover_date, checklist_json, stage_history_json, parent_id, version)
        VALUES (
            @Id, @TenantId, @TeamId, @ChannelId, @ConversationId, @Name, @NameKey, @Description,
            @CreatedById, @CreatedByName, @Decision, @Confidence, @IsMixed, @SignalsJson, @Stage,
            @CreatedAt, @DecidedAt, @UpdatedAt,
            @ProjectOwnerId, @ProjectOwnerName, @OpsOwnerId, @OpsOwnerName, @OpsOwnerResponse,
            @OpsOwnerAssignedById, @OpsOwnerAssignedByName, @OpsOwnerAssignedAt, @OpsOwnerRespondedAt,
            @HandoverDate, @ChecklistJson, @StageHistoryJson, @ParentId, 0)
        ON CONFLICT (id) DO UPDATE SET
            team_id = excluded.team_id,
            channel_id = excluded.channel_id,
            conversation_id = excluded.conversation_id,
            name = excluded.name,
            name_key = excluded.name_key,
            description = excluded.description,
            created_by_id = excluded.created_by_id,
            created_by_name = excluded.created_by_name,
            decision = excluded.decision,
            confidence = excluded.confidence,
            is_mixed = excluded.is_mixed,
            signals_json = excluded.signals_json,
            stage = excluded.stage,
            created_at = excluded.created_at,
            decided_at = excluded.decided_at,
            updated_at = excluded.updated_at,
            project_owner_id = excluded.project_owner_id,
            project_owner_name = excluded.project_owner_name,
            ops_owner_id = excluded.ops_owner_id,
            ops_owner_name = excluded.ops_owner_name,
            ops_owner_response = excluded.ops_owner_response,
            ops_owner_assigned_by_id = excluded.ops_owner_assigned_by_id,
            ops_owner_assigned_by_name = excluded.ops_owner_assigned_by_name,
            ops_owner_assigned_at = excluded.ops_owner_assigned_at,
            ops_owner_responded_at = excluded.ops_owner_responded_at,
            handover_date = excluded.handover_date,
            checklist_json = excluded.checklist_json,
            stage_history_json = excluded.stage_history_json,
            parent_id = excluded.parent_id,
            -- a replaced initiative is a changed one: an UpdateAsync based on what was stored before must fail
            version = initiatives.version + 1
        WHERE initiatives.tenant_id = excluded.tenant_id
        """;

    // Compare-and-swap on the version; the tenant in the WHERE keeps other tenants' rows out of reach.
    private const string UpdateSql = """
        UPDATE initiatives SET
            team_id = @TeamId,
            channel_id = @ChannelId,
            conversation_id = @ConversationId,
            name = @Name,
            name_key = @NameKey,
            description = @Description,
            created_by_id = @CreatedById,
            created_by_name = @CreatedByName,
            decision = @Decision,
            confidence = @Confidence,
            is_mixed = @IsMixed,
            signals_json = @SignalsJson,
            stage = @Stage,
            created_at = @CreatedAt,
            decided_at = @DecidedAt,
            updated_at = @UpdatedAt,
            project_owner_id = @ProjectOwnerId,
            project_owner_name = @ProjectOwnerName,
            ops_owner_id = @OpsOwnerId,
            ops_owner_name = @OpsOwnerName,
            ops_owner_response = @OpsOwnerResponse,
            ops_owner_assigned_by_id = @OpsOwnerAssignedById,
            ops_owner_assigned_by_name = @OpsOwnerAssignedByName,
            ops_owner_assigned_at = @OpsOwnerAssignedAt,
            ops_owner_responded_at = @OpsOwnerRespondedAt,
            handover_date = @HandoverDate,
            checklist_json = @ChecklistJson,
            stage_history_json = @StageHistoryJson,
            parent_id = @ParentId,
            version = @ExpectedVersion + 1
        WHERE tenant_id = @TenantId AND id = @Id AND version = @ExpectedVersion
        """;

    private const string FindSql = $"SELECT {Columns} FROM initiatives WHERE tenant_id = @TenantId AND id = @Id";

    private const string ListByCreatorSql = $"""
        SELECT {Columns} FROM initiatives
        WHERE tenant_id = @TenantId AND created_by_id = @UserId
        ORDER BY decided_at DESC, created_at DESC, id
        LIMIT @Limit
        """;

    // Range on (tenant_id, handover_date); dates are yyyy-MM-dd text, so text order is date order.
    internal const string ListHandoversDueSql = $"""
        SELECT {Columns} FROM initiatives
        WHERE tenant_id = @TenantId
          AND handover_date >= @From AND handover_date <= @To
          AND stage NOT IN ('in_operations', 'retired')
        ORDER BY handover_date, name, id
        LIMIT @Limit
        """;

    // The three conditions after the tenant are, word for word, the WHERE of the partial index
    // ix_initiatives_awaiting_ops_owner (migration 0002, the same on both providers): SQLite uses a
    // partial index only when the query repeats its conditions, so change both together.
    internal const string ListWithoutOperationsOwnerSql = $"""
        SELECT {Columns} FROM initiatives
        WHERE tenant_id = @TenantId
          AND (decision = 'project' OR is_mixed = 1)
          AND (ops_owner_id IS NULL OR ops_owner_response = 'declined')
          AND stage NOT IN ('in_operations', 'retired')
        ORDER BY handover_date NULLS LAST, decided_at, id
        LIMIT @Limit
        """;

    // One indexed lookup per role, united, rather than an OR that SQLite would answer by scanning
    // every initiative of the tenant. United by id, the primary key on both providers (PostgreSQL has
    // no rowid).
    internal const string ListInvolvingSql = $"""
        SELECT {Columns} FROM initiatives
        WHERE id IN (
            SELECT id FROM initiatives WHERE tenant_id = @TenantId AND created_by_id = @UserId
            UNION
            SELECT id FROM initiatives WHERE tenant_id = @TenantId AND project_owner_id = @UserId
            UNION
            SELECT id FROM initiatives WHERE tenant_id = @TenantId AND ops_owner_id = @UserId)
        ORDER BY decided_at DESC, created_at DESC, id
        LIMIT @Limit
        """;

    // "Forget me": every initiative of the tenant that names the person. The roles with an index are looked up
    // by it; the JSON lists (checklist ticks, stage moves) and whoever named the operations owner have none, so the
    // tenant's rows are scanned for them: rare, and bounded by the tenant. The JSON pattern is the person's "id"
    // as stored (see UserRecord), with LIKE's wildcards escaped; the caller checks each row again.
    internal const string ListMentioningSql = $"""
        SELECT {Columns} FROM initiatives
        WHERE id IN (
            SELECT id FROM initiatives WHERE tenant_id = @TenantId AND created_by_id = @UserId
            UNION
            SELECT id FROM initiatives WHERE tenant_id = @TenantId AND project_owner_id = @UserId
            UNION
            SELECT id FROM initiatives WHERE tenant_id = @TenantId AND ops_owner_id = @UserId
            UNION
            SELECT id FROM initiatives
            WHERE tenant_id = @TenantId
              AND (ops_owner_assigned_by_id = @UserId
                   OR checklist_json LIKE @JsonPattern ESCAPE '!'
                   OR stage_history_json LIKE @JsonPattern ESCAPE '!'))
        ORDER BY decided_at DESC, created_at DESC, id
        LIMIT @Limit
        """;

    // One index range per half, united by id (a row both changed and due comes once), then sorted:
    // an OR would make SQLite walk every initiative of the scope. The ranges skip NULL handover dates.
    // Only the scope column differs between the two forms; each has its own two indexes (migration 0003).
    internal static readonly string ListForDigestByTeamSql = ListForDigestSql("team_id = @TeamId");

    internal static readonly string ListForDigestByConversationSql = ListForDigestSql("conversation_id = @ConversationId");

    private static string ListForDigestSql(string scope) => $"""
        SELECT {Columns} FROM initiatives
        WHERE id IN (
            SELECT id FROM initiatives
            WHERE tenant_id = @TenantId AND {scope} AND updated_at > @ChangedAfter
            UNION
            SELECT id FROM initiatives
            WHERE tenant_id = @TenantId AND {scope} AND handover_date <= @DueUntil
              AND stage NOT IN ('in_operations', 'retired'))
        ORDER BY handover_date NULLS LAST, name, id
        LIMIT @Limit
        """;

    private static readonly JsonSerializerOptions SignalJsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Stored, never embedded in HTML: "+00:00" and "é" stay readable instead of becoming \u002B and \u00E9.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    private readonly StorageDatabase _database;
    private readonly TimeProvider _timeProvider;

    public SqlInitiativeStore(StorageDatabase database, TimeProvider? timeProvider = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Inserts the initiative at version 0, or replaces the stored one with the same id and adds one to
    /// its version (last writer wins; use <see cref="UpdateAsync"/> to change an initiative safely).
    /// </summary>
    /// <exception cref="InvalidOperationException">The id is already taken by an initiative of another tenant.</exception>
    public async Task SaveAsync(Initiative initiative, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(initiative);
        var parameters = WriteParameters.From(initiative, _timeProvider.GetUtcNow(), expectedVersion: 0);

        // The row and its words change together, and no other writer of this initiative runs between
        // reading its stored words and replacing them.
        await _database.WriteAsync(WriteLockKeys(parameters.Id), async (connection, transaction, token) =>
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(UpsertSql, parameters, transaction, cancellationToken: token))
                .ConfigureAwait(false);
            if (changed == 0)
            {
                throw new InvalidOperationException($"Initiative {initiative.Id} belongs to another tenant and was not saved.");
            }

            await NameWordIndex.WriteAsync(connection, transaction, parameters.TenantId, parameters.Id, initiative.Name, token)
                .ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the stored initiative with <paramref name="updated"/> and sets its version to
    /// <paramref name="expectedVersion"/> + 1, only if the stored version is still <paramref name="expectedVersion"/>.
    /// </summary>
    /// <returns>
    /// False when nothing was written: someone changed it since (reload and reapply), or no initiative
    /// with that id exists in <paramref name="updated"/>'s tenant.
    /// </returns>
    public async Task<bool> UpdateAsync(Initiative updated, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        var parameters = WriteParameters.From(updated, _timeProvider.GetUtcNow(), expectedVersion);

        return await _database.WriteAsync(WriteLockKeys(parameters.Id), async (connection, transaction, token) =>
        {
            // The compare-and-swap itself is one statement, atomic on both providers: a concurrent writer
            // that changed the row first leaves the version different, and this changes nothing.
            var changed = await connection.ExecuteAsync(new CommandDefinition(UpdateSql, parameters, transaction, cancellationToken: token))
                .ConfigureAwait(false);
            if (changed == 0)
            {
                return false;
            }

            // Writes nothing unless the name's words changed.
            await NameWordIndex.WriteAsync(connection, transaction, parameters.TenantId, parameters.Id, updated.Name, token)
                .ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Initiative?> FindAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<InitiativeRow>(
            new CommandDefinition(FindSql, new { TenantId = tenantId, Id = FormatId(id) }, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return row?.ToInitiative();
    }

    /// <summary>The user's initiatives in the tenant, most recently decided first.</summary>
    public Task<IReadOnlyList<Initiative>> ListByCreatorAsync(string tenantId, string userId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return QueryAsync(ListByCreatorSql, new { TenantId = tenantId, UserId = userId, Limit = limit }, cancellationToken);
    }

    /// <summary>
    /// Candidates for a name lookup: initiatives of the tenant with a name word (<see cref="NameWords.Of"/>)
    /// that starts with one of <paramref name="wordPrefixes"/>, those with the most matching words first.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Prefixes are trimmed and lower-cased; blank ones are ignored, and only the first
    /// <see cref="MaxLookupPrefixes"/> distinct ones are searched. Results come with the most matching
    /// words first (ties by id: arbitrary but stable), then newest decided first; the caller ranks them.
    /// </para>
    /// <para>
    /// The work grows with how many names contain a matching word, so the lookup first counts, up to
    /// <see cref="CommonPrefixWords"/>, the words each prefix matches. When some prefixes are common
    /// ("rollout" in a registry full of rollouts) and the others rare enough, only names with a word
    /// starting with a rare prefix are candidates, and just their words are compared with every prefix.
    /// A name without any rare-prefix word could then only match by a typo in the first letters of
    /// that word, which lookups do not promise to forgive (<see cref="NameWords.PrefixLength"/>); a
    /// matcher that needs every typed word, like <c>InitiativeNameMatcher</c>, loses nothing. Otherwise
    /// every matching word is counted.
    /// </para>
    /// </remarks>
    public async Task<IReadOnlyList<InitiativeName>> FindByNameWordsAsync(string tenantId, IReadOnlyCollection<string> wordPrefixes, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(wordPrefixes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        var prefixes = NormalisePrefixes(wordPrefixes);
        if (prefixes.Count == 0)
        {
            return [];
        }

        var parameters = FindByNameWordsParameters(tenantId, prefixes, limit);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        string sql;
        if (prefixes.Count == 1)
        {
            sql = FindByNameWordsSql(1);
        }
        else
        {
            var counts = new long[prefixes.Count];
            var rows = await connection.QueryAsync<(long Prefix, long Words)>(
                new CommandDefinition(CountPrefixWordsSql(prefixes.Count), parameters, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            foreach (var (prefix, words) in rows)
            {
                counts[prefix] = words;
            }

            sql = FindByNameWordsSql(prefixes.Count, ChooseRarePrefixes(counts));
        }

        var found = await connection.QueryAsync<(string Id, string Name)>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return found.Select(row => new InitiativeName(ParseId(row.Id), row.Name)).ToArray();
    }

    /// <summary>Initiatives with a handover date in [<paramref name="from"/>, <paramref name="to"/>], not in operations or retired; by date, then name.</summary>
    public Task<IReadOnlyList<Initiative>> ListHandoversDueAsync(string tenantId, DateOnly from, DateOnly to, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return QueryAsync(
            ListHandoversDueSql,
            new { TenantId = tenantId, From = FormatDate(from), To = FormatDate(to), Limit = limit },
            cancellationToken);
    }

    /// <summary>
    /// Projects and mixed initiatives, not in operations or retired, with no operations owner or one who
    /// declined; those with the soonest handover date first, undated ones last, then the longest waiting.
    /// </summary>
    public Task<IReadOnlyList<Initiative>> ListWithoutOperationsOwnerAsync(string tenantId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return QueryAsync(ListWithoutOperationsOwnerSql, new { TenantId = tenantId, Limit = limit }, cancellationToken);
    }

    /// <summary>
    /// What a digest reports, in one query: the initiatives of the scope's team (or, when the scope has no
    /// team, of its conversation) stored after <paramref name="changedAfter"/> (by
    /// <see cref="Initiative.UpdatedAt"/>), together with those not in operations or retired whose handover
    /// date is on or before <paramref name="dueUntil"/>, overdue ones included. Each initiative comes once;
    /// soonest handover first, undated ones last, then by name.
    /// </summary>
    public Task<IReadOnlyList<Initiative>> ListForDigestAsync(DigestScope scope, DateTimeOffset changedAfter, DateOnly dueUntil, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(scope.TenantId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (scope.TeamId is null)
        {
            ArgumentNullException.ThrowIfNull(scope.ConversationId);
        }

        return QueryAsync(
            scope.TeamId is null ? ListForDigestByConversationSql : ListForDigestByTeamSql,
            new
            {
                scope.TenantId,
                scope.TeamId,
                scope.ConversationId,
                ChangedAfter = FormatTimestamp(changedAfter),
                DueUntil = FormatDate(dueUntil),
                Limit = limit,
            },
            cancellationToken);
    }

    /// <summary>
    /// Initiatives the user created, is project owner of or is named operations owner of (whatever
    /// their answer), most recently decided first.
    /// </summary>
    public Task<IReadOnlyList<Initiative>> ListInvolvingAsync(string tenantId, string userId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return QueryAsync(ListInvolvingSql, new { TenantId = tenantId, UserId = userId, Limit = limit }, cancellationToken);
    }

    /// <summary>
    /// Initiatives of the tenant that name the user anywhere: creator, project owner, operations owner (whatever
    /// their answer), who named the operations owner, a checklist tick or a stage move; most recently decided first.
    /// </summary>
    public Task<IReadOnlyList<Initiative>> ListMentioningAsync(string tenantId, string userId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return QueryAsync(ListMentioningSql, new { TenantId = tenantId, UserId = userId, JsonPattern = JsonIdPattern(userId), Limit = limit }, cancellationToken);
    }

    /// <summary>A LIKE pattern (escape character '!') for <c>"id":"…"</c> of this user inside a stored JSON list.</summary>
    internal static string JsonIdPattern(string userId)
    {
        var stored = "\"id\":" + JsonSerializer.Serialize(userId, SignalJsonOptions);
        return "%" + stored.Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal) + "%";
    }

    /// <summary>The form names are compared in: trimmed and lower-cased (culture-invariant).</summary>
    public static string ToNameKey(string name) => name.Trim().ToLowerInvariant();

    /// <summary>
    /// The prefixes to draw candidates from when that beats counting every matching word: the rare ones
    /// (fewer than <see cref="CommonPrefixWords"/> words), if there are common ones too and reading the
    /// rare ones' candidates costs less than grouping even the least the common ones can match.
    /// Null means count everything.
    /// </summary>
    /// <param name="wordCounts">Words matched per prefix, counted up to <see cref="CommonPrefixWords"/>.</param>
    internal static IReadOnlyList<int>? ChooseRarePrefixes(IReadOnlyList<long> wordCounts)
    {
        var rare = Enumerable.Range(0, wordCounts.Count).Where(i => wordCounts[i] < CommonPrefixWords).ToArray();
        var common = wordCounts.Count - rare.Length;
        var rareWords = rare.Sum(i => wordCounts[i]);
        return rare.Length > 0 && common > 0 && rareWords * CandidateReadCost < (long)common * CommonPrefixWords ? rare : null;
    }

    /// <summary>One row per prefix (its index, and how many words it matches, counted up to <see cref="CommonPrefixWords"/>).</summary>
    internal static string CountPrefixWordsSql(int prefixCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(prefixCount);
        return string.Join(
            "\nUNION ALL\n",
            Enumerable.Range(0, prefixCount).Select(i => string.Create(CultureInfo.InvariantCulture, $"""
                SELECT CAST({i} AS BIGINT) AS prefix, count(*) AS words FROM (
                    SELECT 1 AS found FROM initiative_name_words
                    WHERE tenant_id = @TenantId AND word >= @P{i} AND word < @E{i}
                    LIMIT {CommonPrefixWords}) AS matches
                """)));
    }

    /// <summary>
    /// The lookup: one range scan of the word table's primary key per prefix (@P0 &lt;= word &lt; @E0, ...),
    /// matches counted per initiative, the best @Limit kept, then their rows read by id.
    /// </summary>
    /// <param name="rarePrefixes">
    /// When given, only these prefixes are scanned, for candidates; each candidate's words are then read
    /// by id and compared with every prefix (see <see cref="ChooseRarePrefixes"/>).
    /// </param>
    /// <remarks>
    /// A single prefix needs no counting: its range is read once and the first @Limit initiatives by
    /// their first matching word kept (exact words first: "crm" sorts before "crmx"). A match counts once per word, so a name with two words starting "pay"
    /// counts two for "pay": close enough to pick candidates, and cheaper than counting distinct prefixes.
    /// The CROSS JOINs fix SQLite's join order: without statistics it would rather walk the tenant's rows.
    /// Their conditions are in the WHERE, not in an ON, which PostgreSQL does not allow on a CROSS JOIN
    /// (there it is a plain join, planned from statistics).
    /// </remarks>
    internal static string FindByNameWordsSql(int prefixCount, IReadOnlyList<int>? rarePrefixes = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(prefixCount);
        var sql = new StringBuilder();
        if (prefixCount == 1)
        {
            // Ordered by each initiative's first matching word, so exact words come first ("crm" sorts
            // before "crmx") whatever order the database walks the range in. A DISTINCT with a LIMIT and no
            // order would let PostgreSQL walk all of the tenant's words in initiative order (index
            // ix_initiative_name_words_initiative) until it had @Limit matches.
            sql.Append("""
                WITH ranked (initiative_id, matched) AS (
                    SELECT initiative_id, 1 FROM initiative_name_words
                    WHERE tenant_id = @TenantId AND word >= @P0 AND word < @E0
                    GROUP BY initiative_id
                    ORDER BY min(word), initiative_id
                    LIMIT @Limit
                )

                """);
        }
        else if (rarePrefixes is { Count: > 0 })
        {
            // UNION, not UNION ALL: each candidate's words are read once. MATERIALIZED: left to itself,
            // SQLite folds a single scan into the join and walks all of the tenant's words in id order.
            sql.Append("WITH candidates (initiative_id) AS MATERIALIZED (\n")
                .AppendJoin("    UNION\n", rarePrefixes.Select(WordRangeSql))
                .Append("""
                    ),
                    ranked (initiative_id, matched) AS (
                        SELECT candidates.initiative_id, sum(

                    """)
                .Append("            ")
                .AppendJoin(
                    "\n            + ",
                    // CASE, not the comparison itself: PostgreSQL does not add booleans.
                    Enumerable.Range(0, prefixCount).Select(i => string.Create(
                        CultureInfo.InvariantCulture, $"CASE WHEN words.word >= @P{i} AND words.word < @E{i} THEN 1 ELSE 0 END")))
                .Append("""
                    ) AS matched
                        FROM candidates
                        CROSS JOIN initiative_name_words AS words
                        WHERE words.tenant_id = @TenantId AND words.initiative_id = candidates.initiative_id
                        GROUP BY candidates.initiative_id
                        ORDER BY matched DESC, candidates.initiative_id
                        LIMIT @Limit
                    )

                    """);
        }
        else
        {
            sql.Append("WITH hits (initiative_id) AS (\n")
                .AppendJoin("    UNION ALL\n", Enumerable.Range(0, prefixCount).Select(WordRangeSql))
                .Append("""
                    ),
                    ranked (initiative_id, matched) AS (
                        SELECT initiative_id, count(*) AS matched FROM hits
                        GROUP BY initiative_id
                        ORDER BY matched DESC, initiative_id
                        LIMIT @Limit
                    )

                    """);
        }

        sql.Append($"""
            SELECT initiatives.id, initiatives.name FROM ranked
            CROSS JOIN initiatives
            WHERE initiatives.id = ranked.initiative_id AND initiatives.tenant_id = @TenantId
            ORDER BY ranked.matched DESC, initiatives.decided_at DESC, initiatives.id
            """);
        return sql.ToString();
    }

    private static string WordRangeSql(int prefix) => string.Create(CultureInfo.InvariantCulture, $"""
            SELECT initiative_id FROM initiative_name_words
            WHERE tenant_id = @TenantId AND word >= @P{prefix} AND word < @E{prefix}

        """);

    internal static DynamicParameters FindByNameWordsParameters(string tenantId, IReadOnlyList<string> prefixes, int limit)
    {
        var parameters = new DynamicParameters(new { TenantId = tenantId, Limit = limit });
        for (var i = 0; i < prefixes.Count; i++)
        {
            parameters.Add($"P{i}", prefixes[i]);
            parameters.Add($"E{i}", prefixes[i] + NameWordIndex.RangeEnd);
        }

        return parameters;
    }

    internal static IReadOnlyList<string> NormalisePrefixes(IEnumerable<string> wordPrefixes) =>
        wordPrefixes
            .Where(prefix => !string.IsNullOrWhiteSpace(prefix))
            .Select(prefix => prefix.Trim().ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .Take(MaxLookupPrefixes)
            .ToArray();

    // SQLite: one writer at a time (and writes that queue up commit together). PostgreSQL: a lock on this initiative
    // alone, so writers of other initiatives run side by side.
    private static string[] WriteLockKeys(string id) => ["initiative:" + id];

    private async Task<IReadOnlyList<Initiative>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<InitiativeRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return rows.Select(row => row.ToInitiative()).ToArray();
    }

    // Guids as text, the stored format on both providers: Microsoft.Data.Sqlite would otherwise bind them
    // as 16-byte blobs, Npgsql as uuid (which a TEXT column does not compare with).
    private static string FormatId(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    private static Guid ParseId(string value) => Guid.ParseExact(value, "D");

    private static string FormatTimestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTimestamp(string value) =>
        DateTimeOffset.ParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static string FormatDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None);

    /// <summary>The stored shape of a signal: explicit, so a change to the domain record never silently changes it.</summary>
    private sealed record SignalRecord(Dimension Dimension, Leaning Leaning, SignalSource Source, string Evidence)
    {
        public static SignalRecord From(DimensionSignal signal) => new(signal.Dimension, signal.Leaning, signal.Source, signal.Evidence);

        public DimensionSignal ToSignal() => new(Dimension, Leaning, Source, Evidence);
    }

    private sealed record UserRecord(string Id, string Name)
    {
        public static UserRecord From(UserRef user) => new(user.Id, user.Name);

        public UserRef ToUser() => new(Id, Name);
    }

    /// <summary>The stored shape of a ticked readiness item; <c>at</c> in the timestamp format of the columns.</summary>
    private sealed record ChecklistTickRecord(ReadinessItem Item, UserRecord By, string At)
    {
        public static ChecklistTickRecord From(ChecklistTick tick) => new(tick.Item, UserRecord.From(tick.By), FormatTimestamp(tick.At));

        public ChecklistTick ToTick() => new(Item, By.ToUser(), ParseTimestamp(At));
    }

    /// <summary>The stored shape of a stage change; stages by their stored names ("in_project").</summary>
    private sealed record StageChangeRecord(InitiativeStage From, InitiativeStage To, UserRecord By, string At)
    {
        public static StageChangeRecord Of(StageChange change) => new(change.From, change.To, UserRecord.From(change.By), FormatTimestamp(change.At));

        public StageChange ToChange() => new(From, To, By.ToUser(), ParseTimestamp(At));
    }

    private sealed class WriteParameters
    {
        public string Id { get; private init; } = "";
        public string TenantId { get; private init; } = "";
        public string? TeamId { get; private init; }
        public string ChannelId { get; private init; } = "";
        public string ConversationId { get; private init; } = "";
        public string Name { get; private init; } = "";
        public string NameKey { get; private init; } = "";
        public string Description { get; private init; } = "";
        public string CreatedById { get; private init; } = "";
        public string CreatedByName { get; private init; } = "";
        public string Decision { get; private init; } = "";
        public double Confidence { get; private init; }
        public int IsMixed { get; private init; }
        public string SignalsJson { get; private init; } = "[]";
        public string Stage { get; private init; } = "";
        public string CreatedAt { get; private init; } = "";
        public string DecidedAt { get; private init; } = "";
        public string UpdatedAt { get; private init; } = "";
        public string? ProjectOwnerId { get; private init; }
        public string? ProjectOwnerName { get; private init; }
        public string? OpsOwnerId { get; private init; }
        public string? OpsOwnerName { get; private init; }
        public string? OpsOwnerResponse { get; private init; }
        public string? OpsOwnerAssignedById { get; private init; }
        public string? OpsOwnerAssignedByName { get; private init; }
        public string? OpsOwnerAssignedAt { get; private init; }
        public string? OpsOwnerRespondedAt { get; private init; }
        public string? HandoverDate { get; private init; }
        public string ChecklistJson { get; private init; } = "[]";
        public string StageHistoryJson { get; private init; } = "[]";
        public string? ParentId { get; private init; }
        public long ExpectedVersion { get; private init; }

        public static WriteParameters From(Initiative initiative, DateTimeOffset now, long expectedVersion)
        {
            ArgumentNullException.ThrowIfNull(initiative.TenantId);
            ArgumentNullException.ThrowIfNull(initiative.Name);
            var owner = initiative.OperationsOwner;
            return new WriteParameters
            {
                Id = FormatId(initiative.Id),
                TenantId = initiative.TenantId,
                TeamId = initiative.TeamId,
                ChannelId = initiative.ChannelId,
                ConversationId = initiative.ConversationId,
                Name = initiative.Name,
                NameKey = ToNameKey(initiative.Name),
                Description = initiative.Description,
                CreatedById = initiative.CreatedBy.Id,
                CreatedByName = initiative.CreatedBy.Name,
                Decision = StoredEnum<Decision>.ToStored(initiative.Decision),
                Confidence = initiative.Confidence,
                IsMixed = initiative.IsMixed ? 1 : 0,
                SignalsJson = JsonSerializer.Serialize(initiative.Signals.Select(SignalRecord.From).ToArray(), SignalJsonOptions),
                Stage = StoredEnum<InitiativeStage>.ToStored(initiative.Stage),
                CreatedAt = FormatTimestamp(initiative.CreatedAt),
                DecidedAt = FormatTimestamp(initiative.DecidedAt),
                UpdatedAt = FormatTimestamp(now),
                ProjectOwnerId = initiative.ProjectOwner?.Id,
                ProjectOwnerName = initiative.ProjectOwner?.Name,
                OpsOwnerId = owner?.Person.Id,
                OpsOwnerName = owner?.Person.Name,
                OpsOwnerResponse = owner is null ? null : StoredEnum<OwnerResponse>.ToStored(owner.Response),
                OpsOwnerAssignedById = owner?.AssignedBy.Id,
                OpsOwnerAssignedByName = owner?.AssignedBy.Name,
                OpsOwnerAssignedAt = owner is null ? null : FormatTimestamp(owner.AssignedAt),
                OpsOwnerRespondedAt = owner?.RespondedAt is { } respondedAt ? FormatTimestamp(respondedAt) : null,
                HandoverDate = initiative.HandoverDate is { } date ? FormatDate(date) : null,
                ChecklistJson = JsonSerializer.Serialize(initiative.Checklist.Select(ChecklistTickRecord.From).ToArray(), SignalJsonOptions),
                StageHistoryJson = JsonSerializer.Serialize(initiative.StageHistory.Select(StageChangeRecord.Of).ToArray(), SignalJsonOptions),
                ParentId = initiative.ParentId is { } parentId ? FormatId(parentId) : null,
                ExpectedVersion = expectedVersion,
            };
        }
    }

    private sealed class InitiativeRow
    {
        public string Id { get; set; } = "";
        public string TenantId { get; set; } = "";
        public string? TeamId { get; set; }
        public string ChannelId { get; set; } = "";
        public string ConversationId { get; set; } = "";
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public string CreatedById { get; set; } = "";
        public string CreatedByName { get; set; } = "";
        public string Decision { get; set; } = "";
        public double Confidence { get; set; }
        public long IsMixed { get; set; }
        public string SignalsJson { get; set; } = "[]";
        public string Stage { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string DecidedAt { get; set; } = "";
        public string? ProjectOwnerId { get; set; }
        public string? ProjectOwnerName { get; set; }
        public string? OpsOwnerId { get; set; }
        public string? OpsOwnerName { get; set; }
        public string? OpsOwnerResponse { get; set; }
        public string? OpsOwnerAssignedById { get; set; }
        public string? OpsOwnerAssignedByName { get; set; }
        public string? OpsOwnerAssignedAt { get; set; }
        public string? OpsOwnerRespondedAt { get; set; }
        public string? HandoverDate { get; set; }
        public string ChecklistJson { get; set; } = "[]";
        public string StageHistoryJson { get; set; } = "[]";
        public string? ParentId { get; set; }
        public string UpdatedAt { get; set; } = "";
        public long Version { get; set; }

        public Initiative ToInitiative() => new()
        {
            Id = ParseId(Id),
            TenantId = TenantId,
            TeamId = TeamId,
            ChannelId = ChannelId,
            ConversationId = ConversationId,
            Name = Name,
            Description = Description,
            CreatedBy = new UserRef(CreatedById, CreatedByName),
            Decision = StoredEnum<Decision>.FromStored(Decision),
            Confidence = Confidence,
            IsMixed = IsMixed != 0,
            Signals = ReadList<SignalRecord, DimensionSignal>(SignalsJson, signal => signal.ToSignal()),
            Stage = StoredEnum<InitiativeStage>.FromStored(Stage),
            CreatedAt = ParseTimestamp(CreatedAt),
            DecidedAt = ParseTimestamp(DecidedAt),
            ProjectOwner = ProjectOwnerId is null ? null : new UserRef(ProjectOwnerId, ProjectOwnerName ?? ""),
            OperationsOwner = ToOperationsOwner(),
            HandoverDate = HandoverDate is null ? null : ParseDate(HandoverDate),
            Checklist = ReadList<ChecklistTickRecord, ChecklistTick>(ChecklistJson, tick => tick.ToTick()),
            StageHistory = ReadList<StageChangeRecord, StageChange>(StageHistoryJson, change => change.ToChange()),
            ParentId = ParentId is null ? null : ParseId(ParentId),
            UpdatedAt = ParseTimestamp(UpdatedAt),
            Version = Version,
        };

        // Most lists are empty, and "[]" is what SaveAsync writes for one: no need for the parser
        // (a name lookup reads up to a few hundred rows, three lists each).
        private static TItem[] ReadList<TRecord, TItem>(string json, Func<TRecord, TItem> convert) =>
            json == "[]"
                ? []
                : (JsonSerializer.Deserialize<TRecord[]>(json, SignalJsonOptions) ?? []).Select(convert).ToArray();

        private OwnerAssignment? ToOperationsOwner()
        {
            if (OpsOwnerId is null)
            {
                return null;
            }

            if (OpsOwnerResponse is null || OpsOwnerAssignedById is null || OpsOwnerAssignedAt is null)
            {
                throw new InvalidOperationException($"Initiative {Id} has an operations owner without a response or assignment.");
            }

            return new OwnerAssignment(
                new UserRef(OpsOwnerId, OpsOwnerName ?? ""),
                StoredEnum<OwnerResponse>.FromStored(OpsOwnerResponse),
                new UserRef(OpsOwnerAssignedById, OpsOwnerAssignedByName ?? ""),
                ParseTimestamp(OpsOwnerAssignedAt),
                OpsOwnerRespondedAt is null ? null : ParseTimestamp(OpsOwnerRespondedAt));
        }
    }
}
