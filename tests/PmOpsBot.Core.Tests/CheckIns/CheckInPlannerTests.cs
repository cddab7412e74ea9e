using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Digest;
using static PmOpsBot.Core.Tests.Digest.DigestSeed;

namespace PmOpsBot.Core.Tests.CheckIns;

public sealed class CheckInPlannerTests
{
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(60);
    private static readonly TimeSpan Reminder = TimeSpan.FromMinutes(15);

    private static CheckInWindow? At(DigestSubscription s, DateTimeOffset now) => CheckInPlanner.WindowAt(s, now, Lead, Reminder);

    [Fact]
    public void Prompts_in_the_hour_before_the_digest_and_reminds_in_its_last_quarter()
    {
        var s = Subscription(zone: "Europe/Berlin");
        var cet = TimeSpan.FromHours(1);
        Assert.Null(At(s, new DateTimeOffset(2025, 1, 6, 7, 59, 59, cet)));

        var w = At(s, new DateTimeOffset(2025, 1, 6, 8, 0, 0, cet));
        Assert.NotNull(w);
        Assert.Equal(new DateOnly(2025, 1, 6), w.DigestDate);
        Assert.Equal(new DateTimeOffset(2025, 1, 6, 9, 0, 0, cet), w.DigestAt);
        Assert.False(w.InReminderWindow(new DateTimeOffset(2025, 1, 6, 8, 44, 0, cet)));
        Assert.True(w.InReminderWindow(new DateTimeOffset(2025, 1, 6, 8, 45, 0, cet)));
        Assert.Null(At(s, new DateTimeOffset(2025, 1, 6, 9, 0, 0, cet)));
        // Weekend: no digest, no prompts.
        Assert.Null(At(s, new DateTimeOffset(2025, 1, 11, 8, 30, 0, cet)));
    }

    [Fact]
    public void The_same_instant_is_inside_one_zones_window_and_outside_the_others()
    {
        var now = new DateTimeOffset(2025, 1, 6, 7, 30, 0, TimeSpan.Zero);
        Assert.NotNull(At(Subscription(zone: "Europe/Berlin"), now));
        Assert.Null(At(Subscription(zone: "America/New_York"), now));
        Assert.Null(At(Subscription(zone: "Asia/Tokyo"), now));
        Assert.NotNull(At(Subscription(zone: "America/New_York"), new DateTimeOffset(2025, 1, 6, 13, 30, 0, TimeSpan.Zero)));
        Assert.NotNull(At(Subscription(zone: "Asia/Kolkata", time: new TimeOnly(9, 0)), new DateTimeOffset(2025, 1, 6, 3, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void On_the_spring_forward_day_the_lead_is_a_real_hour()
    {
        // Berlin, Sunday 30 March 2025: 02:00 CET jumps to 03:00 CEST. A 03:30 digest is 01:30Z; the hour before starts 00:30Z (01:30 CET).
        var s = Subscription(zone: "Europe/Berlin", time: new TimeOnly(3, 30), days: DigestSchedule.EveryDay);
        Assert.Null(At(s, new DateTimeOffset(2025, 3, 30, 0, 29, 0, TimeSpan.Zero)));
        var w = At(s, new DateTimeOffset(2025, 3, 30, 0, 30, 0, TimeSpan.Zero));
        Assert.NotNull(w);
        Assert.Equal(new DateTimeOffset(2025, 3, 30, 1, 30, 0, TimeSpan.Zero), w.DigestAt);
        Assert.Equal(new DateTimeOffset(2025, 3, 30, 1, 15, 0, TimeSpan.Zero), w.ReminderFrom);

        // A digest at 02:30, which does not exist that day, runs at 03:00 CEST (01:00Z) like the digest: prompts from 00:00Z.
        var skipped = Subscription(zone: "Europe/Berlin", time: new TimeOnly(2, 30), days: DigestSchedule.EveryDay);
        var sw = At(skipped, new DateTimeOffset(2025, 3, 30, 0, 0, 0, TimeSpan.Zero));
        Assert.NotNull(sw);
        Assert.Equal(new DateTimeOffset(2025, 3, 30, 1, 0, 0, TimeSpan.Zero), sw.DigestAt);
        Assert.Equal(DigestSchedule.ScheduledAt(skipped, new DateOnly(2025, 3, 30)), sw.DigestAt);
    }

    [Fact]
    public void On_the_fall_back_day_a_repeated_time_is_asked_for_before_its_first_occurrence()
    {
        // New York, Sunday 2 November 2025: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST). The digest runs at the first.
        var s = Subscription(zone: "America/New_York", time: new TimeOnly(1, 30), days: DigestSchedule.EveryDay);
        var w = At(s, new DateTimeOffset(2025, 11, 2, 4, 30, 0, TimeSpan.Zero));
        Assert.NotNull(w);
        Assert.Equal(new DateTimeOffset(2025, 11, 2, 5, 30, 0, TimeSpan.Zero), w.DigestAt);
        Assert.Null(At(s, new DateTimeOffset(2025, 11, 2, 5, 45, 0, TimeSpan.Zero)));
        Assert.Null(At(s, new DateTimeOffset(2025, 11, 2, 6, 15, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_digest_just_after_midnight_is_asked_for_the_evening_before()
    {
        var s = Subscription(zone: "Asia/Kolkata", time: new TimeOnly(0, 30));
        var ist = TimeSpan.FromHours(5.5);
        // Sunday 23:40 local: Monday's digest. Friday 23:40: Saturday is not a working day.
        var w = At(s, new DateTimeOffset(2025, 1, 5, 23, 40, 0, ist));
        Assert.NotNull(w);
        Assert.Equal(new DateOnly(2025, 1, 6), w.DigestDate);
        Assert.Null(At(s, new DateTimeOffset(2025, 1, 10, 23, 40, 0, ist)));
    }

    [Fact]
    public void An_answer_is_late_once_the_digest_of_its_date_has_posted()
    {
        var monday = new DateOnly(2025, 1, 6);
        var s = Subscription(zone: "Europe/Berlin");
        Assert.False(CheckInPlanner.HasPosted(s, monday));
        Assert.False(CheckInPlanner.HasPosted(s with { LastPostedAt = new DateTimeOffset(2025, 1, 3, 9, 0, 0, TimeSpan.FromHours(1)) }, monday));
        Assert.True(CheckInPlanner.HasPosted(s with { LastPostedAt = new DateTimeOffset(2025, 1, 6, 9, 0, 5, TimeSpan.FromHours(1)) }, monday));
    }
}
