using System.Globalization;
using Dapper;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Storage.Stores;

/// <summary>
/// Digest subscriptions (<c>digest_subscriptions</c>) and the once-a-day claims on them (<c>digest_runs</c>).
/// </summary>
/// <remarks>
/// <para>
/// A claim is one row per subscription and local date. <see cref="TryClaimAsync"/> takes it with a single
/// upsert, which is atomic on either provider (SQLite runs it under the database's write lock; PostgreSQL
/// makes a concurrent insert of the same key wait for the first and then locks the row and checks the
/// update's condition against its latest version), so any number of processes sharing the database agree
/// on one holder: the first to insert the row, or the first to take it over once the holder's lease ran out
/// without a post. A lease covers [now, now + lease). Once posted, the day is never claimed again.
/// </para>
/// <para>
/// Writes that read before they write run in <see cref="StorageDatabase.WriteAsync{T}"/> transactions. On
/// PostgreSQL the row locks the statements take keep the subscription's schedule and bookmark consistent:
/// <see cref="SaveAsync"/>'s upsert and <see cref="MarkPostedAsync"/>'s first update of the subscription each
/// lock its row before reading it, so neither computes a next run from a schedule the other is replacing.
/// </para>
/// <para>
/// The holder should post well within its lease: after the lease ends another instance may take the claim
/// over and post too, and the late holder's <see cref="MarkPostedAsync"/> then records nothing.
/// </para>
/// <para>
/// Each subscription carries <c>next_run_at</c>, the scheduler's bookmark (see <see cref="ListDueAsync"/>): set by
/// <see cref="SaveAsync"/> from the schedule, creation and last post, moved past the posted day by
/// <see cref="MarkPostedAsync"/> in its transaction, and moved on by <see cref="SetNextRunsAsync"/> when the
/// scheduler found nothing due. <see cref="DeactivateAsync"/> leaves it; saving again recomputes it.
/// </para>
/// <para>
/// <see cref="DigestSubscription.TimeOfDay"/> is kept to the minute (seconds are dropped), and
/// <see cref="DigestSubscription.WorkingDays"/> comes back in ascending <see cref="DayOfWeek"/> order
/// (Sunday first) without duplicates.
/// </para>
/// </remarks>
public sealed class SqlDigestSubscriptionStore : IDigestSubscriptionStore
{
    private const string Columns = """
        id AS Id, tenant_id AS TenantId, team_id AS TeamId, channel_id AS ChannelId,
        conversation_id AS ConversationId, delivery_address AS DeliveryAddress, time_of_day AS TimeOfDay,
        time_zone_id AS TimeZoneId, working_days AS WorkingDays, skip_quiet_days AS SkipQuietDays,
        mention_missing_answers AS MentionMissingAnswers,
        active AS Active, inactive_reason AS InactiveReason, created_by_id AS CreatedById,
        created_by_name AS CreatedByName, created_at AS CreatedAt, last_posted_at AS LastPostedAt
        """;

    // A subscription already stored for the conversation keeps its id, creation (who and when) and
    // last post; everything else is replaced, which also reactivates a deactivated one.
    private const string UpsertSql = """
        INSERT INTO digest_subscriptions (
            id, tenant_id, team_id, channel_id, conversation_id, delivery_address, time_of_day, time_zone_id,
            working_days, skip_quiet_days, mention_missing_answers, active, inactive_reason, created_by_id, created_by_name,
            created_at, last_posted_at, updated_at)
        VALUES (
            @Id, @TenantId, @TeamId, @ChannelId, @ConversationId, @DeliveryAddress, @TimeOfDay, @TimeZoneId,
            @WorkingDays, @SkipQuietDays, @MentionMissingAnswers, @Active, @InactiveReason, @CreatedById, @CreatedByName,
            @CreatedAt, @LastPostedAt, @UpdatedAt)
        ON CONFLICT (tenant_id, channel_id, conversation_id) DO UPDATE SET
            team_id = excluded.team_id,
            delivery_address = excluded.delivery_address,
            time_of_day = excluded.time_of_day,
            time_zone_id = excluded.time_zone_id,
            working_days = excluded.working_days,
            skip_quiet_days = excluded.skip_quiet_days,
            mention_missing_answers = excluded.mention_missing_answers,
            active = excluded.active,
            inactive_reason = excluded.inactive_reason,
            updated_at = excluded.updated_at
        """;

    private const string FindSql = $"""
        SELECT {Columns} FROM digest_subscriptions
        WHERE tenant_id = @TenantId AND channel_id = @ChannelId AND conversation_id = @ConversationId
        """;

    internal const string ListActiveSql = $"""
        SELECT {Columns} FROM digest_subscriptions
        WHERE active = 1
        ORDER BY tenant_id, channel_id, conversation_id
        """;

    // Two ranges of ix_digest_subscriptions_active_next_run, merged in next_run_at order (NULL first): no table
    // scan and no sort, however many subscriptions are not due. An OR of the two would walk every active entry.
    // NULLS FIRST is SQLite's default and spelled out for PostgreSQL, which puts NULLs last in ascending order.
    internal const string ListDueSql = $"""
        SELECT {Columns}, next_run_at AS NextRunAt FROM digest_subscriptions
        WHERE active = 1 AND next_run_at IS NULL
        UNION ALL
        SELECT {Columns}, next_run_at AS NextRunAt FROM digest_subscriptions
        WHERE active = 1 AND next_run_at <= @Now
        ORDER BY NextRunAt NULLS FIRST
        LIMIT @Limit
        """;

    // Reads the index alone: every active entry once for the total (about 0.7 ms for 10,000), the due ones as two
    // ranges. Counting the due ones with a filter over the same walk costs twice as much.
    internal const string CountActiveSql = """
        SELECT
            (SELECT count(*) FROM digest_subscriptions WHERE active = 1) AS Active,
            (SELECT count(*) FROM digest_subscriptions WHERE active = 1 AND next_run_at IS NULL)
            + (SELECT count(*) FROM digest_subscriptions WHERE active = 1 AND next_run_at <= @Now) AS Due
        """;

    private const string FindByIdSql = $"""
        SELECT {Columns} FROM digest_subscriptions WHERE id = @SubscriptionId
        """;

    private const string SetNextRunSql = """
        UPDATE digest_subscriptions SET next_run_at = @NextRunAt WHERE id = @SubscriptionId
        """;

    // Only while the schedule is still the one the scheduler computed from (a SaveAsync in between wins).
    private const string SetNextRunIfScheduleSql = """
        UPDATE digest_subscriptions SET next_run_at = @NextRunAt
        WHERE id = @SubscriptionId AND time_of_day = @TimeOfDay AND time_zone_id = @TimeZoneId AND working_days = @WorkingDays
        """;

    // Never backwards: a later post (or the scheduler) may have moved it further already.
    private const string MoveNextRunSql = """
        UPDATE digest_subscriptions SET next_run_at = @NextRunAt
        WHERE id = @SubscriptionId AND (next_run_at IS NULL OR next_run_at < @NextRunAt)
        """;

    private const string DeactivateSql = """
        UPDATE digest_subscriptions SET active = 0, inactive_reason = @Reason, updated_at = @UpdatedAt
        WHERE id = @Id
        """;

    // One statement, so it is atomic across processes on either provider: it inserts the claim, or takes over an
    // existing one that was never posted and whose lease has ended, or changes nothing. A live claim refuses
    // even its own holder, so a post the channel refused is retried once per lease, not every tick. One row changed means the claimant holds it. All timestamps are "O" text in UTC,
    // so the lease comparison is a time comparison.
    internal const string TryClaimSql = """
        INSERT INTO digest_runs (subscription_id, local_date, claimed_by, claimed_at, lease_until, posted_at)
        VALUES (@SubscriptionId, @LocalDate, @Claimant, @Now, @LeaseUntil, NULL)
        ON CONFLICT (subscription_id, local_date) DO UPDATE SET
            claimed_by = excluded.claimed_by,
            claimed_at = excluded.claimed_at,
            lease_until = excluded.lease_until
        WHERE digest_runs.posted_at IS NULL
          AND digest_runs.lease_until <= excluded.claimed_at
        """;

    private const string MarkRunPostedSql = """
        UPDATE digest_runs SET posted_at = @PostedAt
        WHERE subscription_id = @SubscriptionId AND local_date = @LocalDate
          AND claimed_by = @Claimant AND posted_at IS NULL
        """;

    // Never backwards: a late post of an earlier day does not make the next digest repeat what it covered.
    // It updates the row even then (to itself), so on PostgreSQL the row stays locked until the transaction ends:
    // a SaveAsync cannot replace the schedule between MarkPostedAsync reading it and moving next_run_at by it.
    private const string SetLastPostedSql = """
        UPDATE digest_subscriptions SET last_posted_at =
            CASE WHEN last_posted_at IS NULL OR last_posted_at < @PostedAt THEN @PostedAt ELSE last_posted_at END
        WHERE id = @SubscriptionId
        """;

    private const string ReleaseSql = """
        UPDATE digest_runs SET lease_until = @Released
        WHERE subscription_id = @SubscriptionId AND local_date = @LocalDate
          AND claimed_by = @Claimant AND posted_at IS NULL
        """;

    private const string TimeOfDayFormat = "HH:mm";

    // Before any instant a claimant can pass as "now": a released lease has always ended.
    private static readonly string Released = StoredFormat.Timestamp(DateTimeOffset.MinValue);

    private readonly StorageDatabase _database;
    private readonly TimeProvider _timeProvider;

    public SqlDigestSubscriptionStore(StorageDatabase database, TimeProvider? timeProvider = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Inserts the subscription, or, when (tenant, channel, conversation) has one already, replaces its
    /// settings (team, delivery address, time, time zone, working days, quiet days, active and reason)
    /// while keeping its <see cref="DigestSubscription.Id"/>, <see cref="DigestSubscription.CreatedBy"/>,
    /// <see cref="DigestSubscription.CreatedAt"/> and <see cref="DigestSubscription.LastPostedAt"/>.
    /// </summary>
    /// <returns>The subscription as stored now: use its id, which may not be the one passed in.</returns>
    /// <exception cref="InvalidOperationException">The id is already that of another conversation's subscription.</exception>
    public async Task<DigestSubscription> SaveAsync(DigestSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var parameters = WriteParameters.From(subscription, _timeProvider.GetUtcNow());

        // Saves of one conversation queue up; the upsert locks the row it writes until the commit in any case.
        var lockKey = $"digest_subscriptions:{parameters.TenantId}\n{parameters.ChannelId}\n{parameters.ConversationId}";
        return await _database.WriteAsync([lockKey], async (connection, transaction, token) =>
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(UpsertSql, parameters, transaction, cancellationToken: token))
                    .ConfigureAwait(false);
            }
            catch (Exception exception) when (_database.IsUniqueViolation(exception))
            {
                throw new InvalidOperationException(
                    $"Digest subscription {parameters.Id} already exists for another conversation; this one was not saved.",
                    exception);
            }

            var stored = (await connection.QuerySingleAsync<SubscriptionRow>(
                new CommandDefinition(FindSql, parameters, transaction, cancellationToken: token))
                .ConfigureAwait(false)).ToSubscription();

            // From its creation and last post alone, not from the clock: whoever ticks, with whatever clock, finds it in time.
            await connection.ExecuteAsync(new CommandDefinition(
                    SetNextRunSql,
                    new { SubscriptionId = StoredFormat.Id(stored.Id), NextRunAt = NextRunOrNull(() => DigestSchedule.FirstUnpostedRun(stored)) },
                    transaction,
                    cancellationToken: token))
                .ConfigureAwait(false);
            return stored;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DigestSubscription?> FindAsync(string tenantId, string channelId, string conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(channelId);
        ArgumentNullException.ThrowIfNull(conversationId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(new CommandDefinition(
                FindSql,
                new { TenantId = tenantId, ChannelId = channelId, ConversationId = conversationId },
                cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return row?.ToSubscription();
    }

    /// <summary>Every active subscription of every tenant, by tenant, channel and conversation.</summary>
    public async Task<IReadOnlyList<DigestSubscription>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(ListActiveSql, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return rows.Select(row => row.ToSubscription()).ToArray();
    }

    /// <summary>
    /// Active subscriptions whose <c>next_run_at</c> is at or before <paramref name="now"/> or unknown (NULL, rows
    /// stored before migration 0005), unknown first then earliest first, at most <paramref name="limit"/>.
    /// </summary>
    public async Task<IReadOnlyList<DigestSubscription>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(
                ListDueSql,
                new { Now = StoredFormat.Timestamp(now), Limit = limit },
                cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return rows.Select(row => row.ToSubscription()).ToArray();
    }

    public async Task<DigestSubscriptionCounts> CountActiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var (active, due) = await connection.QuerySingleAsync<(long Active, long Due)>(new CommandDefinition(
                CountActiveSql,
                new { Now = StoredFormat.Timestamp(now) },
                cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return new DigestSubscriptionCounts(checked((int)active), checked((int)due));
    }

    /// <summary>
    /// Sets each subscription's <c>next_run_at</c>, in one transaction, unless its time, time zone or working days
    /// differ from the subscription passed (it was saved again meanwhile, and <see cref="SaveAsync"/> set its own).
    /// </summary>
    public async Task SetNextRunsAsync(IReadOnlyCollection<DigestNextRun> nextRuns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nextRuns);
        if (nextRuns.Count == 0)
        {
            return;
        }

        var parameters = nextRuns.Select(next => new
        {
            SubscriptionId = StoredFormat.Id(next.Subscription.Id),
            NextRunAt = StoredFormat.Timestamp(next.At),
            TimeOfDay = next.Subscription.TimeOfDay.ToString(TimeOfDayFormat, CultureInfo.InvariantCulture),
            next.Subscription.TimeZoneId,
            WorkingDays = FormatWorkingDays(next.Subscription.WorkingDays),
        }).ToList();

        // Each update checks the schedule itself; the key only keeps two schedulers' batches from locking the same
        // rows in different orders (and deadlocking) on PostgreSQL.
        await _database.WriteAsync(["digest_subscriptions:next_runs"], (connection, transaction, token) =>
                connection.ExecuteAsync(new CommandDefinition(SetNextRunIfScheduleSql, parameters, transaction, cancellationToken: token)), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Stops the subscription's digests, recording why; an unknown id changes nothing. Saving it again reactivates it.</summary>
    public async Task DeactivateAsync(Guid subscriptionId, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        await _database.ExecuteWriteAsync(
                DeactivateSql,
                new { Id = StoredFormat.Id(subscriptionId), Reason = reason, UpdatedAt = StoredFormat.Timestamp(_timeProvider.GetUtcNow()) },
                cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Claims <paramref name="localDate"/>'s digest for <paramref name="claimant"/> until
    /// <paramref name="now"/> + <paramref name="lease"/>. True when the claimant holds it now: nobody had
    /// claimed it, the claimant held it already (its lease is renewed), or the previous claim was never
    /// posted and its lease ended at or before <paramref name="now"/>. False when it was posted, or
    /// someone else's lease is still running. Atomic across processes sharing the database, on either provider.
    /// </summary>
    /// <param name="claimant">Identifies the instance (and attempt): distinct instances must use distinct values.</param>
    /// <param name="now">The claimant's clock; instances are assumed to agree on the time to well within a lease.</param>
    public async Task<bool> TryClaimAsync(Guid subscriptionId, DateOnly localDate, string claimant, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(claimant);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var parameters = new
        {
            SubscriptionId = StoredFormat.Id(subscriptionId),
            LocalDate = StoredFormat.Date(localDate),
            Claimant = claimant,
            Now = StoredFormat.Timestamp(now),
            LeaseUntil = StoredFormat.Timestamp(now + lease),
        };

        // The statement returns no rows, and its count of changed rows is the answer.
        var changed = await _database.ExecuteWriteAsync(TryClaimSql, parameters, cancellationToken).ConfigureAwait(false);
        return changed == 1;
    }

    /// <summary>
    /// Records that <paramref name="claimant"/> posted <paramref name="localDate"/>'s digest, and moves the
    /// subscription's <see cref="DigestSubscription.LastPostedAt"/> up to <paramref name="postedAt"/> and its
    /// <c>next_run_at</c> up to the first scheduled run after <paramref name="localDate"/> (and after the last post), in
    /// one transaction. Does nothing unless the claimant holds the claim (even with its lease run out) and
    /// it is not posted yet.
    /// </summary>
    public async Task MarkPostedAsync(Guid subscriptionId, DateOnly localDate, string claimant, DateTimeOffset postedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(claimant);
        var parameters = new
        {
            SubscriptionId = StoredFormat.Id(subscriptionId),
            LocalDate = StoredFormat.Date(localDate),
            Claimant = claimant,
            PostedAt = StoredFormat.Timestamp(postedAt),
        };

        // The claim's row and then the subscription's are locked by the updates below (always in that order, so
        // no other writer waits on them the other way round); the key names the claim being finished.
        await _database.WriteAsync([$"digest_runs:{parameters.SubscriptionId}\n{parameters.LocalDate}"], async (connection, transaction, token) =>
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(MarkRunPostedSql, parameters, transaction, cancellationToken: token))
                .ConfigureAwait(false);
            if (changed == 0)
            {
                return false;
            }

            await connection.ExecuteAsync(new CommandDefinition(SetLastPostedSql, parameters, transaction, cancellationToken: token))
                .ConfigureAwait(false);

            // The next run: the first scheduled day after this one (and after the last post), as the subscription is now.
            var row = await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(
                    new CommandDefinition(FindByIdSql, parameters, transaction, cancellationToken: token))
                .ConfigureAwait(false);
            if (row?.ToSubscription() is { } subscription
                && NextRunOrNull(() => DigestSchedule.FirstUnpostedRun(subscription, localDate)) is { } nextRunAt)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                        MoveNextRunSql,
                        new { parameters.SubscriptionId, NextRunAt = nextRunAt },
                        transaction,
                        cancellationToken: token))
                    .ConfigureAwait(false);
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends <paramref name="claimant"/>'s lease now, so the next <see cref="TryClaimAsync"/> of any claimant
    /// wins. Does nothing unless the claimant holds the claim and it is not posted.
    /// </summary>
    public async Task ReleaseAsync(Guid subscriptionId, DateOnly localDate, string claimant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(claimant);
        await _database.ExecuteWriteAsync(
                ReleaseSql,
                new { SubscriptionId = StoredFormat.Id(subscriptionId), LocalDate = StoredFormat.Date(localDate), Claimant = claimant, Released },
                cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The next run as stored, or null ("check on the next tick") when the schedule cannot be computed (an unknown time zone).</summary>
    private static string? NextRunOrNull(Func<DateTimeOffset> nextRun)
    {
        try
        {
            return StoredFormat.Timestamp(nextRun());
        }
        catch (Exception exception) when (exception is InvalidTimeZoneException or ArgumentException)
        {
            // The scheduler reports such a subscription as failing on every tick, as it always did.
            return null;
        }
    }

    internal static string FormatWorkingDays(IEnumerable<DayOfWeek> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var numbers = new SortedSet<int>();
        foreach (var day in days)
        {
            if (!Enum.IsDefined(day))
            {
                throw new ArgumentOutOfRangeException(nameof(days), day, "Not a day of the week.");
            }

            numbers.Add((int)day);
        }

        return string.Join(',', numbers.Select(number => number.ToString(CultureInfo.InvariantCulture)));
    }

    internal static DayOfWeek[] ParseWorkingDays(string stored) =>
        stored.Length == 0
            ? []
            : stored.Split(',').Select(number => (DayOfWeek)int.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();

    private sealed class WriteParameters
    {
        public string Id { get; private init; } = "";
        public string TenantId { get; private init; } = "";
        public string? TeamId { get; private init; }
        public string ChannelId { get; private init; } = "";
        public string ConversationId { get; private init; } = "";
        public string DeliveryAddress { get; private init; } = "";
        public string TimeOfDay { get; private init; } = "";
        public string TimeZoneId { get; private init; } = "";
        public string WorkingDays { get; private init; } = "";
        public int SkipQuietDays { get; private init; }
        public int MentionMissingAnswers { get; private init; }
        public int Active { get; private init; }
        public string? InactiveReason { get; private init; }
        public string CreatedById { get; private init; } = "";
        public string CreatedByName { get; private init; } = "";
        public string CreatedAt { get; private init; } = "";
        public string? LastPostedAt { get; private init; }
        public string UpdatedAt { get; private init; } = "";

        public static WriteParameters From(DigestSubscription subscription, DateTimeOffset now)
        {
            ArgumentNullException.ThrowIfNull(subscription.TenantId);
            ArgumentNullException.ThrowIfNull(subscription.ChannelId);
            ArgumentNullException.ThrowIfNull(subscription.ConversationId);
            ArgumentNullException.ThrowIfNull(subscription.DeliveryAddress);
            ArgumentException.ThrowIfNullOrWhiteSpace(subscription.TimeZoneId);
            ArgumentNullException.ThrowIfNull(subscription.CreatedBy);
            return new WriteParameters
            {
                Id = StoredFormat.Id(subscription.Id),
                TenantId = subscription.TenantId,
                TeamId = subscription.TeamId,
                ChannelId = subscription.ChannelId,
                ConversationId = subscription.ConversationId,
                DeliveryAddress = subscription.DeliveryAddress,
                TimeOfDay = subscription.TimeOfDay.ToString(TimeOfDayFormat, CultureInfo.InvariantCulture),
                TimeZoneId = subscription.TimeZoneId,
                WorkingDays = FormatWorkingDays(subscription.WorkingDays),
                SkipQuietDays = subscription.SkipQuietDays ? 1 : 0,
                MentionMissingAnswers = subscription.MentionMissingAnswers ? 1 : 0,
                Active = subscription.Active ? 1 : 0,
                InactiveReason = subscription.InactiveReason,
                CreatedById = subscription.CreatedBy.Id,
                CreatedByName = subscription.CreatedBy.Name,
                CreatedAt = StoredFormat.Timestamp(subscription.CreatedAt),
                LastPostedAt = subscription.LastPostedAt is { } lastPosted ? StoredFormat.Timestamp(lastPosted) : null,
                UpdatedAt = StoredFormat.Timestamp(now),
            };
        }
    }

    private sealed class SubscriptionRow
    {
        public string Id { get; set; } = "";
        public string TenantId { get; set; } = "";
        public string? TeamId { get; set; }
        public string ChannelId { get; set; } = "";
        public string ConversationId { get; set; } = "";
        public string DeliveryAddress { get; set; } = "";
        public string TimeOfDay { get; set; } = "";
        public string TimeZoneId { get; set; } = "";
        public string WorkingDays { get; set; } = "";
        public long SkipQuietDays { get; set; }
        public long MentionMissingAnswers { get; set; }
        public long Active { get; set; }
        public string? InactiveReason { get; set; }
        public string CreatedById { get; set; } = "";
        public string CreatedByName { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string? LastPostedAt { get; set; }

        public DigestSubscription ToSubscription() => new()
        {
            Id = StoredFormat.ParseId(Id),
            TenantId = TenantId,
            TeamId = TeamId,
            ChannelId = ChannelId,
            ConversationId = ConversationId,
            DeliveryAddress = DeliveryAddress,
            TimeOfDay = TimeOnly.ParseExact(TimeOfDay, TimeOfDayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None),
            TimeZoneId = TimeZoneId,
            WorkingDays = ParseWorkingDays(WorkingDays),
            SkipQuietDays = SkipQuietDays != 0,
            MentionMissingAnswers = MentionMissingAnswers != 0,
            Active = Active != 0,
            InactiveReason = InactiveReason,
            CreatedBy = new UserRef(CreatedById, CreatedByName),
            CreatedAt = StoredFormat.ParseTimestamp(CreatedAt),
            LastPostedAt = LastPostedAt is null ? null : StoredFormat.ParseTimestamp(LastPostedAt),
        };
    }
}
