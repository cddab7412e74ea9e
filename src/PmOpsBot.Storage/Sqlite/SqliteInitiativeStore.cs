using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Storage.Sqlite;

/// <summary>The initiative registry in the <c>initiatives</c> table. Every query is filtered by tenant.</summary>
public sealed class SqliteInitiativeStore : IInitiativeStore
{
    private const string Columns = """
        id AS Id, tenant_id AS TenantId, team_id AS TeamId, channel_id AS ChannelId,
        conversation_id AS ConversationId, name AS Name, description AS Description,
        created_by_id AS CreatedById, created_by_name AS CreatedByName, decision AS Decision,
        confidence AS Confidence, is_mixed AS IsMixed, signals_json AS SignalsJson, stage AS Stage,
        created_at AS CreatedAt, decided_at AS DecidedAt
        """;

    // The WHERE on the update keeps an id that exists in another tenant from being overwritten:
    // the statement then changes no row, and SaveAsync refuses.
    private const string UpsertSql = """
        INSERT INTO initiatives (
            id, tenant_id, team_id, channel_id, conversation_id, name, name_key, description,
            created_by_id, created_by_name, decision, confidence, is_mixed, signals_json, stage,
            created_at, decided_at, updated_at)
        VALUES (
            @Id, @TenantId, @TeamId, @ChannelId, @ConversationId, @Name, @NameKey, @Description,
            @CreatedById, @CreatedByName, @Decision, @Confidence, @IsMixed, @SignalsJson, @Stage,
            @CreatedAt, @DecidedAt, @UpdatedAt)
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
            updated_at = excluded.updated_at
        WHERE initiatives.tenant_id = excluded.tenant_id
        """;

    private const string FindSql = $"SELECT {Columns} FROM initiatives WHERE tenant_id = @TenantId AND id = @Id";

    private const string ListByCreatorSql = $"""
        SELECT {Columns} FROM initiatives
        WHERE tenant_id = @TenantId AND created_by_id = @UserId
        ORDER BY decided_at DESC, created_at DESC, id
        LIMIT @Limit
        """;

    private static readonly JsonSerializerOptions SignalJsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    private readonly SqliteConnectionFactory _connectionFactory;
    private readonly TimeProvider _timeProvider;

    public SqliteInitiativeStore(SqliteConnectionFactory connectionFactory, TimeProvider? timeProvider = null)
    {
        _connectionFactory = connectionFactory ?? throw new ArgumentNullException(nameof(connectionFactory));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Inserts the initiative, or replaces the stored one with the same id.</summary>
    /// <exception cref="InvalidOperationException">The id is already taken by an initiative of another tenant.</exception>
    public async Task SaveAsync(Initiative initiative, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(initiative);
        var parameters = new
        {
            Id = FormatId(initiative.Id),
            initiative.TenantId,
            initiative.TeamId,
            initiative.ChannelId,
            initiative.ConversationId,
            initiative.Name,
            NameKey = ToNameKey(initiative.Name),
            initiative.Description,
            CreatedById = initiative.CreatedBy.Id,
            CreatedByName = initiative.CreatedBy.Name,
            Decision = StoredEnum<Decision>.ToStored(initiative.Decision),
            initiative.Confidence,
            IsMixed = initiative.IsMixed ? 1 : 0,
            SignalsJson = JsonSerializer.Serialize(initiative.Signals.Select(SignalRecord.From).ToArray(), SignalJsonOptions),
            Stage = StoredEnum<InitiativeStage>.ToStored(initiative.Stage),
            CreatedAt = FormatTimestamp(initiative.CreatedAt),
            DecidedAt = FormatTimestamp(initiative.DecidedAt),
            UpdatedAt = FormatTimestamp(_timeProvider.GetUtcNow()),
        };

        await using var connection = await _connectionFactory.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(new CommandDefinition(UpsertSql, parameters, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        if (changed == 0)
        {
            throw new InvalidOperationException($"Initiative {initiative.Id} belongs to another tenant and was not saved.");
        }
    }

    public async Task<Initiative?> FindAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        await using var connection = await _connectionFactory.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<InitiativeRow>(
            new CommandDefinition(FindSql, new { TenantId = tenantId, Id = FormatId(id) }, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return row?.ToInitiative();
    }

    /// <summary>The user's initiatives in the tenant, most recently decided first.</summary>
    public async Task<IReadOnlyList<Initiative>> ListByCreatorAsync(string tenantId, string userId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        await using var connection = await _connectionFactory.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<InitiativeRow>(
            new CommandDefinition(ListByCreatorSql, new { TenantId = tenantId, UserId = userId, Limit = limit }, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return rows.Select(row => row.ToInitiative()).ToArray();
    }

    /// <summary>The form names are compared in: trimmed and lower-cased (culture-invariant).</summary>
    public static string ToNameKey(string name) => name.Trim().ToLowerInvariant();

    // Guids as text: Microsoft.Data.Sqlite would otherwise bind them as 16-byte blobs.
    private static string FormatId(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    private static string FormatTimestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTimestamp(string value) =>
        DateTimeOffset.ParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);

    /// <summary>The stored shape of a signal: explicit, so a change to the domain record never silently changes it.</summary>
    private sealed record SignalRecord(Dimension Dimension, Leaning Leaning, SignalSource Source, string Evidence)
    {
        public static SignalRecord From(DimensionSignal signal) => new(signal.Dimension, signal.Leaning, signal.Source, signal.Evidence);

        public DimensionSignal ToSignal() => new(Dimension, Leaning, Source, Evidence);
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

        public Initiative ToInitiative() => new()
        {
            Id = Guid.ParseExact(Id, "D"),
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
            Signals = (JsonSerializer.Deserialize<SignalRecord[]>(SignalsJson, SignalJsonOptions) ?? [])
                .Select(signal => signal.ToSignal())
                .ToArray(),
            Stage = StoredEnum<InitiativeStage>.FromStored(Stage),
            CreatedAt = ParseTimestamp(CreatedAt),
            DecidedAt = ParseTimestamp(DecidedAt),
        };
    }
}
