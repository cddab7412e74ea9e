using System.Collections.Concurrent;
using Dapper;
using PmOpsBot.Core.Digest;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;
using Xunit.Abstractions;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteDigestClaimTests(ITestOutputHelper output) : DigestClaimTests(StorageProvider.Sqlite, output);

public sealed class PostgresDigestClaimTests(ITestOutputHelper output) : DigestClaimTests(StorageProvider.Postgres, output);

/// <summary>Once-a-day claims: one holder at a time, taken over only after a lease ends unposted, final once posted.</summary>
public abstract class DigestClaimTests(StorageProvider provider, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DigestSubscriptionStoreTests.Start;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private static readonly DateOnly Today = new(2026, 3, 2);

    private readonly ITestOutputHelper _output = output;
    private ProviderDatabase _database = null!;
    private SqlDigestSubscriptionStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _store = new SqlDigestSubscriptionStore(_database.Database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task The_first_claim_wins_and_others_are_refused_while_its_lease_lives()
    {
        var id = await Subscribe();

        Assert.True(await Claim(id, "a", Now));
        Assert.False(await Claim(id, "b", Now));
        Assert.False(await Claim(id, "b", Now + Lease - TimeSpan.FromTicks(1)));
        // Other days and other subscriptions are claims of their own.
        Assert.True(await Claim(id, "b", Now, Today.AddDays(1)));
        Assert.True(await Claim(await Subscribe("other"), "b", Now));
    }

    [Fact]
    public async Task Leases_compare_as_instants_whatever_offset_the_claimants_clocks_use()
    {
        var id = await Subscribe();

        Assert.True(await Claim(id, "a", Now.ToOffset(TimeSpan.FromHours(10))));

        // Five minutes later, written with an offset that sorts before the first one as local text.
        Assert.False(await Claim(id, "b", (Now + TimeSpan.FromMinutes(5)).ToOffset(TimeSpan.FromHours(-10))));
        Assert.True(await Claim(id, "b", (Now + Lease).ToOffset(TimeSpan.FromHours(-10))));
    }

    [Fact]
    public async Task An_unposted_claim_can_be_taken_over_once_its_lease_ran_out()
    {
        var id = await Subscribe();
        Assert.True(await Claim(id, "a", Now));

        Assert.True(await Claim(id, "b", Now + Lease));

        // b holds it now, with a lease of its own: a cannot take it back, and c must wait for b's to end.
        Assert.False(await Claim(id, "a", Now + Lease + TimeSpan.FromMinutes(1)));
        Assert.False(await Claim(id, "c", Now + Lease + Lease - TimeSpan.FromTicks(1)));
        Assert.True(await Claim(id, "c", Now + Lease + Lease));
        Assert.Equal("c", await ClaimedBy(id, Today));
    }

    [Fact]
    public async Task A_posted_digest_is_never_claimed_again()
    {
        var id = await Subscribe();
        Assert.True(await Claim(id, "a", Now));

        await _store.MarkPostedAsync(id, Today, "a", Now.AddMinutes(1), CancellationToken.None);

        Assert.False(await Claim(id, "b", Now + Lease));
        Assert.False(await Claim(id, "b", Now.AddDays(2)));
        Assert.False(await Claim(id, "a", Now.AddMinutes(2)));
        await _store.ReleaseAsync(id, Today, "a", CancellationToken.None);
        Assert.False(await Claim(id, "b", Now.AddDays(2)));
        Assert.True(await Claim(id, "b", Now.AddDays(1), Today.AddDays(1)));
    }

    [Fact]
    public async Task A_live_claim_refuses_even_its_holder_until_the_lease_ends()
    {
        var id = await Subscribe();
        Assert.True(await Claim(id, "a", Now));

        Assert.False(await Claim(id, "a", Now.AddMinutes(5)));

        Assert.True(await Claim(id, "a", Now + Lease));
    }

    [Fact]
    public async Task A_released_claim_can_be_taken_by_anyone_at_once()
    {
        var id = await Subscribe();
        Assert.True(await Claim(id, "a", Now));
        Assert.False(await Claim(id, "b", Now.AddMinutes(1)));

        // Only the holder can release.
        await _store.ReleaseAsync(id, Today, "b", CancellationToken.None);
        Assert.False(await Claim(id, "b", Now.AddMinutes(1)));

        await _store.ReleaseAsync(id, Today, "a", CancellationToken.None);

        Assert.True(await Claim(id, "b", Now.AddMinutes(1)));
        Assert.False(await Claim(id, "a", Now.AddMinutes(2)));
        await _store.MarkPostedAsync(id, Today, "b", Now.AddMinutes(3), CancellationToken.None);
        Assert.Equal(Now.AddMinutes(3), (await Find()).LastPostedAt);
    }

    [Fact]
    public async Task Mark_posted_by_anyone_but_the_holder_does_nothing()
    {
        var id = await Subscribe();
        Assert.True(await Claim(id, "a", Now));

        await _store.MarkPostedAsync(id, Today, "b", Now.AddMinutes(1), CancellationToken.None);
        await _store.MarkPostedAsync(id, Today.AddDays(1), "a", Now.AddMinutes(1), CancellationToken.None);

        Assert.Null((await Find()).LastPostedAt);
        Assert.Null(await PostedAt(id, Today));
        // Still a's, still unposted: a can post it.
        Assert.False(await Claim(id, "b", Now.AddMinutes(2)));
        await _store.MarkPostedAsync(id, Today, "a", Now.AddMinutes(2), CancellationToken.None);
        Assert.Equal("2026-03-02T06:17:30.0000000+00:00", await PostedAt(id, Today));
        Assert.Equal(Now.AddMinutes(2), (await Find()).LastPostedAt);
    }

    [Fact]
    public async Task Mark_posted_moves_last_posted_forward_only_and_a_second_mark_changes_nothing()
    {
        var id = await Subscribe();
        Assert.True(await Claim(id, "a", Now, Today));
        Assert.True(await Claim(id, "a", Now, Today.AddDays(-1)));
        await _store.MarkPostedAsync(id, Today, "a", Now.AddMinutes(1), CancellationToken.None);

        // Yesterday's, posted late but stamped earlier, and today's marked twice.
        await _store.MarkPostedAsync(id, Today.AddDays(-1), "a", Now.AddSeconds(30), CancellationToken.None);
        await _store.MarkPostedAsync(id, Today, "a", Now.AddMinutes(9), CancellationToken.None);

        Assert.Equal(Now.AddMinutes(1), (await Find()).LastPostedAt);
        Assert.NotNull(await PostedAt(id, Today.AddDays(-1)));
    }

    [Fact]
    public async Task Claims_check_their_arguments()
    {
        var id = await Subscribe();

        await Assert.ThrowsAsync<ArgumentException>(() => _store.TryClaimAsync(id, Today, "", Now, Lease, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.TryClaimAsync(id, Today, "a", Now, TimeSpan.Zero, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.MarkPostedAsync(id, Today, null!, Now, CancellationToken.None));
    }

    [Fact]
    public async Task Two_stores_on_one_database_racing_for_the_same_claims_get_exactly_one_winner_each()
    {
        const int Rounds = 50;
        var ids = new Guid[Rounds];
        for (var i = 0; i < Rounds; i++)
        {
            ids[i] = await Subscribe($"conv-{i}");
        }

        // Every other round races to take over a dead instance's expired claim instead of inserting one.
        await InsertDeadClaims(Enumerable.Range(0, Rounds).Where(i => i % 2 == 1).Select(i => (ids[i], Date(i))));

        // Separate handles (on SQLite the second without pooling), as two processes would have.
        var first = new SqlDigestSubscriptionStore(AnotherInstance(pooled: true));
        var second = new SqlDigestSubscriptionStore(AnotherInstance(pooled: false));
        using var bothReady = new Barrier(2);
        var wins = new ConcurrentBag<(int Round, string Claimant)>();

        await Task.WhenAll(
            Task.Run(() => Race(first, "instance-1")),
            Task.Run(() => Race(second, "instance-2")));

        var winners = wins.GroupBy(win => win.Round).ToDictionary(group => group.Key, group => group.Select(win => win.Claimant).ToList());
        foreach (var round in Enumerable.Range(0, Rounds))
        {
            Assert.True(winners.TryGetValue(round, out var claimants), $"round {round} has no winner");
            Assert.Single(claimants);
            Assert.Equal(claimants[0], await ClaimedBy(ids[round], DateOnly.Parse(Date(round), System.Globalization.CultureInfo.InvariantCulture)));
        }

        _output.WriteLine($"instance-1 won {wins.Count(win => win.Claimant == "instance-1")}, instance-2 won {wins.Count(win => win.Claimant == "instance-2")}");

        async Task Race(SqlDigestSubscriptionStore store, string claimant)
        {
            for (var i = 0; i < Rounds; i++)
            {
                bothReady.SignalAndWait(TimeSpan.FromSeconds(10));
                var date = DateOnly.Parse(Date(i), System.Globalization.CultureInfo.InvariantCulture);
                if (await store.TryClaimAsync(ids[i], date, claimant, Now, Lease, CancellationToken.None))
                {
                    wins.Add((i, claimant));
                }
            }
        }
    }

    [Fact]
    public async Task Many_instances_with_many_concurrent_claimers_get_exactly_one_winner_per_subscription_and_day()
    {
        const int Instances = 4;
        const int ClaimersPerInstance = 6;
        const int Subscriptions = 12;
        const int Days = 3;
        var ids = new Guid[Subscriptions];
        for (var i = 0; i < Subscriptions; i++)
        {
            ids[i] = await Subscribe($"conv-{i}");
        }

        // Half the subscriptions' days start with a dead instance's expired claim to take over.
        await InsertDeadClaims(
            from i in Enumerable.Range(0, Subscriptions)
            where i % 2 == 0
            from day in Enumerable.Range(0, Days)
            select (ids[i], Today.AddDays(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));

        var stores = Enumerable.Range(0, Instances).Select(i => new SqlDigestSubscriptionStore(AnotherInstance(pooled: i % 2 == 0))).ToArray();
        var wins = new ConcurrentBag<(Guid Id, DateOnly Date, string Claimant)>();
        using var start = new ManualResetEventSlim();

        var claimers = (
            from instance in Enumerable.Range(0, Instances)
            from claimer in Enumerable.Range(0, ClaimersPerInstance)
            select Task.Run(async () =>
            {
                var claimant = $"instance-{instance}/claimer-{claimer}";
                start.Wait(TimeSpan.FromSeconds(10));
                // Each claimer walks the claims in its own order, so the races land on different rows at once.
                var order = Enumerable.Range(0, Subscriptions * Days).OrderBy(n => (n * (claimer + 1) + instance) % (Subscriptions * Days)).ToArray();
                foreach (var n in order)
                {
                    var (id, date) = (ids[n % Subscriptions], Today.AddDays(n / Subscriptions));
                    if (await stores[instance].TryClaimAsync(id, date, claimant, Now, Lease, CancellationToken.None))
                    {
                        wins.Add((id, date, claimant));
                    }
                }
            })).ToArray();
        start.Set();
        await Task.WhenAll(claimers);

        foreach (var id in ids)
        {
            for (var day = 0; day < Days; day++)
            {
                var date = Today.AddDays(day);
                var won = wins.Where(win => win.Id == id && win.Date == date).Select(win => win.Claimant).ToList();
                Assert.True(won.Count == 1, $"{id} on {date}: {won.Count} winners ({string.Join(", ", won)})");
                Assert.Equal(won[0], await ClaimedBy(id, date));
            }
        }

        _output.WriteLine(string.Join(", ", wins.GroupBy(win => win.Claimant[..win.Claimant.IndexOf('/', StringComparison.Ordinal)]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} won {g.Count()}")));
    }

    [Fact]
    public async Task A_late_post_racing_take_overs_of_its_expired_lease_either_lands_or_loses_to_exactly_one_new_holder()
    {
        const int Rounds = 20;
        const int Rivals = 6;
        var ids = new Guid[Rounds];
        for (var i = 0; i < Rounds; i++)
        {
            ids[i] = await Subscribe($"conv-{i}");
            Assert.True(await Claim(ids[i], "slow", Now));
        }

        var handles = Enumerable.Range(0, Rivals + 1).Select(i => new SqlDigestSubscriptionStore(AnotherInstance(pooled: i % 2 == 0))).ToArray();
        var takeOvers = new ConcurrentBag<(int Round, string Claimant)>();
        using var start = new ManualResetEventSlim();

        // The slow holder posts after its lease ended, while rivals try to take the claim over.
        var slow = Task.Run(async () =>
        {
            start.Wait(TimeSpan.FromSeconds(10));
            for (var i = 0; i < Rounds; i++)
            {
                await handles[0].MarkPostedAsync(ids[i], Today, "slow", Now + Lease + TimeSpan.FromMinutes(1), CancellationToken.None);
            }
        });
        var rivals = Enumerable.Range(1, Rivals).Select(r => Task.Run(async () =>
        {
            start.Wait(TimeSpan.FromSeconds(10));
            for (var i = 0; i < Rounds; i++)
            {
                if (await handles[r].TryClaimAsync(ids[i], Today, $"rival-{r}", Now + Lease, Lease, CancellationToken.None))
                {
                    takeOvers.Add((i, $"rival-{r}"));
                }
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll([slow, .. rivals]);

        for (var i = 0; i < Rounds; i++)
        {
            var won = takeOvers.Where(t => t.Round == i).Select(t => t.Claimant).ToList();
            var posted = await PostedAt(ids[i], Today);
            if (posted is null)
            {
                // Taken over before the post: one rival holds it, and the slow post recorded nothing.
                Assert.Single(won);
                Assert.Equal(won[0], await ClaimedBy(ids[i], Today));
                Assert.Null((await Find($"conv-{i}")).LastPostedAt);
            }
            else
            {
                // Posted first: final, nobody took it over.
                Assert.Empty(won);
                Assert.Equal("slow", await ClaimedBy(ids[i], Today));
                Assert.Equal(Now + Lease + TimeSpan.FromMinutes(1), (await Find($"conv-{i}")).LastPostedAt);
            }
        }
    }

    private static string Date(int round) => Today.AddDays(round % 7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<Guid> Subscribe(string conversationId = "19:standup@thread.tacv2") =>
        (await _store.SaveAsync(DigestSubscriptionStoreTests.New(conversationId), CancellationToken.None)).Id;

    private async Task<DigestSubscription> Find(string conversationId = "19:standup@thread.tacv2") =>
        (await _store.FindAsync("tenant-1", "msteams", conversationId, CancellationToken.None))!;

    private Task<bool> Claim(Guid id, string claimant, DateTimeOffset now, DateOnly? date = null) =>
        _store.TryClaimAsync(id, date ?? Today, claimant, now, Lease, CancellationToken.None);

    /// <summary>What another instance would open: its own handle on the database (on SQLite, optionally without pooling).</summary>
    private StorageDatabase AnotherInstance(bool pooled) =>
        provider == StorageProvider.Sqlite && !pooled
            ? new SqliteDatabase(new SqliteConnectionFactory(_database.ConnectionString + ";Pooling=False"))
            : _database.OpenAnother();

    /// <summary>Claims of an instance that died holding them: never posted, their lease long over.</summary>
    private async Task InsertDeadClaims(IEnumerable<(Guid Id, string Date)> claims)
    {
        await using var connection = await _database.Database.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            "INSERT INTO digest_runs (subscription_id, local_date, claimed_by, claimed_at, lease_until) VALUES (@Id, @Date, 'dead', @At, @At)",
            claims.Select(claim => new { Id = claim.Id.ToString("D"), claim.Date, At = "2026-03-02T05:00:00.0000000+00:00" }).ToList());
    }

    private async Task<string?> ClaimedBy(Guid id, DateOnly date)
    {
        await using var connection = await _database.Database.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string?>(
            "SELECT claimed_by FROM digest_runs WHERE subscription_id = @Id AND local_date = @Date",
            new { Id = id.ToString("D"), Date = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
    }

    private async Task<string?> PostedAt(Guid id, DateOnly date)
    {
        await using var connection = await _database.Database.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string?>(
            "SELECT posted_at FROM digest_runs WHERE subscription_id = @Id AND local_date = @Date",
            new { Id = id.ToString("D"), Date = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
    }
}
