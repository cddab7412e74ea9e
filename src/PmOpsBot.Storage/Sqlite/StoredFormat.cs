using System.Globalization;

namespace PmOpsBot.Storage.Sqlite;

/// <summary>
/// How values are spelled in the database (as in migration 0001): ids as Guid "D" text, instants as
/// ISO 8601 round-trip ("O") text in UTC, dates as yyyy-MM-dd. Every instant is written in UTC with the
/// same fixed width, so comparing two stored (or bound) timestamps as text compares them as times.
/// </summary>
internal static class StoredFormat
{
    // Guids as text: Microsoft.Data.Sqlite would otherwise bind them as 16-byte blobs.
    public static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    public static Guid ParseId(string value) => Guid.ParseExact(value, "D");

    public static string Timestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimestamp(string value) =>
        DateTimeOffset.ParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);

    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly ParseDate(string value) =>
        DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None);
}
