using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PmOpsBot.Storage.Stores;

/// <summary>
/// A type of bot state that <see cref="SqlBotStorage"/> writes and reads with System.Text.Json from source-generated
/// metadata instead of Newtonsoft's reflection (a conversation's state is read and written on every turn, and Newtonsoft
/// with type names was a sixth of an interview turn's CPU).
/// </summary>
/// <remarks>
/// A row keeps the shape Newtonsoft gives it: <c>"$type"</c> first, then the properties named as declared, enums as numbers,
/// so Newtonsoft reads it too (an older build, or a row read through the general path). A <c>"$format"</c> marker after the
/// type name says who wrote the row: only rows carrying it are read this way. Rows Newtonsoft wrote, including old ones
/// with <c>"$values"</c> lists and <c>"$type"</c> entries inside dictionaries, stay on the Newtonsoft path, which reads them
/// as before. Only the registered type is ever created here: no type name from the row is followed.
/// </remarks>
public sealed class SourceGeneratedStateType
{
    private const string FormatMarker = "\"$format\":\"stj\"";

    private readonly Func<object, string> _serialize;
    private readonly Func<string, object?> _deserialize;
    private readonly string _prefix;

    private SourceGeneratedStateType(Type type, Func<object, string> serialize, Func<string, object?> deserialize)
    {
        Type = type;
        _serialize = serialize;
        _deserialize = deserialize;
        // As Newtonsoft names a type with TypeNameAssemblyFormatHandling.Simple.
        _prefix = $"{{\"$type\":{JsonSerializer.Serialize($"{type.FullName}, {type.Assembly.GetName().Name}")},{FormatMarker}";
    }

    public Type Type { get; }

    /// <summary>Stores <typeparamref name="T"/> with <paramref name="typeInfo"/> (from a <c>JsonSerializerContext</c>).</summary>
    public static SourceGeneratedStateType For<T>(JsonTypeInfo<T> typeInfo)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new SourceGeneratedStateType(
            typeof(T),
            item => JsonSerializer.Serialize((T)item, typeInfo),
            json => JsonSerializer.Deserialize(json, typeInfo));
    }

    /// <summary>The row for <paramref name="item"/>: the type name and the marker, then its properties.</summary>
    internal string Serialize(object item)
    {
        var json = _serialize(item);
        // The serializer's output is an object: "{" then its properties, or "{}".
        return json.Length > 2 ? string.Concat(_prefix, ",", json.AsSpan(1)) : _prefix + "}";
    }

    /// <summary>True when this type wrote <paramref name="json"/>.</summary>
    internal bool Wrote(string json) => json.StartsWith(_prefix, StringComparison.Ordinal);

    internal object? Deserialize(string json) => _deserialize(json);
}
