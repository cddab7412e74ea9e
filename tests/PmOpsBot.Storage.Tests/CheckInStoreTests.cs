using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteCheckInStoreTests() : CheckInStoreTests(StorageProvider.Sqlite);

public sealed class PostgresCheckInStoreTests() : CheckInStoreTests(StorageProvider.Postgres);

/// <summary>Check-in answers with history, pauses, and the exactly-once prompt log, on a real database shared by two stores.</summary>
public abstract class CheckInStoreTests(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly UserRef Pat = new("pat", "Pat");

    private readonly Guid _subscription = Guid.NewGuid();
    private ProviderDatabase _database = null!;
    private SqlCheckInStore _store = null!;
    private SqlCheckInStore _other = null!;

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _store = new SqlCheckInStore(_database.Database);
        // Another instance's own handle on the same database.
        _other = new SqlCheckInStore(_database.OpenAnother());
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private CheckInAnswer Answer(Guid initiative, CheckInStatus status, DateOnly date, DateTimeOffset at, string? note = null, bool late = false, string tenant = "t1") =>
        new(Guid.NewGuid(), tenant, initiative, Pat, status, note, new DateOnly(2026, 4, 1), _subscription, date, at, late);

    [Fact]
    public async Task Saving_again_replaces_the_answer_and_keeps_every_version_in_the_history()
    {
        var crm = Guid.NewGuid();
        var first = await _store.SaveAnswerAsync(Answer(crm, CheckInStatus.AtRisk, Today, Now, "vendor late"), default);
        var second = await _other.SaveAnswerAsync(Answer(crm, CheckInStatus.Blocked, Today, Now.AddMinutes(5), "vendor gone"), default);

        Assert.Equal(first.Id, second.Id);
        var current = Assert.Single(await _store.ListForDigestAsync("t1", _subscription, Today, null, default));
        Assert.Equal(second, current);
        Assert.Equal(new DateOnly(2026, 4, 1), current.NextMilestone);
        Assert.Equal([CheckInStatus.Blocked, CheckInStatus.AtRisk], (await _store.ListHistoryAsync("t1", crm, 10, default)).Select(a => a.Status));
        Assert.Equal(second, await _store.FindLatestAsync("t1", crm, default));
        // Tenant-scoped reads.
        Assert.Empty(await _store.ListHistoryAsync("t2", crm, 10, default));
        Assert.Null(await _store.FindLatestAsync("t2", crm, default));
        Assert.Empty(await _store.ListForDigestAsync("t2", _subscription, Today, null, default));
    }

    [Fact]
    public async Task A_digest_reads_its_own_date_and_what_came_in_after_the_previous_post()
    {
        var yesterday = Today.AddDays(-1);
        var postedYesterday = Now.AddDays(-1).AddHours(1);
        var before = await _store.SaveAnswerAsync(Answer(Guid.NewGuid(), CheckInStatus.OnTrack, yesterday, Now.AddDays(-1)), default);
        var late = await _store.SaveAnswerAsync(Answer(Guid.NewGuid(), CheckInStatus.Blocked, yesterday, postedYesterday.AddHours(2), late: true), default);
        var today = await _store.SaveAnswerAsync(Answer(Guid.NewGuid(), CheckInStatus.AtRisk, Today, Now), default);
        await _store.SaveAnswerAsync(Answer(Guid.NewGuid(), CheckInStatus.AtRisk, Today.AddDays(1), Now), default);

        Assert.Equal([late.Id, today.Id], (await _store.ListForDigestAsync("t1", _subscription, Today, postedYesterday, default)).Select(a => a.Id));
        Assert.Equal([today.Id], (await _store.ListForDigestAsync("t1", _subscription, Today, null, default)).Select(a => a.Id));
        Assert.DoesNotContain(before.Id, (await _store.ListForDigestAsync("t1", _subscription, Today, postedYesterday, default)).Select(a => a.Id));
    }

    [Fact]
    public async Task Pauses_are_set_replaced_listed_for_a_date_and_cleared()
    {
        await _store.SetPauseAsync(new CheckInPause("t1", "pat", PauseKind.SnoozedToday, Today), default);
        await _store.SetPauseAsync(new CheckInPause("t1", "pat", PauseKind.Away, Today.AddDays(9)), default);
        await _store.SetPauseAsync(new CheckInPause("t1", "kim", PauseKind.Away, Today.AddDays(-1)), default);

        Assert.Equal(new CheckInPause("t1", "pat", PauseKind.Away, Today.AddDays(9)), await _store.FindPauseAsync("t1", "pat", default));
        Assert.Equal(["pat"], (await _store.ListPausesAsync("t1", ["pat", "kim", "olu"], Today, default)).Select(p => p.UserId));
        Assert.Empty(await _store.ListPausesAsync("t2", ["pat"], Today, default));
        await _store.ClearPauseAsync("t1", "pat", default);
        Assert.Null(await _store.FindPauseAsync("t1", "pat", default));
    }

    [Fact]
    public async Task Prompts_and_reminders_are_recorded_exactly_once_across_two_stores_on_one_database()
    {
        var users = Enumerable.Range(0, 20).Select(i => $"user-{i}").ToList();
        var prompts = await Task.WhenAll(users.SelectMany(u => new[] { _store, _other, _store, _other }.Select(s => s.TryRecordPromptAsync(_subscription, Today, u, Now, default))));
        Assert.Equal(users.Count, prompts.Count(won => won));

        Assert.False(await _store.TryRecordReminderAsync(_subscription, Today, "never-prompted", Now, default));
        var reminders = await Task.WhenAll(users.SelectMany(u => new[] { _store, _other, _other }.Select(s => s.TryRecordReminderAsync(_subscription, Today, u, Now.AddMinutes(45), default))));
        Assert.Equal(users.Count, reminders.Count(won => won));

        // Another day is a prompt of its own.
        Assert.True(await _other.TryRecordPromptAsync(_subscription, Today.AddDays(1), "user-0", Now, default));
        var records = await _store.ListPromptsAsync(_subscription, Today, default);
        Assert.Equal(users.Count, records.Count);
        Assert.All(records, r => Assert.Equal(Now.AddMinutes(45), r.RemindedAt));
    }

    [Fact]
    public async Task Unreachable_people_get_no_reminder_and_the_first_mark_is_kept()
    {
        Assert.True(await _store.TryRecordPromptAsync(_subscription, Today, "pat", Now, default));
        await _store.MarkUnreachableAsync(_subscription, Today, "pat", Now.AddMinutes(1), default);
        await _other.MarkUnreachableAsync(_subscription, Today, "pat", Now.AddMinutes(2), default);
        Assert.False(await _other.TryRecordReminderAsync(_subscription, Today, "pat", Now.AddMinutes(45), default));

        // Marked without a prompt: recorded as asked, so no prompt follows.
        await _store.MarkUnreachableAsync(_subscription, Today, "kim", Now, default);
        Assert.False(await _other.TryRecordPromptAsync(_subscription, Today, "kim", Now.AddMinutes(1), default));

        var records = (await _store.ListPromptsAsync(_subscription, Today, default)).ToDictionary(r => r.UserId);
        Assert.Equal(Now.AddMinutes(1), records["pat"].UnreachableAt);
        Assert.Null(records["pat"].RemindedAt);
        Assert.True(records["kim"].Unreachable);
    }

    [Fact]
    public async Task Many_instances_racing_prompts_reminders_and_unreachable_marks_agree_on_each_person()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => new SqlCheckInStore(_database.OpenAnother())).ToArray();
        var users = Enumerable.Range(0, 30).Select(i => $"user-{i}").ToList();

        var prompts = await Task.WhenAll(users.SelectMany(u => stores.Concat(stores).Select(s => s.TryRecordPromptAsync(_subscription, Today, u, Now, default))));
        Assert.Equal(users.Count, prompts.Count(won => won));

        // Reminders race the discovery that some people cannot be messaged: whoever comes first, a person found
        // unreachable before the reminder gets none, and nobody gets two.
        var reminders = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(users.SelectMany((u, i) => stores.Select(async (s, k) =>
        {
            if (i % 3 == 0 && k == 0)
            {
                await s.MarkUnreachableAsync(_subscription, Today, u, Now.AddMinutes(30), default);
            }
            else if (await s.TryRecordReminderAsync(_subscription, Today, u, Now.AddMinutes(45), default))
            {
                reminders.Add(u);
            }
        })));

        var records = (await _store.ListPromptsAsync(_subscription, Today, default)).ToDictionary(r => r.UserId);
        Assert.Equal(users.Count, records.Count);
        Assert.Equal(reminders.Count, reminders.Distinct().Count());
        foreach (var (user, i) in users.Select((u, i) => (u, i)))
        {
            Assert.Equal(reminders.Contains(user), records[user].RemindedAt is not null);
            if (i % 3 != 0)
            {
                Assert.Contains(user, reminders);
                Assert.Null(records[user].UnreachableAt);
            }
            else
            {
                Assert.Equal(Now.AddMinutes(30), records[user].UnreachableAt);
            }
        }
    }
}
