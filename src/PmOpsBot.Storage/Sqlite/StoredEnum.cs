using System.Text.Json;

namespace PmOpsBot.Storage.Sqlite;

/// <summary>
/// Enum values as the database spells them: snake_case names ("project", "in_project"), never
/// numbers, so reordering an enum cannot silently change what stored rows mean.
/// </summary>
internal static class StoredEnum<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> Names =
        Enum.GetValues<TEnum>().ToDictionary(value => value, value => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()));

    private static readonly Dictionary<string, TEnum> Values =
        Names.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    public static string ToStored(TEnum value) =>
        Names.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a defined {typeof(TEnum).Name}.");

    public static TEnum FromStored(string stored) =>
        Values.TryGetValue(stored, out var value)
            ? value
            : throw new InvalidOperationException($"Stored value '{stored}' is not a known {typeof(TEnum).Name}.");
}
