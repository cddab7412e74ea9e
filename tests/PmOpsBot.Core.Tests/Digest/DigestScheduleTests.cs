using PmOpsBot.Core.Digest;
using static PmOpsBot.Core.Tests.Digest.DigestSeed;

namespace PmOpsBot.Core.Tests.Digest;

public sealed class DigestScheduleTests
{
    // 2025: Europe/Berlin springs forward Sun 30 Mar (02:00 → 03:00) and falls back Sun 26 Oct (03:00 → 02:00);
    // America/New_York springs forward Sun 9 Mar (02:00 → 03:00) and falls back Sun 2 Nov (02:00 → 01:00).
    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Next_run_is_later_the_same_day_or_the_next_working_day()
    {
        var s = Subscription();

        Assert.Equal(At("2025-01-06T09:00:00+01:00"), DigestSchedule.NextRun(s, At("2025-01-06T08:00:00+01:00")));
        Assert.Equal(At("2025-01-07T09:00:00+01:00"), DigestSchedule.NextRun(s, At("2025-01-06T09:00:00+01:00")));
        Assert.Equal(TimeSpan.FromHours(1), DigestSchedule.NextRun(s, At("2025-01-06T08:00:00Z")).Offset);
    }

    [Fact]
    public void Next_run_crosses_midnight_in_the_local_zone_not_utc()
    {
        var berlin = Subscription(time: new TimeOnly(0, 15), days: DigestSchedule.EveryDay);
        Assert.Equal(At("2025-01-07T00:15:00+01:00"), DigestSchedule.NextRun(berlin, At("2025-01-06T23:30:00+01:00")));

        // 21:00 in New York is 02:00 UTC the next day: Friday's run is Friday evening there, the weekend is skipped.
        var newYork = Subscription(zone: "America/New_York", time: new TimeOnly(21, 0));
        Assert.Equal(At("2025-01-10T21:00:00-05:00"), DigestSchedule.NextRun(newYork, At("2025-01-10T12:00:00-05:00")));
        Assert.Equal(At("2025-01-13T21:00:00-05:00"), DigestSchedule.NextRun(newYork, At("2025-01-10T21:00:00-05:00")));
    }

    [Fact]
    public void Weekends_are_skipped_on_weekdays_and_kept_daily()
    {
        var friday = At("2025-01-10T10:00:00+01:00");

        Assert.Equal(At("2025-01-13T09:00:00+01:00"), DigestSchedule.NextRun(Subscription(), friday));
        Assert.Equal(At("2025-01-11T09:00:00+01:00"), DigestSchedule.NextRun(Subscription(days: DigestSchedule.EveryDay), friday));
        Assert.Equal(At("2025-01-13T10:00:00+01:00"),
            DigestSchedule.NextRun(Subscription(time: new TimeOnly(10, 0), days: [DayOfWeek.Monday, DayOfWeek.Thursday]), friday));
    }

    [Theory]
    [InlineData("Europe/Berlin", "2025-03-29T10:00:00+01:00", "2025-03-30T09:00:00+02:00")]
    [InlineData("Europe/Berlin", "2025-10-25T10:00:00+02:00", "2025-10-26T09:00:00+01:00")]
    [InlineData("America/New_York", "2025-03-08T10:00:00-05:00", "2025-03-09T09:00:00-04:00")]
    [InlineData("America/New_York", "2025-11-01T10:00:00-04:00", "2025-11-02T09:00:00-05:00")]
    public void A_daily_nine_oclock_stays_at_nine_local_across_dst(string zone, string after, string expected)
    {
        var s = Subscription(zone: zone, days: DigestSchedule.EveryDay);

        var next = DigestSchedule.NextRun(s, At(after));

        Assert.Equal(At(expected), next);
        Assert.Equal(At(expected).Offset, next.Offset);
    }

    [Fact]
    public void Weekday_run_in_new_york_moves_with_the_clock_change()
    {
        var s = Subscription(zone: "America/New_York");

        Assert.Equal(At("2025-03-10T13:00:00Z"), DigestSchedule.NextRun(s, At("2025-03-07T14:00:00Z")));
    }

    [Theory]
    [InlineData("Europe/Berlin", "2025-03-30", "2025-03-30T03:00:00+02:00", "2025-03-31T02:30:00+02:00")]
    [InlineData("America/New_York", "2025-03-09", "2025-03-09T03:00:00-04:00", "2025-03-10T02:30:00-04:00")]
    public void A_time_skipped_by_spring_forward_runs_at_the_first_valid_instant_after(string zone, string day, string expected, string dayAfter)
    {
        var s = Subscription(zone: zone, time: new TimeOnly(2, 30), days: DigestSchedule.EveryDay);
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(At(expected), DigestSchedule.ScheduledAt(s, date));
        Assert.Equal(At(expected), DigestSchedule.NextRun(s, At(expected).AddMinutes(-45)));
        Assert.Equal(At(dayAfter), DigestSchedule.NextRun(s, At(expected)));

        Assert.Null(DigestSchedule.DueDate(s, At(expected).AddTicks(-1)));
        Assert.Equal(date, DigestSchedule.DueDate(s, At(expected)));
    }

    [Theory]
    [InlineData("Europe/Berlin", "02:30", "2025-10-26T02:30:00+02:00", "2025-10-27T02:30:00+01:00")]
    [InlineData("America/New_York", "01:30", "2025-11-02T01:30:00-04:00", "2025-11-03T01:30:00-05:00")]
    public void A_time_that_happens_twice_on_fall_back_runs_once(string zone, string time, string first, string next)
    {
        var s = Subscription(zone: zone, time: TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), days: DigestSchedule.EveryDay);

        Assert.Equal(At(first), DigestSchedule.NextRun(s, At(first).AddHours(-3)));

        // An hour later the wall clock shows the same time again: no second run that day.
        Assert.Equal(At(next), DigestSchedule.NextRun(s, At(first)));
        Assert.Equal(At(next), DigestSchedule.NextRun(s, At(first).AddHours(1).AddMinutes(-1)));

        // Due from the first occurrence on, for that one date.
        var date = DateOnly.FromDateTime(At(first).DateTime);
        Assert.Equal(date, DigestSchedule.DueDate(s, At(first)));
        Assert.Equal(date, DigestSchedule.DueDate(s, At(first).AddHours(1)));
    }

    [Fact]
    public void Due_from_the_configured_time_until_the_local_day_ends_and_never_for_yesterday()
    {
        var s = Subscription();
        var monday = new DateOnly(2025, 1, 6);

        Assert.Null(DigestSchedule.DueDate(s, At("2025-01-06T08:59:59+01:00")));
        Assert.Equal(monday, DigestSchedule.DueDate(s, At("2025-01-06T09:00:00+01:00")));
        Assert.Equal(monday, DigestSchedule.DueDate(s, At("2025-01-06T11:00:00+01:00")));
        Assert.Equal(monday, DigestSchedule.DueDate(s, At("2025-01-06T23:59:59+01:00")));
        Assert.Null(DigestSchedule.DueDate(s, At("2025-01-07T00:00:01+01:00")));
        Assert.Null(DigestSchedule.DueDate(s, At("2025-01-07T08:59:00+01:00")));
        Assert.Equal(monday.AddDays(1), DigestSchedule.DueDate(s, At("2025-01-07T09:00:00+01:00")));
    }

    [Fact]
    public void Nothing_is_due_on_a_day_off()
    {
        var saturday = At("2025-01-11T10:00:00+01:00");

        Assert.Null(DigestSchedule.DueDate(Subscription(), saturday));
        Assert.Equal(new DateOnly(2025, 1, 11), DigestSchedule.DueDate(Subscription(days: DigestSchedule.EveryDay), saturday));
        Assert.Null(DigestSchedule.DueDate(Subscription(days: []), saturday));
        Assert.Equal(DateTimeOffset.MaxValue, DigestSchedule.NextRun(Subscription(days: []), saturday));
    }

    [Fact]
    public void The_local_date_decides_not_the_utc_date()
    {
        // Monday 21:30 in New York is Tuesday 02:30 UTC.
        var s = Subscription(zone: "America/New_York", time: new TimeOnly(21, 0));
        var now = At("2025-01-07T02:30:00Z");

        Assert.Equal(new DateOnly(2025, 1, 6), DigestSchedule.LocalDate(s, now));
        Assert.Equal(new DateOnly(2025, 1, 6), DigestSchedule.DueDate(s, now));

        // Monday 23:00 UTC is already Tuesday 08:00 in Tokyo.
        var tokyo = Subscription(zone: "Asia/Tokyo", time: new TimeOnly(7, 0));
        Assert.Equal(new DateOnly(2025, 1, 7), DigestSchedule.DueDate(tokyo, At("2025-01-06T23:00:00Z")));
    }

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Australia/Sydney")]
    [InlineData("UTC")]
    public void Next_run_and_due_date_agree_every_day_of_a_year(string zone)
    {
        foreach (var time in new[] { new TimeOnly(2, 30), new TimeOnly(9, 0), new TimeOnly(23, 45) })
        {
            var s = Subscription(zone: zone, time: time);
            var cursor = At("2025-01-01T00:00:00Z");
            var seen = new HashSet<DateOnly>();
            while (cursor < At("2026-01-01T00:00:00Z"))
            {
                var run = DigestSchedule.NextRun(s, cursor);
                var date = DigestSchedule.LocalDate(s, run);

                Assert.True(seen.Add(date), $"{zone} {time}: two runs on {date}");
                Assert.Contains(date.DayOfWeek, s.WorkingDays);
                Assert.Equal(run, DigestSchedule.ScheduledAt(s, date));
                Assert.NotEqual(date, DigestSchedule.DueDate(s, run.AddSeconds(-1)));
                Assert.Equal(date, DigestSchedule.DueDate(s, run));
                cursor = run;
            }

            Assert.InRange(seen.Count, 260, 262);
        }
    }

    [Theory]
    [InlineData("Europe/Berlin", "Europe/Berlin")]
    [InlineData("europe/berlin", "Europe/Berlin")]
    [InlineData("AMERICA/NEW_YORK", "America/New_York")]
    [InlineData("UTC", "UTC")]
    [InlineData("utc", "UTC")]
    [InlineData("GMT", "UTC")]
    public void Known_time_zones_resolve_to_their_stored_spelling(string typed, string id)
    {
        Assert.True(DigestSchedule.TryResolveTimeZone(typed, out var zone));
        Assert.Equal(id, zone.Id);
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("../../../etc/passwd")]
    [InlineData("Europe/Berlin\0")]
    public void Unknown_time_zones_do_not_resolve(string? typed)
    {
        Assert.False(DigestSchedule.TryResolveTimeZone(typed, out var zone));
        Assert.Null(zone);
    }

    [Fact]
    public void A_subscription_with_an_unknown_zone_fails_loudly()
    {
        Assert.Throws<InvalidTimeZoneException>(() => DigestSchedule.DueDate(Subscription(zone: "Mars/Olympus"), DateTimeOffset.UnixEpoch));
    }
}
