using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Cronos;

namespace PmOpsBot.Core.Digest;

/// <summary>
/// When a subscription's digest runs, in its own time zone. A digest belongs to a local date: it is
/// due from the configured local time of a working day until that day ends (so a process that was
/// down at 9:00 catches up once when it comes back), and never for a day that has passed.
/// </summary>
/// <remarks>
/// Occurrences come from a Cronos expression ("minute hour * * days") in the subscription's zone, which
/// handles daylight saving the way cron does: on a spring-forward day a time that does not exist
/// (02:30 where 02:00–03:00 is skipped) runs at the first valid instant after it (03:00); on a
/// fall-back day a time that happens twice runs once, at its first occurrence.
/// <see cref="DueDate"/> takes the wall-clock time directly when it exists exactly once that day and asks
/// Cronos only on DST days (a test checks both agree every day of a year). Parsed expressions and resolved
/// zones are cached: 10,000 subscriptions' due dates take about 15 ms.
/// </remarks>
public static class DigestSchedule
{
    private static readonly ConcurrentDictionary<(int Minute, int Days), CronExpression> Expressions = new();
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);
    private static readonly Lazy<Dictionary<string, string>> ZoneIdsIgnoringCase = new(BuildZoneIndex);

    /// <summary>Every day of the week, Monday first.</summary>
    public static IReadOnlyList<DayOfWeek> EveryDay { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>Monday to Friday.</summary>
    public static IReadOnlyList<DayOfWeek> Weekdays { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>
    /// The first run strictly after <paramref name="after"/>, with the zone's offset at that instant.
    /// <see cref="DateTimeOffset.MaxValue"/> when the subscription has no working days (it never runs).
    /// </summary>
    /// <exception cref="InvalidTimeZoneException">The subscription's time zone is unknown on this machine.</exception>
    public static DateTimeOffset NextRun(DigestSubscription subscription, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (ExpressionOf(subscription) is not { } cron) return DateTimeOffset.MaxValue;
        return cron.GetNextOccurrence(after, ZoneOf(subscription), inclusive: false) ?? DateTimeOffset.MaxValue;
    }

    /// <summary>The calendar date in the subscription's time zone at <paramref name="instant"/>.</summary>
    /// <exception cref="InvalidTimeZoneException">The subscription's time zone is unknown on this machine.</exception>
    public static DateOnly LocalDate(DigestSubscription subscription, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, ZoneOf(subscription)).DateTime);
    }

    /// <summary><paramref name="instant"/> as the subscription's local wall-clock time (with that zone's offset).</summary>
    public static DateTimeOffset ToLocal(DigestSubscription subscription, DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, ZoneOf(subscription));

    /// <summary>
    /// When the digest of <paramref name="localDate"/> is scheduled, or null when that date is not a
    /// working day of the subscription.
    /// </summary>
    public static DateTimeOffset? ScheduledAt(DigestSubscription subscription, DateOnly localDate)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (!subscription.WorkingDays.Contains(localDate.DayOfWeek)) return null;
        var zone = ZoneOf(subscription);

        // Fast path, exact: a wall-clock time that exists once that day is simply that instant.
        var wall = localDate.ToDateTime(new TimeOnly(subscription.TimeOfDay.Hour, subscription.TimeOfDay.Minute));
        if (!zone.IsInvalidTime(wall) && !zone.IsAmbiguousTime(wall)) return new DateTimeOffset(wall, zone.GetUtcOffset(wall));

        // A daylight-saving day: let Cronos decide (skipped time → first valid instant after; repeated time → once, the first).
        if (ExpressionOf(subscription) is not { } cron) return null;

        // Start from noon of the day before (never inside a DST gap in any real zone) and take the occurrences
        // in order until one falls on the date; the expression fires at most once per local day.
        var noonBefore = localDate.AddDays(-1).ToDateTime(new TimeOnly(12, 0));
        var from = new DateTimeOffset(noonBefore, zone.GetUtcOffset(noonBefore));
        for (var i = 0; i < 4; i++)
        {
            var next = cron.GetNextOccurrence(from, zone, inclusive: false);
            if (next is not { } occurrence) return null;
            var date = DateOnly.FromDateTime(occurrence.DateTime);
            if (date == localDate) return occurrence;
            if (date > localDate) return null;
            from = occurrence;
        }

        return null;
    }

    /// <summary>
    /// The local date whose digest should be posted at <paramref name="now"/>, or null. Due when today
    /// (in the subscription's zone) is a working day and its scheduled run has passed; still due later the
    /// same day (catch-up after downtime: the claim in the store keeps it to one post); never for yesterday.
    /// </summary>
    /// <exception cref="InvalidTimeZoneException">The subscription's time zone is unknown on this machine.</exception>
    public static DateOnly? DueDate(DigestSubscription subscription, DateTimeOffset now)
    {
        var today = LocalDate(subscription, now);
        // Catching up is for digests that were missed, not for a time that had passed before the channel subscribed.
        return ScheduledAt(subscription, today) is { } at && at <= now && at >= subscription.CreatedAt ? today : null;
    }

    /// <summary>
    /// The earliest instant at which <see cref="DueDate"/> can name a day the runner would still post: the scheduled
    /// run of the first working day that comes after <paramref name="postedThrough"/> and after the local date of
    /// <see cref="DigestSubscription.LastPostedAt"/>, and whose scheduled time is not before
    /// <see cref="DigestSubscription.CreatedAt"/>. It may lie in the past (a day missed while the process was down,
    /// or a subscription that never posted): the runner then finds nothing due and moves it on with
    /// <see cref="NextRun"/>. It is never later than a digest that is still to be posted, so a scheduler that looks
    /// only at subscriptions whose next run has come misses none. <see cref="DateTimeOffset.MaxValue"/> when the
    /// subscription has no working days.
    /// </summary>
    /// <param name="postedThrough">A day known to be posted (or skipped) already, when it is not the last post's.</param>
    /// <exception cref="InvalidTimeZoneException">The subscription's time zone is unknown on this machine.</exception>
    public static DateTimeOffset FirstUnpostedRun(DigestSubscription subscription, DateOnly? postedThrough = null)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var from = LocalDate(subscription, subscription.CreatedAt);
        if (subscription.LastPostedAt is { } last) from = Later(from, LocalDate(subscription, last).AddDays(1));
        if (postedThrough is { } posted) from = Later(from, posted.AddDays(1));

        // Every day of the week comes up within seven days; only the first can be too early for CreatedAt.
        for (var date = from; date <= from.AddDays(8); date = date.AddDays(1))
        {
            if (ScheduledAt(subscription, date) is { } at && at >= subscription.CreatedAt) return at;
        }

        return DateTimeOffset.MaxValue;
    }

    /// <summary>
    /// Resolves an IANA id ("Europe/Berlin", any letter case), a Windows id ("W. Europe Standard Time"),
    /// or "UTC"/"GMT"/"Z". The zone's <see cref="TimeZoneInfo.Id"/> is the spelling to store.
    /// </summary>
    public static bool TryResolveTimeZone(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id)) return false;
        var key = id.Trim();
        if (Zones.TryGetValue(key, out zone)) return true;

        // Only hits are cached: typed nonsense must not grow the cache.
        zone = Resolve(key);
        if (zone is null) return false;
        Zones.TryAdd(key, zone);
        return true;
    }

    /// <summary>The subscription's zone; throws when it cannot be resolved (subscriptions are validated when saved).</summary>
    public static TimeZoneInfo ZoneOf(DigestSubscription subscription) =>
        TryResolveTimeZone(subscription.TimeZoneId, out var zone)
            ? zone
            : throw new InvalidTimeZoneException($"Unknown time zone “{subscription.TimeZoneId}” for digest subscription {subscription.Id}.");

    /// <summary>The cron expression of a subscription ("30 8 * * 1,2,3,4,5"); null when it has no working days.</summary>
    public static string? CronOf(DigestSubscription subscription)
    {
        var days = subscription.WorkingDays.Distinct().Order().Select(d => ((int)d).ToString(CultureInfo.InvariantCulture)).ToList();
        if (days.Count == 0) return null;
        var time = subscription.TimeOfDay;
        return string.Create(CultureInfo.InvariantCulture, $"{time.Minute} {time.Hour} * * {string.Join(',', days)}");
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static CronExpression? ExpressionOf(DigestSubscription subscription)
    {
        // Keyed by minute of day and a bit per working day: no string is built on the hot path.
        var days = 0;
        foreach (var day in subscription.WorkingDays) days |= 1 << (int)day;
        if (days == 0) return null;
        var key = (subscription.TimeOfDay.Hour * 60 + subscription.TimeOfDay.Minute, days);
        return Expressions.GetOrAdd(key, static (_, s) => CronExpression.Parse(CronOf(s)!, CronFormat.Standard), subscription);
    }

    private static TimeZoneInfo? Resolve(string id)
    {
        if (id.Equals("utc", StringComparison.OrdinalIgnoreCase) || id.Equals("z", StringComparison.OrdinalIgnoreCase)
            || id.Equals("gmt", StringComparison.OrdinalIgnoreCase) || id.Equals("etc/utc", StringComparison.OrdinalIgnoreCase))
            return TimeZoneInfo.Utc;
        if (Find(id) is { } exact) return exact;
        return ZoneIdsIgnoringCase.Value.TryGetValue(id, out var spelled) ? Find(spelled) : null;
    }

    private static TimeZoneInfo? Find(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            // Typed text reaches here: whatever it is, an id that can't be read is simply unknown.
            return null;
        }
    }

    private static Dictionary<string, string> BuildZoneIndex()
    {
        var index = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones()) index.TryAdd(zone.Id, zone.Id);
        return index;
    }
}
