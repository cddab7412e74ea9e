using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace PmOpsBot.Storage.Sqlite;

/// <summary>
/// Resolves the "$type" names in stored bot state to a short list of safe types.
/// The names come from the database: with TypeNameHandling.All and no binder, anyone able to write a
/// row could make the bot instantiate any type on the machine (the classic Json.NET gadget attack).
/// Allowed: types from our own assemblies (by name prefix), primitives and simple values, generic
/// collections from the base library, and Json.NET's JObject/JArray/JValue.
/// </summary>
internal sealed class AllowListSerializationBinder : ISerializationBinder
{
    private static readonly HashSet<string> CollectionAssemblies = new(StringComparer.Ordinal)
    {
        "System.Private.CoreLib",
        "System.Collections",
        "System.Collections.Concurrent",
        "System.ObjectModel",
    };

    private static readonly HashSet<string> CollectionNamespaces = new(StringComparer.Ordinal)
    {
        "System.Collections.Generic",
        "System.Collections.Concurrent",
        "System.Collections.ObjectModel",
    };

    private static readonly HashSet<Type> SimpleValueTypes =
    [
        typeof(object), typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset),
        typeof(TimeSpan), typeof(Guid), typeof(DateOnly), typeof(TimeOnly), typeof(Uri),
    ];

    private const string JsonNetAssembly = "Newtonsoft.Json";
    private const string JsonNetLinqNamespace = "Newtonsoft.Json.Linq";

    /// <summary>Most names and types remembered; a state row names about 15, the whole bot a few dozen.</summary>
    private const int MaxCachedNames = 1024;

    private readonly string[] _allowedAssemblyPrefixes;
    private readonly DefaultSerializationBinder _nameBinder = new();

    // Resolving a name walks the loaded assemblies and allocates; it was half of an interview turn's CPU before these
    // caches. Only names that resolved to an allowed type are kept, so a refused name is checked again every time.
    private readonly ConcurrentDictionary<(string? Assembly, string Type), Type> _boundTypes = new();
    private readonly ConcurrentDictionary<Type, bool> _allowed = new();
    private readonly ConcurrentDictionary<string, Assembly> _assemblies = new(StringComparer.Ordinal);

    public AllowListSerializationBinder(IEnumerable<string> allowedAssemblyPrefixes)
    {
        _allowedAssemblyPrefixes = allowedAssemblyPrefixes
            .Where(prefix => !string.IsNullOrWhiteSpace(prefix))
            .Select(prefix => prefix.Trim())
            .ToArray();
    }

    public Type BindToType(string? assemblyName, string typeName)
    {
        if (_boundTypes.TryGetValue((assemblyName, typeName), out var known)) return known;
        var bound = Bind(assemblyName, typeName);
        if (_boundTypes.Count < MaxCachedNames) _boundTypes.TryAdd((assemblyName, typeName), bound);
        return bound;
    }

    private Type Bind(string? assemblyName, string typeName)
    {
        var qualifiedName = assemblyName is null ? typeName : $"{typeName}, {assemblyName}";

        // The resolver callbacks see every assembly named in the type name, generic arguments
        // included, so a disallowed assembly is refused before it is even loaded.
        Type? type;
        try
        {
            type = Type.GetType(qualifiedName, ResolveAllowedAssembly, ResolveType, throwOnError: false);
        }
        catch (Exception exception) when (exception is ArgumentException or TypeLoadException or FileLoadException or FileNotFoundException or BadImageFormatException)
        {
            throw Refused(qualifiedName, exception);
        }

        if (type is null || !IsAllowed(type))
        {
            throw Refused(qualifiedName, innerException: null);
        }

        return type;
    }

    public void BindToName(Type serializedType, out string? assemblyName, out string? typeName)
    {
        // Refusing at write time too: an item that could be written but never read back would
        // fail one turn later, far from its cause.
        if (!IsAllowed(serializedType))
        {
            throw new JsonSerializationException(
                $"Type '{serializedType.FullName}' from assembly '{serializedType.Assembly.GetName().Name}' " +
                "is not allowed in bot state; add its assembly name prefix to the storage's allowed list.");
        }

        _nameBinder.BindToName(serializedType, out assemblyName, out typeName);
    }

    internal bool IsAllowed(Type type)
    {
        if (_allowed.TryGetValue(type, out var known)) return known;
        var allowed = IsAllowedUncached(type);
        if (_allowed.Count < MaxCachedNames) _allowed.TryAdd(type, allowed);
        return allowed;
    }

    private bool IsAllowedUncached(Type type)
    {
        if (type.IsArray)
        {
            return type.GetArrayRank() == 1 && type.GetElementType() is { } element && IsAllowed(element);
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            return IsAllowed(type.GetGenericTypeDefinition()) && type.GetGenericArguments().All(IsAllowed);
        }

        if (type.IsGenericParameter || type.IsPointer || type.IsByRef)
        {
            return false;
        }

        var assemblyName = type.Assembly.GetName().Name ?? "";
        if (IsAllowedAssembly(assemblyName))
        {
            return true;
        }

        if (assemblyName == JsonNetAssembly)
        {
            return type.Namespace == JsonNetLinqNamespace;
        }

        if (type.IsPrimitive || SimpleValueTypes.Contains(type) || type == typeof(Nullable<>))
        {
            return true;
        }

        return type.IsGenericTypeDefinition
            && CollectionAssemblies.Contains(assemblyName)
            && type.Namespace is { } ns && CollectionNamespaces.Contains(ns)
            && (typeof(IEnumerable).IsAssignableFrom(type) || type == typeof(KeyValuePair<,>));
    }

    private bool IsAllowedAssembly(string assemblyName) =>
        _allowedAssemblyPrefixes.Any(prefix =>
            assemblyName.Equals(prefix, StringComparison.Ordinal)
            || (assemblyName.StartsWith(prefix, StringComparison.Ordinal) && assemblyName[prefix.Length] == '.'));

    private Assembly? ResolveAllowedAssembly(AssemblyName name)
    {
        var simpleName = name.Name ?? "";
        var allowed = IsAllowedAssembly(simpleName)
            || simpleName == JsonNetAssembly
            || CollectionAssemblies.Contains(simpleName);
        if (!allowed)
        {
            return null;
        }

        // Prefer what is already loaded; only an allowed assembly is ever loaded here.
        return _assemblies.GetOrAdd(simpleName, static name =>
            AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(loaded => loaded.GetName().Name == name) ?? Assembly.Load(new AssemblyName(name)));
    }

    // A name without an assembly is looked up in the base library only.
    private static Type? ResolveType(Assembly? assembly, string name, bool ignoreCase) =>
        (assembly ?? typeof(object).Assembly).GetType(name, throwOnError: false, ignoreCase: false);

    private static JsonSerializationException Refused(string qualifiedName, Exception? innerException)
    {
        var message = $"Stored bot state names type '{qualifiedName}', which is not allowed; the item was not read.";
        return innerException is null ? new(message) : new(message, innerException);
    }
}
