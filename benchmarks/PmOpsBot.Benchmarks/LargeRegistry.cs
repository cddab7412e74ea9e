using Microsoft.Extensions.Logging.Abstractions;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Benchmarks;

/// <summary>
/// A SQLite registry with 100,000 initiatives in one tenant (and 10,000 in another), built once and
/// kept in the temp folder so every benchmark process reuses it.
/// </summary>
public static class LargeRegistry
{
    public const string Tenant = "bench-tenant";
    public const int Count = 100_000;

    private static readonly string[] First = ["CRM", "Payroll", "Warehouse", "Billing", "Onboarding", "Data", "Network", "Website", "Mobile", "Finance", "Office", "Supplier", "Support", "Training", "Security", "Analytics", "Logistics", "Inventory", "Procurement", "Marketing"];
    private static readonly string[] Second = ["rollout", "migration", "cleanup", "automation", "relocation", "upgrade", "redesign", "pilot", "integration", "consolidation", "refresh", "launch", "operations", "audit", "portal", "platform"];
    private static readonly string[] Third = ["north", "south", "east", "west", "phase", "wave", "emea", "apac", "americas", "central", "alpha", "beta", "gamma", "delta", "omega", "prime"];

    public static string PathFor(string name) => Path.Combine(Path.GetTempPath(), $"pmopsbot-bench-{name}-v2.db");

    public static SqliteConnectionFactory Open()
    {
        var path = PathFor("registry");
        var ready = path + ".ready";
        var factory = new SqliteConnectionFactory($"Data Source={path}");
        if (File.Exists(ready)) return factory;

        foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        new SqliteMigrator(factory, NullLogger<SqliteMigrator>.Instance).Migrate();
        var store = new SqlInitiativeStore(new SqliteDatabase(factory));
        var random = new Random(42);
        var start = new DateOnly(2026, 1, 1);
        for (var i = 0; i < Count + Count / 10; i++)
        {
            var tenant = i < Count ? Tenant : "other-tenant";
            store.SaveAsync(Make(i, tenant, random, start), CancellationToken.None).GetAwaiter().GetResult();
        }

        File.WriteAllText(ready, DateTime.UtcNow.ToString("O"));
        return factory;
    }

    /// <summary>A name that exists in the registry, for lookups.</summary>
    public static string NameOf(int i) => $"{First[i % First.Length]} {Second[i / First.Length % Second.Length]} {Third[i / (First.Length * Second.Length) % Third.Length]} {i}";

    private static Initiative Make(int i, string tenant, Random random, DateOnly start)
    {
        var owner = new UserRef($"user-{random.Next(500)}", $"Person {random.Next(500)}");
        var ops = random.Next(3) == 0 ? null : new OwnerAssignment(new UserRef($"user-{random.Next(500)}", "Ops person"), (OwnerResponse)random.Next(3), owner, DateTimeOffset.UnixEpoch);
        return new Initiative
        {
            Id = Guid.NewGuid(),
            TenantId = tenant,
            ChannelId = "msteams",
            ConversationId = "bench",
            Name = NameOf(i),
            Description = "Seeded for the benchmark.",
            CreatedBy = owner,
            ProjectOwner = owner,
            OperationsOwner = ops,
            Decision = random.Next(4) == 0 ? Decision.Operations : Decision.Project,
            Confidence = 0.8,
            IsMixed = random.Next(5) == 0,
            Stage = (InitiativeStage)random.Next(5),
            HandoverDate = start.AddDays(random.Next(730)),
            Checklist = random.Next(2) == 0 ? [] : [new ChecklistTick(ReadinessItem.RunbookWritten, owner, DateTimeOffset.UnixEpoch)],
            CreatedAt = DateTimeOffset.UnixEpoch,
            DecidedAt = DateTimeOffset.UnixEpoch.AddMinutes(i),
        };
    }
}
