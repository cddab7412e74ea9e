using System.Collections.Concurrent;
using Dapper;
using PmOpsBot.Core.Digest;
using PmOpsBot.Storage.Sqlite;
using Xunit.Abstractions;

namespace PmOpsBot.Storage.Tests;

/// <summary>Once-a-day claims: one holder at a time, taken over only after a lease ends unposted, final once posted.</summary>
public sealed class SqliteDigestClaimTests : IDisposable
{
    private static readonly DateTimeOffset Now = SqliteDigestSubscriptionStoreTests.Start;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private static readonly DateOnly Today = new(2026, 3, 2);

    private readonly TempDatabase _database = new();
    private readonly SqliteConnectionFactory _factory;
    private readonly SqliteDigestSubscriptionStore _store;
    private readonly ITestOutputHelper _output;

    public SqliteDigestClaimTests(ITestOutputHelper output)
    {
        _output = output;
        _factory = _database.CreateMigratedFactory();
        _store = new SqliteDigestSubscriptionStore(_factory);
    }

    public void Dispose() => _database.Dispose();

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
        Assert.Equal("c", ClaimedBy(id, Today));
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
        Assert.Null(PostedAt(id, Today));
        // Still a's, still unposted: a can post it.
        Assert.False(await Claim(id, "b", Now.AddMinutes(2)));
        await _store.MarkPostedAsync(id, Today, "a", Now.AddMinutes(2), CancellationToken.None);
        Assert.Equal("2026-03-02T06:17:30.0000000+00:00", PostedAt(id, Today));
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
        Assert.NotNull(PostedAt(id, Today.AddDays(-1)));
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
    public async Task Two_stores_on_one_file_racing_for_the_same_claims_get_exactly_one_winner_each()
    {
        const int Rounds = 50;
        var ids = new Guid[Rounds];
        for (var i = 0; i < Rounds; i++)
        {
            ids[i] = await Subscribe($"conv-{i}");
        }

        // Every other round races to take over a dead instance's expired claim instead of inserting one.
        using (var connection = _factory.OpenConnection())
        {
            connection.Execute(
                "INSERT INTO digest_runs (subscription_id, local_date, claimed_by, claimed_at, lease_until) VALUES (@Id, @Date, 'dead', @At, @At)",
                Enumerable.Range(0, Rounds).Where(i => i % 2 == 1)
                    .Select(i => new { Id = ids[i].ToString("D"), Date = Date(i), At = "2026-03-02T05:00:00.0000000+00:00" }));
        }

        // Separate factories (the second without pooling), as two processes would have.
        var first = new SqliteDigestSubscriptionStore(_database.CreateFactory());
        var second = new SqliteDigestSubscriptionStore(new SqliteConnectionFactory(_database.ConnectionString + ";Pooling=False"));
        using var bothReady = new Barrier(2);
        var wins = new ConcurrentBag<(int Round, string Claimant)>();

        await Task.WhenAll(
            Task.Run(() => Race(first, "instance-1")),
            Task.Run(() => Race(second, "instance-2")));

        var winners = wins.GroupBy(win => win.Round).ToDictionary(group => group.Key, group => group.Select(win => win.Claimant).ToList());
        Assert.All(Enumerable.Range(0, Rounds), round =>
        {
            Assert.True(winners.TryGetValue(round, out var claimants), $"round {round} has no winner");
            Assert.Single(claimants);
            Assert.Equal(claimants[0], ClaimedBy(ids[round], DateOnly.Parse(Date(round), System.Globalization.CultureInfo.InvariantCulture)));
        });
        _output.WriteLine($"instance-1 won {wins.Count(win => win.Claimant == "instance-1")}, instance-2 won {wins.Count(win => win.Claimant == "instance-2")}");

        async Task Race(SqliteDigestSubscriptionStore store, string claimant)
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

    private static string Date(int round) => Today.AddDays(round % 7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<Guid> Subscribe(string conversationId = "19:standup@thread.tacv2") =>
        (await _store.SaveAsync(SqliteDigestSubscriptionStoreTests.New(conversationId), CancellationToken.None)).Id;

    private async Task<DigestSubscription> Find(string conversationId = "19:standup@thread.tacv2") =>
        (await _store.FindAsync("tenant-1", "msteams", conversationId, CancellationToken.None))!;

    private Task<bool> Claim(Guid id, string claimant, DateTimeOffset now, DateOnly? date = null) =>
        _store.TryClaimAsync(id, date ?? Today, claimant, now, Lease, CancellationToken.None);

    private string? ClaimedBy(Guid id, DateOnly date)
    {
        using var connection = _factory.OpenConnection();
        return connection.ExecuteScalar<string?>(
            "SELECT claimed_by FROM digest_runs WHERE subscription_id = @Id AND local_date = @Date",
            new { Id = id.ToString("D"), Date = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
    }

    private string? PostedAt(Guid id, DateOnly date)
    {
        using var connection = _factory.OpenConnection();
        return connection.ExecuteScalar<string?>(
            "SELECT posted_at FROM digest_runs WHERE subscription_id = @Id AND local_date = @Date",
            new { Id = id.ToString("D"), Date = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
    }
}
