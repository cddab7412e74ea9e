using BenchmarkDotNet.Attributes;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Core.Digest;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Benchmarks;

/// <summary>
/// The daily stand-up digest. Targets (digest issue): building one channel's digest over 100,000 initiatives in
/// the tenant under 50 ms median; the scheduler's loop under 100 ms per minute of wall time with 10,000
/// subscriptions (the host ticks every 30 s, so two ticks a minute: under 50 ms a tick).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DigestBenchmarks
{
    private DigestBuilder _builder = null!;
    private DigestSubscription[] _teamSubscriptions = null!;
    private SqlDigestSubscriptionStore _subscriptions = null!;
    private DigestRunner _quietRunner = null!;
    private DigestRunner _contendedRunner = null!;
    private PmOpsBot.Core.CheckIns.CheckInRunner _quietCheckIns = null!;
    private IReadOnlyList<DigestSubscription> _active = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var registry = DigestRegistry.Open();
        _builder = new DigestBuilder(new SqlInitiativeStore(new SqliteDatabase(registry)), new SqlInterviewLog(new SqliteDatabase(registry)));
        _teamSubscriptions = Enumerable.Range(0, DigestRegistry.Teams).Select(DigestRegistry.SubscriptionOf).ToArray();

        var subscriptionDb = DigestSubscriptions.Open();
        _subscriptions = new SqlDigestSubscriptionStore(new SqliteDatabase(subscriptionDb));
        // The runner's builder is never reached by these ticks (nothing due, or every claim refused).
        var emptyBuilder = new DigestBuilder(new SqlInitiativeStore(new SqliteDatabase(subscriptionDb)), new SqlInterviewLog(new SqliteDatabase(subscriptionDb)));
        _quietRunner = new DigestRunner(_subscriptions, emptyBuilder, new NoOpSender(), new FixedClock(DigestSubscriptions.QuietNow), "bench-instance");
        _contendedRunner = new DigestRunner(_subscriptions, emptyBuilder, new NoOpSender(), new FixedClock(DigestSubscriptions.ContendedNow), "bench-instance");
        // The check-in half of the same scheduler loop, at the same quiet moment.
        _quietCheckIns = new PmOpsBot.Core.CheckIns.CheckInRunner(_subscriptions, new SqlInitiativeStore(new SqliteDatabase(subscriptionDb)),
            new SqlCheckInStore(new SqliteDatabase(subscriptionDb)), new NoOpCheckInSender(), new FixedClock(DigestSubscriptions.QuietNow));

        // The scenarios are what they claim to be, or the numbers mean nothing.
        var quiet = _quietRunner.TickAsync(CancellationToken.None).GetAwaiter().GetResult();
        Check(quiet.ActiveSubscriptions == DigestSubscriptions.Count && quiet.Runs.Count == 0 && quiet.Deferred == 0, $"quiet tick: {quiet.Runs.Count} runs, {quiet.Deferred} deferred");
        var contended = _contendedRunner.TickAsync(CancellationToken.None).GetAwaiter().GetResult();
        Check(contended.Runs.Count == new DigestRunnerOptions().MaxPerTick && contended.Runs.All(r => r.Outcome == DigestOutcome.ClaimedElsewhere),
            $"contended tick: {contended.Runs.Count} runs, {string.Join(", ", contended.Runs.GroupBy(r => r.Outcome).Select(g => $"{g.Key} {g.Count()}"))}");
        _active = _subscriptions.ListActiveAsync(CancellationToken.None).GetAwaiter().GetResult();
        var content = _builder.BuildAsync(_teamSubscriptions[0], DigestRegistry.Now, CancellationToken.None).GetAwaiter().GetResult();
        Check(!content.IsQuiet && !content.Truncated, "team digest is quiet or truncated");
        Console.WriteLine(
            $"// digest of team 0: {content.NewOrDecided.Count} new, {content.StageChanges.Count} moves, {content.HandoversDueSoon.Count} due, "
            + $"{content.HandoversOverdue.Count} overdue, {content.WithoutOperationsOwner.Count} without ops owner, {content.UnfinishedInterviews.Count} interviews; "
            + $"contended tick: {contended.Runs.Count} claims refused, {contended.Deferred} deferred");
    }

    /// <summary>One team's digest: the registry query, the interview log, sorting into sections, and the Adaptive Card as JSON.</summary>
    [Benchmark]
    public async Task<int> BuildTeamDigest()
    {
        var subscription = _teamSubscriptions[Interlocked.Increment(ref _next) % _teamSubscriptions.Length];
        var content = await _builder.BuildAsync(subscription, DigestRegistry.Now, CancellationToken.None);
        return DigestCards.Digest(content).ToString().Length;
    }

    /// <summary>The steady state: a tick where every due digest has been posted already (or none is due yet); it reads no subscription.</summary>
    [Benchmark]
    public async Task<int> SchedulerTick_NothingDue() => (await _quietRunner.TickAsync(CancellationToken.None)).ActiveSubscriptions;

    /// <summary>
    /// The worst case of the check path: everything due and another instance holding every claim, so the tick
    /// asks the store for MaxPerTick (1,000) claims and gets none.
    /// </summary>
    [Benchmark]
    public async Task<int> SchedulerTick_AllClaimsRefused() => (await _contendedRunner.TickAsync(CancellationToken.None)).Runs.Count;

    /// <summary>What every tick did before next runs were stored (and the check-in tick still does): reading the 10,000 active subscriptions.</summary>
    /// <summary>The check-in tick that runs right after the digest tick in the same loop.</summary>
    [Benchmark]
    public async Task<int> CheckInTick_NothingDue() => (await _quietCheckIns.TickAsync(CancellationToken.None)).Runs.Count;

    [Benchmark]
    public async Task<int> ListActiveSubscriptions() => (await _subscriptions.ListActiveAsync(CancellationToken.None)).Count;

    /// <summary>The other part of the old tick: the runner's due check (schedule, then "posted today already?") for every subscription, in memory.</summary>
    [Benchmark]
    public int DueChecks()
    {
        var now = DigestSubscriptions.QuietNow;
        var due = 0;
        foreach (var subscription in _active)
        {
            if (DigestSchedule.DueDate(subscription, now) is not { } date) continue;
            if (subscription.LastPostedAt is { } last && DigestSchedule.LocalDate(subscription, last) >= date) continue;
            due++;
        }

        return due;
    }

    private static void Check(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException($"Benchmark setup is not what it should be: {what}");
    }

    private sealed class NoOpCheckInSender : PmOpsBot.Core.CheckIns.ICheckInSender
    {
        public Task<PmOpsBot.Core.CheckIns.CheckInSendResult> SendPromptAsync(DigestSubscription subscription, PmOpsBot.Core.Initiatives.UserRef owner,
            IReadOnlyList<PmOpsBot.Core.Initiatives.Initiative> initiatives, DateOnly digestDate, bool reminder, CancellationToken cancellationToken) =>
            Task.FromResult(PmOpsBot.Core.CheckIns.CheckInSendResult.Success);
    }

    private sealed class NoOpSender : IDigestSender
    {
        public Task<DigestSendResult> SendAsync(DigestSubscription subscription, DigestContent content, CancellationToken cancellationToken) =>
            Task.FromResult(DigestSendResult.Success);
    }
}
