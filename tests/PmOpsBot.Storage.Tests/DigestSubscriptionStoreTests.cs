using Dapper;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteDigestSubscriptionStoreTests() : DigestSubscriptionStoreTests(StorageProvider.Sqlite);

public sealed class PostgresDigestSubscriptionStoreTests() : DigestSubscriptionStoreTests(StorageProvider.Postgres);

/// <summary>Subscriptions: stored exactly, one per conversation, upserted without losing their history.</summary>
public abstract class DigestSubscriptionStoreTests(StorageProvider provider) : IAsyncLifetime
{
    internal static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 15, 30, TimeSpan.FromHours(2));

    private ProviderDatabase _database = null!;
    private SqlDigestSubscriptionStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _store = new SqlDigestSubscriptionStore(_database.Database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    internal static DigestSubscription New(string conversationId = "19:standup@thread.tacv2", string tenantId = "tenant-1", string channelId = "msteams") => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenantId,
        TeamId = "team-1",
        ChannelId = channelId,
        ConversationId = conversationId,
        DeliveryAddress = """{"conversation":{"id":"19:standup@thread.tacv2"},"serviceUrl":"https://smba.example/"}""",
        CreatedBy = new UserRef("user-1", "Ana"),
        CreatedAt = Start,
    };

    [Fact]
    public async Task A_subscription_round_trips_with_every_field()
    {
        var saved = New() with
        {
            TeamId = "team-ü",
            DeliveryAddress = """{"quote":"\"","text":"ünïcödé “x”","n":1}""",
            TimeOfDay = new TimeOnly(7, 45),
            TimeZoneId = "America/Los_Angeles",
            WorkingDays = [DayOfWeek.Sunday, DayOfWeek.Tuesday, DayOfWeek.Saturday],
            SkipQuietDays = true,
            MentionMissingAnswers = true,
            Active = false,
            InactiveReason = "removed from the team",
            CreatedBy = new UserRef("aad-42", "Dana “PM” Öz"),
            CreatedAt = Start.AddTicks(1234567).ToOffset(TimeSpan.FromHours(-7)),
            LastPostedAt = Start.AddDays(3).AddTicks(89),
        };

        var returned = await _store.SaveAsync(saved, CancellationToken.None);
        var found = await _store.FindAsync(saved.TenantId, saved.ChannelId, saved.ConversationId, CancellationToken.None);

        AssertSame(saved, returned);
        AssertSame(saved, found);
        Assert.Equal(saved.CreatedAt.UtcTicks, found!.CreatedAt.UtcTicks);
        Assert.Equal(TimeSpan.Zero, found.CreatedAt.Offset);
    }

    [Fact]
    public async Task Defaults_and_a_group_chat_without_team_round_trip()
    {
        var saved = New() with { TeamId = null };

        await _store.SaveAsync(saved, CancellationToken.None);
        var found = await _store.FindAsync(saved.TenantId, saved.ChannelId, saved.ConversationId, CancellationToken.None);

        AssertSame(saved, found);
        Assert.Null(found!.TeamId);
        Assert.Equal(new TimeOnly(9, 0), found.TimeOfDay);
        Assert.Equal("UTC", found.TimeZoneId);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], found.WorkingDays);
        Assert.True(found.Active);
        Assert.False(found.SkipQuietDays);
        Assert.Null(found.LastPostedAt);
    }

    [Fact]
    public async Task Stored_columns_use_the_documented_formats()
    {
        var saved = New() with
        {
            TimeOfDay = new TimeOnly(7, 5, 59),
            WorkingDays = [DayOfWeek.Friday, DayOfWeek.Monday, DayOfWeek.Friday, DayOfWeek.Sunday],
        };

        var returned = await _store.SaveAsync(saved, CancellationToken.None);

        await using var connection = await _database.Database.OpenConnectionAsync(CancellationToken.None);
        var row = await connection.QuerySingleAsync<(string Id, string TimeOfDay, string WorkingDays, long Active, string CreatedAt)>(
            "SELECT id, time_of_day, working_days, active, created_at FROM digest_subscriptions");
        Assert.Equal(saved.Id.ToString("D"), row.Id);
        Assert.Equal("07:05", row.TimeOfDay);
        Assert.Equal("0,1,5", row.WorkingDays);
        Assert.Equal(1, row.Active);
        Assert.Equal("2026-03-02T06:15:30.0000000+00:00", row.CreatedAt);
        // Kept to the minute; days in DayOfWeek order, once each.
        Assert.Equal(new TimeOnly(7, 5), returned.TimeOfDay);
        Assert.Equal([DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Friday], returned.WorkingDays);
    }

    [Fact]
    public async Task No_working_days_round_trip_as_none()
    {
        var saved = New() with { WorkingDays = [] };

        Assert.Empty((await _store.SaveAsync(saved, CancellationToken.None)).WorkingDays);
        Assert.Empty((await _store.FindAsync(saved.TenantId, saved.ChannelId, saved.ConversationId, CancellationToken.None))!.WorkingDays);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.SaveAsync(New("other") with { WorkingDays = [(DayOfWeek)7] }, CancellationToken.None));
    }

    [Fact]
    public async Task Saving_again_replaces_the_settings_but_keeps_id_creation_and_last_post()
    {
        var first = await _store.SaveAsync(New(), CancellationToken.None);
        Assert.True(await _store.TryClaimAsync(first.Id, new DateOnly(2026, 3, 3), "instance-a", Start, TimeSpan.FromMinutes(5), CancellationToken.None));
        await _store.MarkPostedAsync(first.Id, new DateOnly(2026, 3, 3), "instance-a", Start.AddMinutes(1), CancellationToken.None);
        var replacement = New() with
        {
            Id = Guid.NewGuid(),
            TeamId = "team-2",
            DeliveryAddress = "{\"new\":true}",
            TimeOfDay = new TimeOnly(16, 30),
            TimeZoneId = "Europe/Berlin",
            WorkingDays = [DayOfWeek.Monday],
            SkipQuietDays = true,
            CreatedBy = new UserRef("user-2", "Bo"),
            CreatedAt = Start.AddDays(10),
            LastPostedAt = null,
        };

        var stored = await _store.SaveAsync(replacement, CancellationToken.None);

        var expected = replacement with { Id = first.Id, CreatedBy = first.CreatedBy, CreatedAt = first.CreatedAt, LastPostedAt = Start.AddMinutes(1) };
        AssertSame(expected, stored);
        AssertSame(expected, await _store.FindAsync(first.TenantId, first.ChannelId, first.ConversationId, CancellationToken.None));
        await using var connection = await _database.Database.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM digest_subscriptions"));
    }

    [Fact]
    public async Task There_is_one_subscription_per_tenant_channel_and_conversation()
    {
        var teams = await _store.SaveAsync(New("conv-1"), CancellationToken.None);
        var slack = await _store.SaveAsync(New("conv-1", channelId: "slack"), CancellationToken.None);
        var otherTenant = await _store.SaveAsync(New("conv-1", tenantId: "tenant-2"), CancellationToken.None);
        var again = await _store.SaveAsync(New("conv-1") with { TimeOfDay = new TimeOnly(10, 0) }, CancellationToken.None);

        Assert.Equal(3, new[] { teams.Id, slack.Id, otherTenant.Id }.Distinct().Count());
        Assert.Equal(teams.Id, again.Id);
        Assert.Equal(slack.Id, (await _store.FindAsync("tenant-1", "slack", "conv-1", CancellationToken.None))!.Id);
        Assert.Equal(otherTenant.Id, (await _store.FindAsync("tenant-2", "msteams", "conv-1", CancellationToken.None))!.Id);
        Assert.Null(await _store.FindAsync("tenant-1", "msteams", "conv-2", CancellationToken.None));
        Assert.Null(await _store.FindAsync("tenant-3", "msteams", "conv-1", CancellationToken.None));
        Assert.Equal(3, (await _store.ListActiveAsync(CancellationToken.None)).Count);

        // An id taken by another conversation's subscription is refused, not merged.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.SaveAsync(New("conv-2") with { Id = teams.Id }, CancellationToken.None));
        Assert.Contains(teams.Id.ToString("D"), error.Message, StringComparison.Ordinal);
        Assert.Null(await _store.FindAsync("tenant-1", "msteams", "conv-2", CancellationToken.None));
    }

    [Fact]
    public async Task List_active_returns_every_tenants_active_subscriptions_only()
    {
        var a = await _store.SaveAsync(New("conv-a"), CancellationToken.None);
        var b = await _store.SaveAsync(New("conv-b", tenantId: "tenant-2") with { TeamId = null }, CancellationToken.None);
        await _store.SaveAsync(New("conv-c") with { Active = false, InactiveReason = "paused" }, CancellationToken.None);
        var deactivated = await _store.SaveAsync(New("conv-d"), CancellationToken.None);
        await _store.DeactivateAsync(deactivated.Id, "bot removed", CancellationToken.None);

        var active = await _store.ListActiveAsync(CancellationToken.None);

        Assert.Equal([a.Id, b.Id], active.Select(s => s.Id));
        AssertSame(b, active[1]);
    }

    [Fact]
    public async Task Deactivate_records_the_reason_and_saving_again_reactivates()
    {
        var clock = new TestClock(Start);
        var store = new SqlDigestSubscriptionStore(_database.Database, clock);
        var saved = await store.SaveAsync(New(), CancellationToken.None);
        clock.Now = Start.AddHours(1);

        await store.DeactivateAsync(saved.Id, "removed from the team", CancellationToken.None);
        await store.DeactivateAsync(Guid.NewGuid(), "unknown id: nothing happens", CancellationToken.None);

        var found = (await store.FindAsync(saved.TenantId, saved.ChannelId, saved.ConversationId, CancellationToken.None))!;
        Assert.False(found.Active);
        Assert.Equal("removed from the team", found.InactiveReason);
        AssertSame(saved with { Active = false, InactiveReason = "removed from the team" }, found);
        await using (var connection = await _database.Database.OpenConnectionAsync(CancellationToken.None))
        {
            Assert.Equal("2026-03-02T07:15:30.0000000+00:00", await connection.ExecuteScalarAsync<string>("SELECT updated_at FROM digest_subscriptions"));
        }

        var reactivated = await store.SaveAsync(New() with { Id = Guid.NewGuid() }, CancellationToken.None);

        Assert.Equal(saved.Id, reactivated.Id);
        Assert.True(reactivated.Active);
        Assert.Null(reactivated.InactiveReason);
        Assert.Single(await store.ListActiveAsync(CancellationToken.None));
    }

    /// <summary>Records compare lists by reference: working days as a sequence, the rest as a record.</summary>
    internal static void AssertSame(DigestSubscription expected, DigestSubscription? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.WorkingDays.Distinct().Order(), actual.WorkingDays);
        Assert.Equal(expected with { WorkingDays = [] }, actual with { WorkingDays = [] });
    }
}
