using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PmOpsBot.Core.CareerFit;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Delivery;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Postgres;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Storage;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Keeps bot state (<see cref="IStorage"/>), the initiative registry (<see cref="IInitiativeStore"/>),
    /// career-fit profiles (<see cref="ICareerProfileStore"/>), digest subscriptions and claims
    /// (<see cref="IDigestSubscriptionStore"/>), open interviews (<see cref="IInterviewLog"/>), check-ins
    /// (<see cref="ICheckInStore"/>), undelivered messages (<see cref="IPendingMessageStore"/>) and acknowledged Slack requests (<see cref="ISlackInboundStore"/>) in one SQLite database file. Call <see cref="MigrateDatabase"/> once at startup.
    /// </summary>
    /// <param name="allowedStateAssemblyPrefixes">
    /// Whose types bot state may hold; defaults to <see cref="SqlBotStorage.DefaultAllowedAssemblyPrefixes"/>.
    /// Add "Microsoft.Bot.Schema" (and "Microsoft.Bot.Builder") to store e.g. ConversationReference or
    /// to use Bot Framework components that keep their own items in IStorage.
    /// </param>
    /// <param name="relaxedSync">Storage:SqliteSynchronous "Normal": commits synced at checkpoints only (see <see cref="StorageOptions.SqliteSynchronous"/>).</param>
    public static IServiceCollection AddSqliteStorage(
        this IServiceCollection services,
        string connectionString,
        IEnumerable<string>? allowedStateAssemblyPrefixes = null,
        bool relaxedSync = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.AddSingleton(_ => new SqliteConnectionFactory(connectionString, relaxedSync));
        services.AddSingleton<StorageDatabase>(provider => new SqliteDatabase(
            provider.GetRequiredService<SqliteConnectionFactory>(),
            provider.GetService<ILogger<SqliteMigrator>>()));
        return services.AddStores(allowedStateAssemblyPrefixes);
    }

    /// <summary>
    /// The same stores on a PostgreSQL database that any number of bot instances share: every instance may serve
    /// any turn, claim any digest, and no request needs to come back to the same instance.
    /// </summary>
    public static IServiceCollection AddPostgresStorage(
        this IServiceCollection services,
        string connectionString,
        IEnumerable<string>? allowedStateAssemblyPrefixes = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.AddSingleton<StorageDatabase>(provider => new PostgresDatabase(connectionString, provider.GetService<ILogger<PostgresMigrator>>()));
        return services.AddStores(allowedStateAssemblyPrefixes);
    }

    /// <summary>Applies pending migrations; returns the scripts that ran (empty when already current).</summary>
    public static IReadOnlyList<string> MigrateDatabase(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<StorageDatabase>().Migrate();
    }

    private static IServiceCollection AddStores(this IServiceCollection services, IEnumerable<string>? allowedStateAssemblyPrefixes)
    {
        var prefixes = allowedStateAssemblyPrefixes?.ToArray();

        // Factories rather than type registrations: the optional constructor parameters must keep their
        // defaults instead of being filled from the container (an IEnumerable<string> always resolves).
        services.AddSingleton(provider => new SqlBotStorage(
            provider.GetRequiredService<StorageDatabase>(),
            prefixes,
            provider.GetService<TimeProvider>(),
            provider.GetServices<SourceGeneratedStateType>()));
        services.AddSingleton(provider => new SqlInitiativeStore(
            provider.GetRequiredService<StorageDatabase>(),
            provider.GetService<TimeProvider>()));
        services.AddSingleton(provider => new SqlCareerProfileStore(
            provider.GetRequiredService<StorageDatabase>()));
        services.AddSingleton(provider => new SqlDigestSubscriptionStore(
            provider.GetRequiredService<StorageDatabase>(),
            provider.GetService<TimeProvider>()));
        services.AddSingleton(provider => new SqlInterviewLog(
            provider.GetRequiredService<StorageDatabase>()));
        services.AddSingleton(provider => new SqlCheckInStore(
            provider.GetRequiredService<StorageDatabase>(),
            provider.GetService<TimeProvider>()));
        services.AddSingleton<IInboundEventLog>(provider => new SqlInboundEventLog(provider.GetRequiredService<StorageDatabase>()));
        services.AddSingleton<IPendingMessageStore>(provider => new SqlPendingMessageStore(provider.GetRequiredService<StorageDatabase>()));
        services.AddSingleton<ISlackInboundStore>(provider => new SqlSlackInboundStore(provider.GetRequiredService<StorageDatabase>()));
        services.AddSingleton<IStorage>(provider => provider.GetRequiredService<SqlBotStorage>());
        services.AddSingleton<IInitiativeStore>(provider => provider.GetRequiredService<SqlInitiativeStore>());
        services.AddSingleton<ICareerProfileStore>(provider => provider.GetRequiredService<SqlCareerProfileStore>());
        services.AddSingleton<IDigestSubscriptionStore>(provider => provider.GetRequiredService<SqlDigestSubscriptionStore>());
        services.AddSingleton<IInterviewLog>(provider => provider.GetRequiredService<SqlInterviewLog>());
        services.AddSingleton<ICheckInStore>(provider => provider.GetRequiredService<SqlCheckInStore>());
        return services;
    }
}
