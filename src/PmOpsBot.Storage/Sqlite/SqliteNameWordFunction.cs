using System.Text.Json;
using Microsoft.Data.Sqlite;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Storage.Sqlite;

/// <summary>
/// SQL function <c>pmopsbot_name_words(name)</c>: the words of a name (<see cref="NameWords.Of"/>) as a
/// JSON array, for SQLite migrations that fill <c>initiative_name_words</c> from rows already stored
/// (0002 does, with <c>json_each</c>).
/// </summary>
internal static class SqliteNameWordFunction
{
    public const string SqlFunctionName = "pmopsbot_name_words";

    public static void Register(SqliteConnection connection) =>
        connection.CreateFunction<string?, string>(
            SqlFunctionName,
            name => JsonSerializer.Serialize(NameWords.Of(name)),
            isDeterministic: true);
}
