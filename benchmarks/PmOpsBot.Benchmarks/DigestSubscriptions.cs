using Microsoft.Extensions.Logging.Abstractions;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Benchmarks;

/// <summary>
/// A SQLite database with 10,000 active digest subscriptions (400 tenants × 25 channels), seeded through
/// <see cref="SqlDigestSubscriptionStore"/> and kept in the temp folder (a <c>.ready</c> marker says the build
/// finished). The day claims are set up for two fixed instants, so the cached file stays valid whatever day the
/// benchmark runs:
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="QuietNow"/> (Wednesday 25 November 2026, 13:00 UTC): every subscription whose digest is due
/// has posted it (claimed and marked posted a few seconds after its time); the others are not due yet (America at
/// dawn), or it is not one of their days. This is what almost every tick of the day sees.</item>
/// <item><see cref="ContendedNow"/> (Thursday 26 November 2026, 13:00 UTC): every subscription whose digest is due
/// has not posted yet, and another instance holds a live claim on each (taken at that instant, 10-minute lease), so
/// every claim this instance asks for is refused.</item>
/// </list>
/// Every subscription also posted on its previous working day, so <c>last_posted_at</c> is never empty, and every
/// <c>next_run_at</c> is what the store and the scheduler's ticks leave (the next day's run once posted, Sydney's
/// missed Thursday moved on to Friday), so the quiet tick reads no subscription and the contended one only due ones.
/// Schedules: 55 % at 9:00, 20 % at 8:30, the rest on a quarter hour between 7:00 and 11:45; 85 % weekdays,
/// 10 % every day, 5 % Mondays and Thursdays; ten time zones from Los Angeles to Sydney, Europe the most common.
/// </remarks>
public static class DigestSubscriptions
{
    public const int Count = 10_000;
    public const int Tenants = 400;

    public static readonly DateTimeOffset QuietNow = new(2026, 11, 25, 13, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset ContendedNow = new(2026, 11, 26, 13, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Lease = new DigestRunnerOptions().Lease;

    private static readonly (string Zone, int Weight)[] Zones =
    [
        ("Europe/Berlin", 30), ("Europe/London", 15), ("America/New_York", 15), ("America/Los_Angeles", 10), ("Asia/Kolkata", 8),
        ("America/Chicago", 5), ("Asia/Tokyo", 5), ("Australia/Sydney", 5), ("UTC", 5), ("Europe/Paris", 2),
    ];

    public static SqliteConnectionFactory Open()
    {
        var path = DigestRegistry.PathFor("digest-subscriptions");
        var ready = path + ".ready";
        var factory = new SqliteConnectionFactory($"Data Source={path}");
        if (File.Exists(ready)) return factory;

        foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        new SqliteMigrator(factory, NullLogger<SqliteMigrator>.Instance).Migrate();
        var store = new SqlDigestSubscriptionStore(new SqliteDatabase(factory), new FixedClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)));
        var random = new Random(7);
        var none = CancellationToken.None;
        var saved = new List<DigestSubscription>(Count);
        for (var i = 0; i < Count; i++) saved.Add(store.SaveAsync(Make(i, random), none).GetAwaiter().GetResult());

        foreach (var subscription in saved)
        {
            // The previous working day's digest, then Wednesday's where it is due by QuietNow.
            var wednesday = DigestSchedule.LocalDate(subscription, QuietNow);
            var previous = wednesday.AddDays(-1);
            while (DigestSchedule.ScheduledAt(subscription, previous) is null) previous = previous.AddDays(-1);
            Post(store, subscription, previous);
            if (DigestSchedule.DueDate(subscription, QuietNow) is { } today) Post(store, subscription, today);

            // Thursday: due, not posted, held by another instance.
            if (DigestSchedule.DueDate(subscription, ContendedNow) is { } thursday
                && !store.TryClaimAsync(subscription.Id, thursday, "bench-other-instance", ContendedNow, Lease, none).GetAwaiter().GetResult())
                throw new InvalidOperationException($"could not claim {thursday} for {subscription.Id}");
        }

        // What the scheduler's ticks up to ContendedNow would have done with the runs they found not due: Sydney's
        // Thursday (over by 13:00 UTC) was never posted here, so its next run moves on to Friday.
        var notDue = store.ListDueAsync(ContendedNow, Count, none).GetAwaiter().GetResult()
            .Where(s => DigestSchedule.DueDate(s, ContendedNow) is not { } date || (s.LastPostedAt is { } last && DigestSchedule.LocalDate(s, last) >= date))
            .Select(s => new DigestNextRun(s, DigestSchedule.NextRun(s, ContendedNow)))
            .ToList();
        store.SetNextRunsAsync(notDue, none).GetAwaiter().GetResult();

        File.WriteAllText(ready, DateTime.UtcNow.ToString("O"));
        return factory;
    }

    private static void Post(SqlDigestSubscriptionStore store, DigestSubscription subscription, DateOnly date)
    {
        var at = DigestSchedule.ScheduledAt(subscription, date)!.Value;
        const string earlierTick = "bench-earlier-tick";
        if (!store.TryClaimAsync(subscription.Id, date, earlierTick, at, Lease, CancellationToken.None).GetAwaiter().GetResult())
            throw new InvalidOperationException($"could not claim {date} for {subscription.Id}");
        store.MarkPostedAsync(subscription.Id, date, earlierTick, at.AddSeconds(3), CancellationToken.None).GetAwaiter().GetResult();
    }

    private static DigestSubscription Make(int i, Random random)
    {
        var tenant = TenantOf(i % Tenants);
        var inTeam = random.Next(10) != 0; // one in ten is a group chat
        var time = random.Next(20) switch
        {
            < 11 => new TimeOnly(9, 0),
            < 15 => new TimeOnly(8, 30),
            _ => new TimeOnly(7 + random.Next(5), 15 * random.Next(4)),
        };
        IReadOnlyList<DayOfWeek> days = random.Next(20) switch
        {
            < 17 => DigestSchedule.Weekdays,
            < 19 => DigestSchedule.EveryDay,
            _ => [DayOfWeek.Monday, DayOfWeek.Thursday],
        };
        var conversation = $"19:{NewGuid(random):N}@thread.{(inTeam ? "tacv2" : "v2")}";
        return new DigestSubscription
        {
            Id = NewGuid(random),
            TenantId = tenant,
            TeamId = inTeam ? $"19:team-{i % Tenants}-{i / Tenants % 5}@thread.tacv2" : null,
            ChannelId = "msteams",
            ConversationId = conversation,
            // About the size of a serialised Bot Framework conversation reference.
            DeliveryAddress = $$"""{"activityId":null,"user":null,"bot":{"id":"28:bench-bot","name":"PM Ops Bot"},"conversation":{"isGroup":true,"conversationType":"channel","id":"{{conversation}}","tenantId":"{{tenant}}"},"channelId":"msteams","locale":"en-US","serviceUrl":"https://smba.trafficmanager.net/emea/"}""",
            TimeOfDay = time,
            TimeZoneId = Pick(random),
            WorkingDays = days,
            SkipQuietDays = random.Next(10) < 3,
            CreatedBy = new UserRef($"aad-{tenant[..8]}-{random.Next(50)}", "Bench User"),
            CreatedAt = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero).AddMinutes(i * 7),
        };
    }

    private static string TenantOf(int t) => new Guid(t + 1, 0x7e, 0x4a, 1, 2, 3, 4, 5, 6, 7, 8).ToString("D");

    private static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static string Pick(Random random)
    {
        var roll = random.Next(Zones.Sum(z => z.Weight));
        foreach (var (zone, weight) in Zones)
        {
            if (roll < weight) return zone;
            roll -= weight;
        }

        return "UTC";
    }
}

/// <summary>A clock that always reads the same instant.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
