using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Tests;

/// <summary>
/// Exactly one digest per subscription and local day, across instances and restarts: real <see cref="DigestRunner"/>s,
/// each with its own <see cref="SqlDigestSubscriptionStore"/> (and connection factory) over one temporary SQLite
/// file, a real <see cref="DigestBuilder"/> on the same file (empty registry: quiet digests, which these subscriptions
/// still post), a fake clock and a recording sender.
/// </summary>
public sealed class DigestExactlyOnceTests : IDisposable
{
    private const int SubscriptionCount = 20;

    // Wednesday 12 March 2025, 09:05 in Berlin (UTC+1): five minutes after the subscriptions' 09:00.
    private static readonly DateTimeOffset WednesdayAt0905 = new(2025, 3, 12, 8, 5, 0, TimeSpan.Zero);
    private static readonly DateOnly Wednesday = new(2025, 3, 12);
    private static readonly DateOnly Thursday = new(2025, 3, 13);

    private readonly string _database = PmOpsBotFactory.NewDatabasePath();
    private FakeTimeProvider _clock = new(WednesdayAt0905);

    public DigestExactlyOnceTests()
    {
        new SqliteMigrator(new SqliteConnectionFactory(ConnectionString())).Migrate();
    }

    public void Dispose() => PmOpsBotFactory.DeleteDatabase(_database);

    [Fact]
    public async Task Two_instances_racing_post_each_subscription_once_a_day_across_restarts()
    {
        var ids = await SubscribeAsync(SubscriptionCount);
        var sender = new RecordingSender(delay: TimeSpan.FromMilliseconds(50));
        var a = Runner("instance-a", sender);
        var b = Runner("instance-b", sender, privatePool: true);

        var reports = new List<DigestTickReport>();
        for (var round = 0; round < 3; round++) reports.AddRange(await TickTogetherAsync(a, b));

        AssertSentOnce(sender, ids, Wednesday);
        Assert.Equal(SubscriptionCount, reports.Sum(r => r.Posted));
        Assert.Empty(reports.SelectMany(r => r.Failures));
        Assert.All(reports.SelectMany(r => r.Runs), run => Assert.Contains(run.Outcome, new[] { DigestOutcome.Posted, DigestOutcome.ClaimedElsewhere }));

        // A restart: a brand-new store and runner on the same file, the same day, a bit later.
        _clock.Advance(TimeSpan.FromMinutes(3));
        var restarted = Runner("instance-a-restarted", sender);
        var afterRestart = await restarted.TickAsync(CancellationToken.None);
        Assert.Equal(SubscriptionCount, afterRestart.ActiveSubscriptions);
        Assert.Equal(0, afterRestart.Posted);
        Assert.Equal(SubscriptionCount, sender.Sent.Count);

        // The next working day at 09:05: exactly one more each, however the two instances race.
        _clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(3));
        var nextDay = new List<DigestTickReport>();
        for (var round = 0; round < 3; round++) nextDay.AddRange(await TickTogetherAsync(restarted, b));

        Assert.Equal(SubscriptionCount, nextDay.Sum(r => r.Posted));
        Assert.Empty(nextDay.SelectMany(r => r.Failures));
        Assert.Equal(2 * SubscriptionCount, sender.Sent.Count);
        AssertSentOnce(sender, ids, Thursday);
    }

    [Fact]
    public async Task The_days_claim_alone_keeps_a_restarted_instance_from_posting_again()
    {
        var ids = await SubscribeAsync(5);
        var sender = new RecordingSender();
        await Runner("instance-a", sender).TickAsync(CancellationToken.None);
        AssertSentOnce(sender, ids, Wednesday);

        // The runner skips a subscription whose last post is today without asking the store, and the store lists only
        // subscriptions whose next run has come; take both shortcuts away (an unknown next run counts as due) so only
        // the claim table stands between a restarted instance and a second post.
        await ExecuteAsync("UPDATE digest_subscriptions SET last_posted_at = NULL, next_run_at = NULL");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var report = await Runner("instance-b", sender).TickAsync(CancellationToken.None);

        Assert.Equal(5, report.Runs.Count);
        Assert.All(report.Runs, run => Assert.Equal(DigestOutcome.ClaimedElsewhere, run.Outcome));
        Assert.Equal(5, sender.Sent.Count);
    }

    [Fact]
    public async Task Nothing_is_posted_before_the_time_or_on_a_day_off()
    {
        _clock = new FakeTimeProvider(WednesdayAt0905 - TimeSpan.FromMinutes(6)); // 08:59 in Berlin
        var ids = await SubscribeAsync(3);
        var sender = new RecordingSender();
        var runner = Runner("instance-a", sender);

        Assert.Empty((await runner.TickAsync(CancellationToken.None)).Runs);

        _clock.SetUtcNow(WednesdayAt0905 + TimeSpan.FromDays(3)); // Saturday 09:05
        Assert.Empty((await runner.TickAsync(CancellationToken.None)).Runs);
        Assert.Empty(sender.Sent);

        _clock.SetUtcNow(WednesdayAt0905 + TimeSpan.FromDays(5)); // Monday 09:05
        await runner.TickAsync(CancellationToken.None);
        AssertSentOnce(sender, ids, new DateOnly(2025, 3, 17));
    }

    [Fact]
    public async Task A_gone_channel_is_deactivated_in_sqlite_and_never_sent_to_again()
    {
        var ids = await SubscribeAsync(4);
        var gone = ids[1];
        var sender = new RecordingSender(script: (subscription, _) =>
            subscription.Id == gone ? new DigestSendResult.Gone("the channel answered 403: the bot was removed or blocked") : DigestSendResult.Success);
        var a = Runner("instance-a", sender);
        var b = Runner("instance-b", sender, privatePool: true);

        var first = await TickTogetherAsync(a, b);

        Assert.Contains(first.SelectMany(r => r.Runs), run => run.SubscriptionId == gone && run.Outcome == DigestOutcome.Deactivated);
        var store = Store();
        Assert.DoesNotContain(gone, (await store.ListActiveAsync(CancellationToken.None)).Select(s => s.Id));
        var stored = await store.FindAsync("tenant-1", "msteams", ConversationOf(1), CancellationToken.None);
        Assert.NotNull(stored);
        Assert.False(stored.Active);
        Assert.Contains("403", stored.InactiveReason, StringComparison.Ordinal);

        // Later the same day, and on the following days, from any instance: never tried again.
        _clock.Advance(TimeSpan.FromMinutes(5));
        await TickTogetherAsync(a, b);
        _clock.Advance(TimeSpan.FromDays(1));
        await TickTogetherAsync(a, Runner("instance-c", sender));

        Assert.Equal(1, sender.AttemptsFor(gone));
        Assert.DoesNotContain(sender.Sent, s => s.SubscriptionId == gone);
        foreach (var id in ids.Where(id => id != gone))
            Assert.Equal([Wednesday, Thursday], sender.Sent.Where(s => s.SubscriptionId == id).Select(s => s.LocalDate).Order());
    }

    [Fact]
    public async Task A_retryable_failure_gives_the_claim_back_and_a_later_tick_of_any_instance_posts_once()
    {
        var ids = await SubscribeAsync(3);
        var flaky = ids[0];
        var sender = new RecordingSender(script: (subscription, attempt) =>
            subscription.Id == flaky && attempt == 1 ? new DigestSendResult.Failed(true, "the channel answered 429") : DigestSendResult.Success);
        var a = Runner("instance-a", sender);
        var b = Runner("instance-b", sender, privatePool: true);

        var first = await a.TickAsync(CancellationToken.None);
        Assert.Equal(DigestOutcome.RetryLater, Assert.Single(first.Runs, r => r.SubscriptionId == flaky).Outcome);
        Assert.DoesNotContain(sender.Sent, s => s.SubscriptionId == flaky);

        // One tick later, well inside instance a's lease: the claim was given back, so instance b can take it.
        _clock.Advance(TimeSpan.FromSeconds(30));
        var second = await b.TickAsync(CancellationToken.None);
        Assert.Equal(DigestOutcome.Posted, Assert.Single(second.Runs).Outcome);

        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(30));
            await TickTogetherAsync(a, b);
        }

        Assert.Equal(2, sender.AttemptsFor(flaky));
        AssertSentOnce(sender, ids, Wednesday);
    }

    [Fact]
    public async Task A_refused_post_keeps_the_claim_for_its_lease_then_is_tried_again_once()
    {
        var ids = await SubscribeAsync(1);
        var refusedOnce = ids[0];
        var sender = new RecordingSender(script: (_, attempt) =>
            attempt == 1 ? new DigestSendResult.Failed(false, "the channel answered 400") : DigestSendResult.Success);
        var a = Runner("instance-a", sender);
        var b = Runner("instance-b", sender, privatePool: true);

        Assert.Equal(DigestOutcome.Failed, Assert.Single((await a.TickAsync(CancellationToken.None)).Runs).Outcome);

        // Within the (default, 10 minute) lease nobody retries, the holder included.
        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(3));
            await TickTogetherAsync(a, b);
        }

        Assert.Equal(1, sender.AttemptsFor(refusedOnce));

        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await TickTogetherAsync(a, b);
        await TickTogetherAsync(a, b);

        Assert.Equal(2, sender.AttemptsFor(refusedOnce));
        AssertSentOnce(sender, ids, Wednesday);
    }

    [Fact]
    public async Task A_claim_left_by_a_crashed_instance_is_taken_over_when_its_lease_runs_out()
    {
        var ids = await SubscribeAsync(1);
        var sender = new RecordingSender();
        // An instance claimed today's digest and died before posting.
        Assert.True(await Store().TryClaimAsync(ids[0], Wednesday, "instance-dead", _clock.GetUtcNow(), TimeSpan.FromMinutes(10), CancellationToken.None));
        var runner = Runner("instance-a", sender);

        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(DigestOutcome.ClaimedElsewhere, Assert.Single((await runner.TickAsync(CancellationToken.None)).Runs).Outcome);
        Assert.Empty(sender.Sent);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(DigestOutcome.Posted, Assert.Single((await runner.TickAsync(CancellationToken.None)).Runs).Outcome);
        AssertSentOnce(sender, ids, Wednesday);
    }

    private static async Task<DigestTickReport[]> TickTogetherAsync(params DigestRunner[] runners) =>
        await Task.WhenAll(runners.Select(runner => Task.Run(() => runner.TickAsync(CancellationToken.None))));

    private static void AssertSentOnce(RecordingSender sender, IReadOnlyList<Guid> ids, DateOnly date)
    {
        var that = sender.Sent.Where(s => s.LocalDate == date).ToList();
        foreach (var id in ids)
        {
            var count = that.Count(s => s.SubscriptionId == id);
            Assert.True(count == 1, $"subscription {id} got {count} digest(s) for {date}");
        }

        Assert.Equal(ids.Count, that.Count);
    }

    private string ConnectionString(bool privatePool = false) =>
        new SqliteConnectionStringBuilder { DataSource = _database, Pooling = !privatePool }.ToString();

    private SqlDigestSubscriptionStore Store(bool privatePool = false) =>
        new(new SqliteDatabase(new SqliteConnectionFactory(ConnectionString(privatePool))), _clock);

    /// <summary>One instance: its own connection factory, stores and builder on the shared file.</summary>
    private DigestRunner Runner(string claimant, IDigestSender sender, bool privatePool = false)
    {
        var factory = new SqliteConnectionFactory(ConnectionString(privatePool));
        var builder = new DigestBuilder(new SqlInitiativeStore(new SqliteDatabase(factory), _clock), new SqlInterviewLog(new SqliteDatabase(factory)));
        return new DigestRunner(new SqlDigestSubscriptionStore(new SqliteDatabase(factory), _clock), builder, sender, _clock, claimant);
    }

    private static string ConversationOf(int i) => $"19:channel{i:D2}@thread.tacv2";

    private async Task<IReadOnlyList<Guid>> SubscribeAsync(int count)
    {
        var store = Store();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var saved = await store.SaveAsync(new DigestSubscription
            {
                Id = Guid.NewGuid(),
                TenantId = "tenant-1",
                TeamId = $"19:team{i % 3}@thread.tacv2",
                ChannelId = "msteams",
                ConversationId = ConversationOf(i),
                DeliveryAddress = "{}",
                TimeOfDay = new TimeOnly(9, 0),
                TimeZoneId = "Europe/Berlin",
                SkipQuietDays = false,
                CreatedBy = new UserRef("29:alice", "Alice"),
                CreatedAt = WednesdayAt0905.AddDays(-7),
            }, CancellationToken.None);
            ids.Add(saved.Id);
        }

        return ids;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await new SqliteConnectionFactory(ConnectionString()).OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Records what was sent; thread-safe; optionally slow, to widen the window two instances race in.</summary>
    private sealed class RecordingSender(Func<DigestSubscription, int, DigestSendResult>? script = null, TimeSpan? delay = null) : IDigestSender
    {
        private readonly ConcurrentDictionary<Guid, int> _attempts = new();
        private readonly ConcurrentQueue<(Guid SubscriptionId, DateOnly LocalDate)> _sent = new();

        public IReadOnlyList<(Guid SubscriptionId, DateOnly LocalDate)> Sent => _sent.ToArray();

        public int AttemptsFor(Guid id) => _attempts.GetValueOrDefault(id);

        public async Task<DigestSendResult> SendAsync(DigestSubscription subscription, DigestContent content, CancellationToken cancellationToken)
        {
            Assert.Equal(subscription.Id, content.SubscriptionId);
            Assert.True(content.IsQuiet);
            var attempt = _attempts.AddOrUpdate(subscription.Id, 1, (_, n) => n + 1);
            if (delay is { } wait) await Task.Delay(wait, cancellationToken);
            var result = script?.Invoke(subscription, attempt) ?? DigestSendResult.Success;
            if (result is DigestSendResult.Sent) _sent.Enqueue((subscription.Id, content.LocalDate));
            return result;
        }
    }
}
