using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PmOpsBot.Core.CareerFit;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Storage;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Keeps bot state (<see cref="IStorage"/>), the initiative registry (<see cref="IInitiativeStore"/>),
    /// career-fit profiles (<see cref="ICareerProfileStore"/>), digest subscriptions and claims
    /// (<see cref="IDigestSubscriptionStore"/>), open interviews (<see cref="IInterviewLog"/>) and check-ins (<see cref="ICheckInStore"/>) in one
    /// SQLite database. Each is registered as a singleton, as its class and as its interface.
    /// Call <see cref="MigrateDatabase"/> once at startup, before the first request.
    /// </summary>
    /// <param name="allowedStateAssemblyPrefixes">
    /// Whose types bot state may hold; defaults to <see cref="SqliteBotStorage.DefaultAllowedAssemblyPrefixes"/>.
    /// Add "Microsoft.Bot.Schema" (and "Microsoft.Bot.Builder") to store e.g. ConversationReference or
    /// to use Bot Framework components that keep their own items in IStorage.
    /// </param>
    public static IServiceCollection AddSqliteStorage(
        this IServiceCollection services,
        string connectionString,
        IEnumerable<string>? allowedStateAssemblyPrefixes = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var prefixes = allowedStateAssemblyPrefixes?.ToArray();

        // Factories rather than type registrations: the optional constructor parameters must keep their
        // defaults instead of being filled from the container (an IEnumerable<string> always resolves).
        services.AddSingleton(_ => new SqliteConnectionFactory(connectionString));
        services.AddSingleton(provider => new SqliteMigrator(
            provider.GetRequiredService<SqliteConnectionFactory>(),
            provider.GetService<ILogger<SqliteMigrator>>()));
        services.AddSingleton<StorageDatabase>(provider => new SqliteDatabase(
            provider.GetRequiredService<SqliteConnectionFactory>(),
            provider.GetService<ILogger<SqliteMigrator>>()));
        services.AddSingleton(provider => new SqliteBotStorage(
            provider.GetRequiredService<SqliteConnectionFactory>(),
            prefixes,
            provider.GetService<TimeProvider>()));
        services.AddSingleton(provider => new SqliteInitiativeStore(
            provider.GetRequiredService<SqliteConnectionFactory>(),
            provider.GetService<TimeProvider>()));
        services.AddSingleton(provider => new SqliteCareerProfileStore(
            provider.GetRequiredService<SqliteConnectionFactory>()));
        services.AddSingleton(provider => new SqliteDigestSubscriptionStore(
            provider.GetRequiredService<SqliteConnectionFactory>(),
            provider.GetService<TimeProvider>()));
        services.AddSingleton(provider => new SqliteInterviewLog(
            provider.GetRequiredService<SqliteConnectionFactory>()));
        services.AddSingleton(provider => new SqliteCheckInStore(
            provider.GetRequiredService<SqliteConnectionFactory>(),
            provider.GetService<TimeProvider>()));
        services.AddSingleton<IStorage>(provider => provider.GetRequiredService<SqliteBotStorage>());
        services.AddSingleton<IInitiativeStore>(provider => provider.GetRequiredService<SqliteInitiativeStore>());
        services.AddSingleton<ICareerProfileStore>(provider => provider.GetRequiredService<SqliteCareerProfileStore>());
        services.AddSingleton<IDigestSubscriptionStore>(provider => provider.GetRequiredService<SqliteDigestSubscriptionStore>());
        services.AddSingleton<IInterviewLog>(provider => provider.GetRequiredService<SqliteInterviewLog>());
        services.AddSingleton<ICheckInStore>(provider => provider.GetRequiredService<SqliteCheckInStore>());
        return services;
    }

    /// <summary>Applies pending migrations; returns the scripts that ran (empty when already current).</summary>
    public static IReadOnlyList<string> MigrateDatabase(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<SqliteMigrator>().Migrate();
    }
}
