using PmOpsBot.Core.Digest;

namespace PmOpsBot.Core.CheckIns;

/// <summary>Tuning of check-ins.</summary>
public sealed record CheckInOptions
{
    /// <summary>How long before the digest the prompts go out.</summary>
    public TimeSpan Lead { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>How long before the digest the one reminder goes out (capped by <see cref="Lead"/>).</summary>
    public TimeSpan ReminderBefore { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Subscriptions worked on at the same time within one tick.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>The most initiatives of one scope a check-in reads.</summary>
    public int InitiativeLimit { get; init; } = 2000;

    internal CheckInOptions Validated()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Lead, TimeSpan.Zero, nameof(Lead));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReminderBefore, TimeSpan.Zero, nameof(ReminderBefore));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrency, 1, nameof(MaxConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitiativeLimit, 1, nameof(InitiativeLimit));
        return this;
    }
}

/// <summary>
/// The check-in windows of one digest: prompts in [<see cref="PromptFrom"/>, <see cref="DigestAt"/>), the reminder in
/// [<see cref="ReminderFrom"/>, <see cref="DigestAt"/>). Instants, so the lead is real elapsed time on DST days too.
/// </summary>
public sealed record CheckInWindow(DateOnly DigestDate, DateTimeOffset DigestAt, DateTimeOffset PromptFrom, DateTimeOffset ReminderFrom)
{
    public bool InPromptWindow(DateTimeOffset now) => now >= PromptFrom && now < DigestAt;

    public bool InReminderWindow(DateTimeOffset now) => now >= ReminderFrom && now < DigestAt;
}

/// <summary>When to ask, pure: which digest (if any) the prompts at an instant are for.</summary>
public static class CheckInPlanner
{
    /// <summary>
    /// The window of the digest whose prompt window contains <paramref name="now"/>, or null. The digest may be on the
    /// next local date (a 00:30 digest is asked for from 23:30 the evening before). Uses
    /// <see cref="DigestSchedule.ScheduledAt"/>, so non-working days have no window and DST days follow the digest.
    /// </summary>
    public static CheckInWindow? WindowAt(DigestSubscription subscription, DateTimeOffset now, TimeSpan lead, TimeSpan reminderBefore)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lead, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(reminderBefore, TimeSpan.Zero);
        var today = DigestSchedule.LocalDate(subscription, now);
        var days = (int)Math.Ceiling(lead.TotalDays) + 1;
        for (var d = 0; d <= days; d++)
        {
            var date = today.AddDays(d);
            if (WindowFor(subscription, date, lead, reminderBefore) is { } window && window.InPromptWindow(now)) return window;
        }

        return null;
    }

    /// <summary>The window of the digest of <paramref name="digestDate"/>; null when that date has no digest.</summary>
    public static CheckInWindow? WindowFor(DigestSubscription subscription, DateOnly digestDate, TimeSpan lead, TimeSpan reminderBefore)
    {
        if (DigestSchedule.ScheduledAt(subscription, digestDate) is not { } at) return null;
        var from = at - lead;
        var reminder = at - (reminderBefore < lead ? reminderBefore : lead);
        return new CheckInWindow(digestDate, at, from, reminder);
    }

    /// <summary>
    /// True when the digest of <paramref name="digestDate"/> has posted already (so an answer now is late):
    /// the subscription's last post is at or after that digest's scheduled time (or, on a day without a schedule,
    /// on or after that date).
    /// </summary>
    public static bool HasPosted(DigestSubscription subscription, DateOnly digestDate)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (subscription.LastPostedAt is not { } last) return false;
        return DigestSchedule.ScheduledAt(subscription, digestDate) is { } at
            ? last >= at
            : DigestSchedule.LocalDate(subscription, last) >= digestDate;
    }
}
