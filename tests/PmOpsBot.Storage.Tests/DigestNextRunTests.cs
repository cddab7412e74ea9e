using Dapper;
using PmOpsBot.Core.Digest;
using PmOpsBot.Storage.Stores;
using static PmOpsBot.Storage.Tests.DigestSubscriptionStoreTests;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteDigestNextRunTests() : DigestNextRunTests(StorageProvider.Sqlite);

public sealed class PostgresDigestNextRunTests() : DigestNextRunTests(StorageProvider.Postgres);

/// <summary>
/// <c>next_run_at</c>, the scheduler's bookmark: set on save, moved past a posted day, moved on by the scheduler
/// unless the schedule changed meanwhile; and the due list and counts read through it.
/// </summary>
public abstract class DigestNextRunTests(StorageProvider provider) : IAsyncLifetime
{
    // New(): UTC, 9:00, Monday to Friday, created Monday 2 March 2026 at 06:15:30 UTC.
    private static readonly DateOnly Monday = new(2026, 3, 2);

    private ProviderDatabase _database = null!;
    private SqlDigestSubscriptionStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _store = new SqlDigestSubscriptionStore(_database.Database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, TimeSpan.Zero);

    private async Task<string?> NextRunOf(Guid id)
    {
        await using var connection = await _database.Database.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string?>("SELECT next_run_at FROM digest_subscriptions WHERE id = @Id", new { Id = id.ToString("D") });
    }

    private async Task PostAsync(Guid id, DateOnly date, DateTimeOffset at, string claimant = "instance-a")
    {
        Assert.True(await _store.TryClaimAsync(id, date, claimant, at, TimeSpan.FromMinutes(5), CancellationToken.None));
        await _store.MarkPostedAsync(id, date, claimant, at.AddSeconds(3), CancellationToken.None);
    }

    [Fact]
    public async Task Saving_sets_the_next_run_to_the_first_scheduled_run_not_before_creation_nor_on_a_posted_day()
    {
        var beforeNine = await _store.SaveAsync(New("conv-1"), CancellationToken.None);
        var afterNine = await _store.SaveAsync(New("conv-2") with { CreatedAt = Utc(2, 10) }, CancellationToken.None);
        var fridayAfternoon = await _store.SaveAsync(New("conv-3") with { CreatedAt = Utc(6, 15) }, CancellationToken.None);
        var postedMonday = await _store.SaveAsync(New("conv-4") with { LastPostedAt = Utc(2, 9, 1) }, CancellationToken.None);
        var berlin = await _store.SaveAsync(New("conv-5") with { TimeZoneId = "Europe/Berlin", TimeOfDay = new TimeOnly(8, 30) }, CancellationToken.None);
        var unknownZone = await _store.SaveAsync(New("conv-6") with { TimeZoneId = "Mars/Olympus" }, CancellationToken.None);
        var noDays = await _store.SaveAsync(New("conv-7") with { WorkingDays = [] }, CancellationToken.None);

        Assert.Equal("2026-03-02T09:00:00.0000000+00:00", await NextRunOf(beforeNine.Id));
        Assert.Equal("2026-03-03T09:00:00.0000000+00:00", await NextRunOf(afterNine.Id));
        Assert.Equal("2026-03-09T09:00:00.0000000+00:00", await NextRunOf(fridayAfternoon.Id));
        Assert.Equal("2026-03-03T09:00:00.0000000+00:00", await NextRunOf(postedMonday.Id));
        Assert.Equal("2026-03-02T07:30:00.0000000+00:00", await NextRunOf(berlin.Id));
        // Unknown: checked (and reported) every tick, as before.
        Assert.Null(await NextRunOf(unknownZone.Id));
        Assert.Equal("9999-12-31T23:59:59.9999999+00:00", await NextRunOf(noDays.Id));
    }

    [Fact]
    public async Task Posting_moves_the_next_run_past_the_posted_day_and_saving_again_recomputes_it()
    {
        var s = await _store.SaveAsync(New(), CancellationToken.None);

        await PostAsync(s.Id, Monday, Utc(2, 9));
        Assert.Equal("2026-03-03T09:00:00.0000000+00:00", await NextRunOf(s.Id));

        // Friday's post moves it over the weekend.
        await PostAsync(s.Id, new DateOnly(2026, 3, 6), Utc(6, 9));
        Assert.Equal("2026-03-09T09:00:00.0000000+00:00", await NextRunOf(s.Id));

        // A post recorded late for an earlier day never moves it back; one not held by the claimant changes nothing.
        Assert.True(await _store.TryClaimAsync(s.Id, new DateOnly(2026, 3, 4), "instance-a", Utc(4, 9), TimeSpan.FromMinutes(5), CancellationToken.None));
        await _store.MarkPostedAsync(s.Id, new DateOnly(2026, 3, 4), "instance-a", Utc(6, 9, 30), CancellationToken.None);
        await _store.MarkPostedAsync(s.Id, new DateOnly(2026, 3, 9), "instance-b", Utc(9, 9), CancellationToken.None);
        Assert.Equal("2026-03-09T09:00:00.0000000+00:00", await NextRunOf(s.Id));

        // Deactivating leaves it; a new schedule recomputes it from the last post.
        await _store.DeactivateAsync(s.Id, "removed", CancellationToken.None);
        Assert.Equal("2026-03-09T09:00:00.0000000+00:00", await NextRunOf(s.Id));
        await _store.SaveAsync(New() with { TimeOfDay = new TimeOnly(7, 0), WorkingDays = [DayOfWeek.Tuesday] }, CancellationToken.None);
        Assert.Equal("2026-03-10T07:00:00.0000000+00:00", await NextRunOf(s.Id));
    }

    [Fact]
    public async Task The_due_list_takes_active_subscriptions_of_every_tenant_whose_next_run_has_come_or_is_unknown()
    {
        var nine = await _store.SaveAsync(New("conv-nine"), CancellationToken.None);
        var otherTenant = await _store.SaveAsync(New("conv-eight", tenantId: "tenant-2") with { TimeOfDay = new TimeOnly(8, 0) }, CancellationToken.None);
        var tomorrow = await _store.SaveAsync(New("conv-tomorrow") with { CreatedAt = Utc(2, 12) }, CancellationToken.None);
        var unknown = await _store.SaveAsync(New("conv-unknown", tenantId: "tenant-3"), CancellationToken.None);
        var inactive = await _store.SaveAsync(New("conv-inactive"), CancellationToken.None);
        await _store.DeactivateAsync(inactive.Id, "removed", CancellationToken.None);
        await using (var connection = await _database.Database.OpenConnectionAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE digest_subscriptions SET next_run_at = NULL WHERE id IN (@Unknown, @Inactive)", new { Unknown = unknown.Id.ToString("D"), Inactive = inactive.Id.ToString("D") });
        }

        async Task<Guid[]> DueAt(DateTimeOffset now, int limit = 100) =>
            (await _store.ListDueAsync(now, limit, CancellationToken.None)).Select(s => s.Id).ToArray();

        Assert.Equal([unknown.Id], await DueAt(Utc(2, 7, 59)));
        Assert.Equal([unknown.Id, otherTenant.Id], await DueAt(Utc(2, 8)));
        Assert.Equal([unknown.Id, otherTenant.Id, nine.Id], await DueAt(Utc(2, 9)));
        Assert.Equal([unknown.Id, otherTenant.Id], await DueAt(Utc(2, 9), limit: 2));
        Assert.Equal([unknown.Id, otherTenant.Id, nine.Id, tomorrow.Id], await DueAt(Utc(3, 9)));
        // A Z-suffixed or offset "now" compares as the same instant.
        Assert.Equal([unknown.Id, otherTenant.Id], await DueAt(new DateTimeOffset(2026, 3, 2, 10, 30, 0, TimeSpan.FromHours(2))));
        AssertSame(nine, (await _store.ListDueAsync(Utc(2, 9), 100, CancellationToken.None))[2]);

        Assert.Equal(new DigestSubscriptionCounts(4, 1), await _store.CountActiveAsync(Utc(2, 7), CancellationToken.None));
        Assert.Equal(new DigestSubscriptionCounts(4, 3), await _store.CountActiveAsync(Utc(2, 9), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ListDueAsync(Utc(2, 9), 0, CancellationToken.None));
    }

    [Fact]
    public async Task The_scheduler_moves_next_runs_on_unless_the_schedule_was_saved_again_meanwhile()
    {
        var kept = await _store.SaveAsync(New("conv-kept"), CancellationToken.None);
        var changed = await _store.SaveAsync(New("conv-changed"), CancellationToken.None);
        // Read by a tick; then the channel moves its digest to 7:00 before the tick writes.
        await _store.SaveAsync(New("conv-changed") with { TimeOfDay = new TimeOnly(7, 0) }, CancellationToken.None);

        await _store.SetNextRunsAsync(
            [new DigestNextRun(kept, Utc(3, 9)), new DigestNextRun(changed, Utc(3, 9)), new DigestNextRun(New("conv-unknown"), Utc(3, 9))],
            CancellationToken.None);
        await _store.SetNextRunsAsync([], CancellationToken.None);

        Assert.Equal("2026-03-03T09:00:00.0000000+00:00", await NextRunOf(kept.Id));
        Assert.Equal("2026-03-02T07:00:00.0000000+00:00", await NextRunOf(changed.Id));
        await using var connection = await _database.Database.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM digest_subscriptions"));
    }
}
