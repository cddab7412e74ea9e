using System.Collections;
using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PmOpsBot.Core.Digest;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Storage.Stores;

/// <summary>
/// Bot Framework state (<see cref="IStorage"/>) in the <c>bot_state</c> table.
/// </summary>
/// <remarks>
/// <para>
/// Optimistic concurrency, as with the Bot Framework's own storages: an item takes part when it is an
/// <see cref="IStoreItem"/>, or a JObject or string-keyed dictionary carrying an "ETag"/"eTag" entry.
/// Its ETag decides what a write does:
/// null or "*" overwrites whatever is stored; any other value must equal the stored ETag, or the
/// write throws <see cref="StorageConcurrencyException"/>. When nothing is stored under the key the
/// write creates it, so an empty ETag ("") means "create, unless someone already has".
/// Items without an ETag (BotState's property bags) are last-writer-wins.
/// </para>
/// <para>
/// Each successful write stores a fresh ETag and sets it on the written object. A call's changes
/// commit together or not at all. Items keep their CLR type through a round trip
/// (TypeNameHandling.Auto), restricted to allowed types; see <see cref="AllowListSerializationBinder"/>.
/// </para>
/// <para>
/// The same SQL runs on SQLite and PostgreSQL. Several bot instances may share the database: a write's
/// ETag checks and changes run in one <see cref="StorageDatabase.WriteAsync{T}"/> transaction locked on
/// the keys it writes, so two instances writing the same key with the same ETag cannot both pass the check.
/// </para>
/// </remarks>
public sealed class SqlBotStorage : IStorage, IStateWithInterviewLogWriter
{
    /// <summary>Assemblies whose types may be stored, matched by name or dotted prefix ("PmOpsBot" allows "PmOpsBot.Bot").</summary>
    public static IReadOnlyList<string> DefaultAllowedAssemblyPrefixes { get; } = ["PmOpsBot"];

    private const string WildcardETag = "*";

    // Followed by a parameter list of the keys (see InKeys): Dapper would bind "IN @Keys" as one array
    // parameter on PostgreSQL, which only "= ANY" accepts, and SQLite has no arrays.
    private const string SelectSql = "SELECT key AS Key, etag AS ETag, json AS Json FROM bot_state WHERE key IN ";

    private const string SelectOneSql = "SELECT key AS Key, etag AS ETag, json AS Json FROM bot_state WHERE key = @Key";

    private const string UpsertSql = """
        INSERT INTO bot_state (key, etag, json, updated_at) VALUES (@Key, @ETag, @Json, @UpdatedAt)
        ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, json = excluded.json, updated_at = excluded.updated_at
        """;

    // Compare-and-swap: only replaces the row the caller read.
    private const string UpdateIfMatchSql = """
        UPDATE bot_state SET etag = @ETag, json = @Json, updated_at = @UpdatedAt
        WHERE key = @Key AND etag = @ExpectedETag
        """;

    // Creates the row only if nobody has: zero rows affected means another writer got there first.
    private const string InsertIfAbsentSql = """
        INSERT INTO bot_state (key, etag, json, updated_at) VALUES (@Key, @ETag, @Json, @UpdatedAt)
        ON CONFLICT (key) DO NOTHING
        """;

    private const string SelectETagSql = "SELECT etag FROM bot_state WHERE key = @Key";

    private const string DeleteSql = "DELETE FROM bot_state WHERE key IN ";

    // The advisory lock of a state key on PostgreSQL; SQLite serialises all writes anyway.
    private const string LockKeyPrefix = "bot_state:";

    private readonly StorageDatabase _database;
    private readonly TimeProvider _timeProvider;
    // One serializer for every call: JsonConvert builds a new one from the settings on each call. A JsonSerializer that is
    // not changed after it is built is safe to share between threads.
    private readonly JsonSerializer _serializer;

    private readonly IReadOnlyDictionary<Type, SourceGeneratedStateType> _sourceGenerated;

    /// <param name="allowedAssemblyPrefixes">Whose types may be stored and read back; defaults to <see cref="DefaultAllowedAssemblyPrefixes"/>.</param>
    /// <param name="sourceGeneratedTypes">Types written and read with System.Text.Json instead of Newtonsoft (see <see cref="SourceGeneratedStateType"/>).</param>
    public SqlBotStorage(
        StorageDatabase database,
        IEnumerable<string>? allowedAssemblyPrefixes = null,
        TimeProvider? timeProvider = null,
        IEnumerable<SourceGeneratedStateType>? sourceGeneratedTypes = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _sourceGenerated = (sourceGeneratedTypes ?? []).ToDictionary(type => type.Type);
        _serializer = JsonSerializer.Create(new JsonSerializerSettings
        {
            // Auto: a type name only where the declared type does not say it (the item itself, object-typed and
            // interface-typed values), so types still round-trip; All wrote one on every object and list, which
            // made them a third to a half of every state row. Rows written with All still read (names are honoured).
            TypeNameHandling = TypeNameHandling.Auto,
            SerializationBinder = new AllowListSerializationBinder(allowedAssemblyPrefixes ?? DefaultAllowedAssemblyPrefixes),
            ReferenceLoopHandling = ReferenceLoopHandling.Error,
            NullValueHandling = NullValueHandling.Include,
        });

        // As JsonConvert.DeserializeObject: text after the item makes the row unreadable rather than silently ignored.
        _serializer.CheckAdditionalContent = true;
    }

    /// <summary>Reads the items stored under <paramref name="keys"/>; keys with nothing stored are left out.</summary>
    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ValidateKeys(keys);
        var items = new Dictionary<string, object>(keys.Length);
        if (keys.Length == 0)
        {
            return items;
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        IEnumerable<StateRow> rows;
        if (keys.Length == 1)
        {
            // Every turn reads one key: a plain parameter, no IN list to build.
            rows = await connection.QueryAsync<StateRow>(
                new CommandDefinition(SelectOneSql, new { Key = keys[0] }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            var (inList, parameters) = InKeys(keys.Distinct(StringComparer.Ordinal).ToArray());
            rows = await connection.QueryAsync<StateRow>(
                new CommandDefinition(SelectSql + inList, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        foreach (var row in rows)
        {
            var item = Deserialize(row.Json);
            if (item is null)
            {
                continue;
            }

            SetETag(item, row.ETag);
            items[row.Key] = item;
        }

        return items;
    }

    /// <summary>Writes every change in one transaction. A null value deletes its key.</summary>
    /// <exception cref="StorageConcurrencyException">An item's ETag did not match; nothing from this call was written.</exception>
    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        await WriteCoreAsync(changes, [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="WriteAsync(IDictionary{string, object}, CancellationToken)"/> plus the turn's open interviews
    /// (<c>open_interviews</c>, as <see cref="SqlInterviewLog"/> writes them), all in one transaction: one commit.
    /// </summary>
    /// <exception cref="StorageConcurrencyException">An item's ETag did not match; neither state nor interviews were written.</exception>
    public async Task<IReadOnlyList<OpenInterview>> WriteWithInterviewsAsync(
        IDictionary<string, object> changes, IReadOnlyCollection<OpenInterview> openInterviews, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(openInterviews);
        var interviews = openInterviews.Select(interview => (Interview: interview, Parameters: SqlInterviewLog.UpsertParameters(interview))).ToList();
        if (changes.Count == 0 && interviews.Count == 0)
        {
            return [];
        }

        return await WriteCoreAsync(changes, interviews, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<OpenInterview>> WriteCoreAsync(
        IDictionary<string, object> changes, IReadOnlyList<(OpenInterview Interview, object Parameters)> interviews, CancellationToken cancellationToken)
    {
        // Serialise before touching the database: a type that is not allowed fails the call up front.
        var updatedAt = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var writes = changes.Select(change => PrepareWrite(change.Key, change.Value, updatedAt)).ToList();

        // The write lock is taken up front, before the first ETag check: on SQLite the file's one writer, so two
        // writers queue instead of deadlocking on a read-to-write upgrade; on PostgreSQL an advisory lock per key
        // written, so no other instance writes these keys between check and write.
        var refusedInterviews = await _database.WriteAsync(LockKeys(writes.Select(write => write.Key)), async (connection, transaction, token) =>
        {
            foreach (var write in writes)
            {
                await ApplyAsync(connection, transaction, write, token).ConfigureAwait(false);
            }

            // After the state: an ETag conflict above throws before any interview is written.
            var refused = new List<OpenInterview>();
            foreach (var (interview, parameters) in interviews)
            {
                if (!await SqlInterviewLog.UpsertInAsync(connection, transaction, parameters, token).ConfigureAwait(false)) refused.Add(interview);
            }

            return refused;
        }, cancellationToken).ConfigureAwait(false);

        // Only after the commit: a rolled-back call must leave the callers' objects as they were.
        foreach (var write in writes)
        {
            if (write.Value is not null)
            {
                SetETag(write.Value, write.NewETag);
            }
        }

        return refusedInterviews;
    }

    /// <summary>Deletes the items stored under <paramref name="keys"/>; unknown keys are ignored.</summary>
    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ValidateKeys(keys);
        if (keys.Length == 0)
        {
            return;
        }

        var distinctKeys = keys.Distinct(StringComparer.Ordinal).ToArray();
        var (inList, parameters) = InKeys(distinctKeys);
        // The same locks as WriteAsync: a delete waits for a write of its keys rather than interleaving with it.
        await _database.WriteAsync(LockKeys(distinctKeys), (connection, transaction, token) =>
            connection.ExecuteAsync(new CommandDefinition(DeleteSql + inList, parameters, transaction, cancellationToken: token)), cancellationToken)
            .ConfigureAwait(false);
    }

    private PendingWrite PrepareWrite(string key, object? value, string updatedAt)
    {
        if (value is null)
        {
            return new PendingWrite(key, null, "", null, "", updatedAt);
        }

        var json = Serialize(value);
        return new PendingWrite(key, value, json, GetETag(value), Guid.NewGuid().ToString("N"), updatedAt);
    }

    private string Serialize(object value)
    {
        if (_sourceGenerated.TryGetValue(value.GetType(), out var type)) return type.Serialize(value);

        using var text = new StringWriter(new System.Text.StringBuilder(2048), CultureInfo.InvariantCulture);
        using (var writer = new JsonTextWriter(text))
        {
            _serializer.Serialize(writer, value, typeof(object));
        }

        return text.ToString();
    }

    private object? Deserialize(string json)
    {
        foreach (var type in _sourceGenerated.Values)
        {
            if (type.Wrote(json)) return type.Deserialize(json);
        }

        using var reader = new JsonTextReader(new StringReader(json));
        return _serializer.Deserialize(reader, typeof(object));
    }

    private static async Task ApplyAsync(DbConnection connection, DbTransaction transaction, PendingWrite write, CancellationToken cancellationToken)
    {
        if (write.Value is null)
        {
            var (inList, keys) = InKeys([write.Key]);
            await connection.ExecuteAsync(
                new CommandDefinition(DeleteSql + inList, keys, transaction, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            return;
        }

        var parameters = new { write.Key, ETag = write.NewETag, write.Json, write.UpdatedAt, write.ExpectedETag };
        if (write.ExpectedETag is null or WildcardETag)
        {
            await connection.ExecuteAsync(new CommandDefinition(UpsertSql, parameters, transaction, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            return;
        }

        var updated = await connection.ExecuteAsync(
            new CommandDefinition(UpdateIfMatchSql, parameters, transaction, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        if (updated == 1)
        {
            return;
        }

        // Nothing matched: either nothing is stored (create it) or a different version is (conflict).
        var inserted = await connection.ExecuteAsync(
            new CommandDefinition(InsertIfAbsentSql, parameters, transaction, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        if (inserted == 1)
        {
            return;
        }

        var storedETag = await connection.ExecuteScalarAsync<string?>(
            new CommandDefinition(SelectETagSql, new { write.Key }, transaction, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        throw new StorageConcurrencyException(write.Key, write.ExpectedETag, storedETag);
    }

    /// <summary>"(@Key0, @Key1, …)" and its parameters: one scalar parameter per key, the same on every provider.</summary>
    private static (string InList, DynamicParameters Parameters) InKeys(IReadOnlyList<string> keys)
    {
        var parameters = new DynamicParameters();
        var names = new string[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            names[i] = "@Key" + i.ToString(CultureInfo.InvariantCulture);
            parameters.Add(names[i], keys[i]);
        }

        return ("(" + string.Join(", ", names) + ")", parameters);
    }

    private static string[] LockKeys(IEnumerable<string> keys) =>
        keys.Distinct(StringComparer.Ordinal).Select(key => LockKeyPrefix + key).ToArray();

    private static string? GetETag(object value) => value switch
    {
        IStoreItem storeItem => storeItem.ETag,
        JObject jObject => FindETagProperty(jObject) is { } property ? property.Value.Type == JTokenType.Null ? null : property.Value.ToString() : null,
        IDictionary<string, object?> dictionary => FindETagKey(dictionary.Keys) is { } key ? dictionary[key]?.ToString() : null,
        IDictionary dictionary => FindETagKey(dictionary.Keys.OfType<string>()) is { } key ? dictionary[key]?.ToString() : null,
        _ => null,
    };

    /// <summary>Puts the stored ETag on an item; dictionaries and JObjects only when they already carry one.</summary>
    private static void SetETag(object item, string eTag)
    {
        switch (item)
        {
            case IStoreItem storeItem:
                storeItem.ETag = eTag;
                break;
            case JObject jObject:
                if (FindETagProperty(jObject) is { } property)
                {
                    property.Value = eTag;
                }

                break;
            case IDictionary<string, object?> dictionary when !dictionary.IsReadOnly:
                if (FindETagKey(dictionary.Keys) is { } key)
                {
                    dictionary[key] = eTag;
                }

                break;
            case IDictionary dictionary when !dictionary.IsReadOnly:
                if (FindETagKey(dictionary.Keys.OfType<string>()) is { } legacyKey)
                {
                    dictionary[legacyKey] = eTag;
                }

                break;
        }
    }

    private static JProperty? FindETagProperty(JObject jObject) =>
        jObject.Properties().FirstOrDefault(property => IsETagName(property.Name));

    private static string? FindETagKey(IEnumerable<string> keys) => keys.FirstOrDefault(IsETagName);

    private static bool IsETagName(string name) => string.Equals(name, "ETag", StringComparison.OrdinalIgnoreCase);

    private static void ValidateKeys(string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (Array.Exists(keys, key => key is null))
        {
            throw new ArgumentException("Keys must not contain null.", nameof(keys));
        }
    }

    private sealed record PendingWrite(string Key, object? Value, string Json, string? ExpectedETag, string NewETag, string UpdatedAt);

    private sealed class StateRow
    {
        public string Key { get; set; } = "";

        public string ETag { get; set; } = "";

        public string Json { get; set; } = "";
    }
}
