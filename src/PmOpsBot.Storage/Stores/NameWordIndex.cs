using System.Data.Common;
using Dapper;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Storage.Stores;

/// <summary>
/// The <c>initiative_name_words</c> table: one row per word of an initiative's name, as
/// <see cref="NameWords.Of"/> splits it. Name lookups range-scan its primary key by word prefix.
/// </summary>
/// <remarks>
/// SQLite's migration 0002 fills the table from rows already stored through the SQL function
/// <c>pmopsbot_name_words(name)</c> (see <see cref="Sqlite.SqliteNameWordFunction"/>).
/// </remarks>
internal static class NameWordIndex
{
    /// <summary>
    /// The highest code point: appended to a prefix it sorts after every word that starts with the
    /// prefix (SQLite compares UTF-8 bytes, in code point order, and so does PostgreSQL's "C" collation
    /// of the word column), so [prefix, prefix + this) is the range of words with that prefix.
    /// </summary>
    public const string RangeEnd = "\U0010FFFF";

    private const string SelectSql =
        "SELECT word FROM initiative_name_words WHERE tenant_id = @TenantId AND initiative_id = @InitiativeId";

    private const string DeleteSql =
        "DELETE FROM initiative_name_words WHERE tenant_id = @TenantId AND initiative_id = @InitiativeId";

    private const string InsertSql =
        "INSERT INTO initiative_name_words (tenant_id, word, initiative_id) VALUES (@TenantId, @Word, @InitiativeId) ON CONFLICT DO NOTHING";

    /// <summary>
    /// Makes the stored words of one initiative those of <paramref name="name"/>; writes nothing when
    /// they already are (the name did not change in a way that matters). Call it in a transaction that
    /// keeps other writers of the same initiative out until it commits.
    /// </summary>
    public static async Task WriteAsync(
        DbConnection connection,
        DbTransaction transaction,
        string tenantId,
        string initiativeId,
        string name,
        CancellationToken cancellationToken)
    {
        var wanted = NameWords.Of(name);
        var key = new { TenantId = tenantId, InitiativeId = initiativeId };
        var stored = await connection.QueryAsync<string>(
            new CommandDefinition(SelectSql, key, transaction, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        if (stored.ToHashSet(StringComparer.Ordinal).SetEquals(wanted))
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(DeleteSql, key, transaction, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        if (wanted.Count > 0)
        {
            var rows = wanted.Select(word => new { TenantId = tenantId, Word = word, InitiativeId = initiativeId }).ToArray();
            await connection.ExecuteAsync(new CommandDefinition(InsertSql, rows, transaction, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
        }
    }
}
