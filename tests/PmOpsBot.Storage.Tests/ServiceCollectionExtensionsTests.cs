using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using PmOpsBot.Core.CareerFit;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Storage.Tests;

public sealed class ServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task AddSqliteStorage_registers_working_singletons_and_MigrateDatabase_runs_once()
    {
        await using var provider = new ServiceCollection()
            .AddSqliteStorage(_database.ConnectionString)
            .BuildServiceProvider();

        Assert.Equal(["0001_initial.sql", "0002_handover_and_careers.sql", "0003_digest.sql", "0004_checkins.sql", "0005_digest_next_run.sql", "0006_digest_mentions.sql", "0007_inbound_events.sql", "0008_pending_messages.sql", "0009_slack_inbound.sql"], provider.MigrateDatabase());
        Assert.Empty(provider.MigrateDatabase());

        var storage = Assert.IsType<SqlBotStorage>(provider.GetRequiredService<IStorage>());
        var store = Assert.IsType<SqlInitiativeStore>(provider.GetRequiredService<IInitiativeStore>());
        Assert.Same(storage, provider.GetRequiredService<IStorage>());
        Assert.Same(storage, provider.GetRequiredService<SqlBotStorage>());
        Assert.Same(store, provider.GetRequiredService<IInitiativeStore>());
        var profiles = Assert.IsType<SqlCareerProfileStore>(provider.GetRequiredService<ICareerProfileStore>());
        Assert.Same(profiles, provider.GetRequiredService<SqlCareerProfileStore>());
        var subscriptions = Assert.IsType<SqlDigestSubscriptionStore>(provider.GetRequiredService<IDigestSubscriptionStore>());
        Assert.Same(subscriptions, provider.GetRequiredService<SqlDigestSubscriptionStore>());
        var interviews = Assert.IsType<SqlInterviewLog>(provider.GetRequiredService<IInterviewLog>());
        Assert.Same(interviews, provider.GetRequiredService<SqlInterviewLog>());
        var checkIns = Assert.IsType<SqlCheckInStore>(provider.GetRequiredService<PmOpsBot.Core.CheckIns.ICheckInStore>());
        Assert.Same(checkIns, provider.GetRequiredService<SqlCheckInStore>());
        Assert.Empty(await checkIns.ListPromptsAsync(Guid.NewGuid(), new DateOnly(2026, 1, 1), CancellationToken.None));

        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new CounterItem { Count = 1 } });
        Assert.Single(await storage.ReadAsync(["k"]));
        Assert.Null(await store.FindAsync("tenant", Guid.NewGuid(), CancellationToken.None));
        Assert.Null(await profiles.FindAsync("tenant", "user", CancellationToken.None));
        Assert.Empty(await subscriptions.ListActiveAsync(CancellationToken.None));
        Assert.Empty(await interviews.ListStaleAsync(new DigestScope("tenant", "team", "conversation"), DateTimeOffset.UtcNow, 10, CancellationToken.None));
    }

    [Fact]
    public async Task AddSqliteStorage_passes_the_allowed_prefixes_to_the_bot_storage()
    {
        await using var provider = new ServiceCollection()
            .AddSqliteStorage(_database.ConnectionString, allowedStateAssemblyPrefixes: ["PmOpsBot.Core"])
            .BuildServiceProvider();
        provider.MigrateDatabase();

        var storage = provider.GetRequiredService<IStorage>();

        await Assert.ThrowsAsync<Newtonsoft.Json.JsonSerializationException>(() =>
            storage.WriteAsync(new Dictionary<string, object> { ["k"] = new CounterItem() }));
    }
}
