using System.Globalization;
using System.Text.Json;
using Dapper;
using PmOpsBot.Core.CareerFit;

namespace PmOpsBot.Storage.Stores;

/// <summary>Career-fit answers in the <c>career_profiles</c> table, one row per person and tenant.</summary>
public sealed class SqlCareerProfileStore : ICareerProfileStore
{
    private const string FindSql = """
        SELECT tenant_id AS TenantId, user_id AS UserId, answers_json AS AnswersJson, updated_at AS UpdatedAt
        FROM career_profiles WHERE tenant_id = @TenantId AND user_id = @UserId
        """;

    private const string UpsertSql = """
        INSERT INTO career_profiles (tenant_id, user_id, answers_json, updated_at)
        VALUES (@TenantId, @UserId, @AnswersJson, @UpdatedAt)
        ON CONFLICT (tenant_id, user_id) DO UPDATE SET
            answers_json = excluded.answers_json,
            updated_at = excluded.updated_at
        """;

    private const string DeleteSql = "DELETE FROM career_profiles WHERE tenant_id = @TenantId AND user_id = @UserId";

    private readonly StorageDatabase _database;

    public SqlCareerProfileStore(StorageDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    public async Task<CareerProfile?> FindAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(userId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<ProfileRow>(
            new CommandDefinition(FindSql, new { TenantId = tenantId, UserId = userId }, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return row?.ToProfile();
    }

    /// <summary>Stores the profile, replacing the person's previous answers as a whole.</summary>
    public async Task SaveAsync(CareerProfile profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(profile.TenantId);
        ArgumentNullException.ThrowIfNull(profile.UserId);
        ArgumentNullException.ThrowIfNull(profile.Answers);
        var parameters = new
        {
            profile.TenantId,
            profile.UserId,
            // A JSON object, question id → option key.
            AnswersJson = JsonSerializer.Serialize(profile.Answers),
            UpdatedAt = profile.UpdatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        };

        await _database.ExecuteWriteAsync(UpsertSql, parameters, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the person's answers in the tenant; false when there were none.</summary>
    public async Task<bool> DeleteAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(userId);
        var deleted = await _database.ExecuteWriteAsync(DeleteSql, new { TenantId = tenantId, UserId = userId }, cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    private sealed class ProfileRow
    {
        public string TenantId { get; set; } = "";
        public string UserId { get; set; } = "";
        public string AnswersJson { get; set; } = "{}";
        public string UpdatedAt { get; set; } = "";

        public CareerProfile ToProfile() => new(
            TenantId,
            UserId,
            JsonSerializer.Deserialize<Dictionary<string, string>>(AnswersJson) ?? [],
            DateTimeOffset.ParseExact(UpdatedAt, "O", CultureInfo.InvariantCulture, DateTimeStyles.None));
    }
}
