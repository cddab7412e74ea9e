using PmOpsBot.Core.Digest;
using static PmOpsBot.Core.Tests.Digest.DigestSeed;

namespace PmOpsBot.Core.Tests.Digest;

public sealed class DigestCommandParserTests
{
    private const string Weekdays = "Mon,Tue,Wed,Thu,Fri";
    private const string Daily = "Mon,Tue,Wed,Thu,Fri,Sat,Sun";

    [Theory]
    [InlineData("digest daily at 9:00 Europe/Berlin", null, "09:00", "Europe/Berlin", Daily, true, true, true)]
    [InlineData("digest weekdays at 8:30", null, "08:30", "UTC", Weekdays, true, false, true)]
    [InlineData("digest weekdays at 8:30", "America/New_York", "08:30", "America/New_York", Weekdays, true, false, true)]
    [InlineData("digest at 9am", "Europe/Berlin", "09:00", "Europe/Berlin", Weekdays, true, false, false)]
    [InlineData("digest mondays and thursdays at 10:00", null, "10:00", "UTC", "Mon,Thu", true, false, true)]
    [InlineData("Digest every day at 5.30pm america/new_york", null, "17:30", "America/New_York", Daily, true, true, true)]
    [InlineData("digest at 17:30", null, "17:30", "UTC", Weekdays, true, false, false)]
    [InlineData("digest at 9", null, "09:00", "UTC", Weekdays, true, false, false)]
    [InlineData("digest at 09:30", null, "09:30", "UTC", Weekdays, true, false, false)]
    [InlineData("digest at 9 pm", null, "21:00", "UTC", Weekdays, true, false, false)]
    [InlineData("digest at 12am", null, "00:00", "UTC", Weekdays, true, false, false)]
    [InlineData("digest at 12pm", null, "12:00", "UTC", Weekdays, true, false, false)]
    [InlineData("digest at noon", null, "12:00", "UTC", Weekdays, true, false, false)]
    [InlineData("digest mon-fri at 7:45 UTC", "Europe/Berlin", "07:45", "UTC", Weekdays, true, true, true)]
    [InlineData("digest monday to wednesday at 8", null, "08:00", "UTC", "Mon,Tue,Wed", true, false, true)]
    [InlineData("digest on working days at 8:15", null, "08:15", "UTC", Weekdays, true, false, true)]
    [InlineData("digest weekends at 10", null, "10:00", "UTC", "Sat,Sun", true, false, true)]
    [InlineData("digest sunday, tuesday", null, "09:00", "UTC", "Tue,Sun", false, false, true)]
    [InlineData("digest Asia/Kolkata", null, "09:00", "Asia/Kolkata", Weekdays, false, true, false)]
    [InlineData("digest on", "Europe/Berlin", "09:00", "Europe/Berlin", Weekdays, false, false, false)]
    [InlineData("digest on", null, "09:00", "UTC", Weekdays, false, false, false)]
    [InlineData("digest on", "Not/AZone", "09:00", "UTC", Weekdays, false, false, false)]
    [InlineData("<at>PmOpsBot</at> digest daily at 9:00 Europe/Berlin.", null, "09:00", "Europe/Berlin", Daily, true, true, true)]
    [InlineData("/digest weekdays at 8:30", null, "08:30", "UTC", Weekdays, true, false, true)]
    public void Schedules_are_read_with_defaults_filled_in(string text, string? requesterZone, string time, string zone, string days, bool timeGiven, bool zoneGiven, bool daysGiven)
    {
        var command = Assert.IsType<DigestCommand.Subscribe>(DigestCommandParser.Parse(text, requesterZone));

        Assert.Equal(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), command.Time);
        Assert.Equal(zone, command.TimeZoneId);
        Assert.Equal(days, string.Join(',', command.Days.Select(d => d.ToString()[..3])));
        Assert.Equal((timeGiven, zoneGiven, daysGiven), (command.TimeGiven, command.TimeZoneGiven, command.DaysGiven));
    }

    [Theory]
    [InlineData("digest off", typeof(DigestCommand.Off))]
    [InlineData("Digest off!", typeof(DigestCommand.Off))]
    [InlineData("stop the digest", typeof(DigestCommand.Off))]
    [InlineData("Stop the digest.", typeof(DigestCommand.Off))]
    [InlineData("digest stop", typeof(DigestCommand.Off))]
    [InlineData("digest now", typeof(DigestCommand.Now))]
    [InlineData("digest post now", typeof(DigestCommand.Now))]
    [InlineData("digest", typeof(DigestCommand.Settings))]
    [InlineData("digest settings", typeof(DigestCommand.Settings))]
    [InlineData("digest?", typeof(DigestCommand.Settings))]
    [InlineData("digest skip quiet days", typeof(DigestCommand.QuietDays))]
    [InlineData("digest post quiet days", typeof(DigestCommand.QuietDays))]
    public void Other_commands(string text, Type expected)
    {
        Assert.IsType(expected, DigestCommandParser.Parse(text, null));
    }

    [Fact]
    public void Quiet_days_say_which_way()
    {
        Assert.True(Assert.IsType<DigestCommand.QuietDays>(DigestCommandParser.Parse("digest skip quiet days", null)).Skip);
        Assert.False(Assert.IsType<DigestCommand.QuietDays>(DigestCommandParser.Parse("digest post quiet days", null)).Skip);
    }

    [Theory]
    [InlineData("digest at 25:00", "25:00", "0 to 23")]
    [InlineData("digest at 9:75", "9:75", "00 to 59")]
    [InlineData("digest at 13pm", "13pm", "1 to 12 with am/pm")]
    [InlineData("digest at 9:5", "9:5", "digest weekdays at 8:30")]
    [InlineData("digest daily at 9:00 Mars/Olympus", "Mars/Olympus", "Europe/Berlin")]
    [InlineData("digest at 9 UTC+25", "UTC+25", "America/New_York")]
    [InlineData("digest fortnightly at 9", "fortnightly", "digest weekdays at 8:30")]
    [InlineData("digest at 9 at 10", "one time of day", "digest weekdays at 8:30")]
    [InlineData("digest at 9 Europe/Berlin America/New_York", "one time zone", "digest daily at 9:00 Europe/Berlin")]
    public void Invalid_times_and_zones_get_a_correction_with_examples(string text, string names, string example)
    {
        var invalid = Assert.IsType<DigestCommand.Invalid>(DigestCommandParser.Parse(text, "Europe/Berlin"));

        Assert.Contains(names, invalid.Message, StringComparison.Ordinal);
        Assert.Contains(example, invalid.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("new initiative")]
    [InlineData("who owns the digest printer?")]
    [InlineData("digestion problems in the canteen")]
    [InlineData("the digest is great")]
    public void Other_messages_are_not_digest_commands(string text)
    {
        Assert.Null(DigestCommandParser.Parse(text, null));
    }

    [Theory]
    [InlineData("9", 9, 0)]
    [InlineData("9am", 9, 0)]
    [InlineData("9 am", 9, 0)]
    [InlineData("9:30", 9, 30)]
    [InlineData("09:30", 9, 30)]
    [InlineData("5.30pm", 17, 30)]
    [InlineData("5.30 p.m.", 17, 30)]
    [InlineData("17:30", 17, 30)]
    [InlineData("0:00", 0, 0)]
    [InlineData("23:59", 23, 59)]
    [InlineData("9h30", 9, 30)]
    public void Times_of_day(string text, int hour, int minute)
    {
        Assert.Equal(new TimeOnly(hour, minute), DigestCommandParser.ParseTime(text));
    }

    [Theory]
    [InlineData("25:00")]
    [InlineData("9:75")]
    [InlineData("24:00")]
    [InlineData("0am")]
    [InlineData("13pm")]
    [InlineData("nine")]
    public void Not_times_of_day(string text)
    {
        Assert.Null(DigestCommandParser.ParseTime(text));
    }

    [Fact]
    public void A_change_keeps_what_was_not_said_and_reactivates()
    {
        var existing = Subscription(zone: "Europe/Berlin", time: new TimeOnly(9, 0), days: DigestSchedule.EveryDay) with { Active = false, InactiveReason = "digest off" };
        var command = Assert.IsType<DigestCommand.Subscribe>(DigestCommandParser.Parse("digest at 10:15", "America/New_York"));

        var changed = command.ApplyTo(existing);

        Assert.Equal(new TimeOnly(10, 15), changed.TimeOfDay);
        Assert.Equal("Europe/Berlin", changed.TimeZoneId);
        Assert.Equal(DigestSchedule.EveryDay, changed.WorkingDays);
        Assert.True(changed.Active);
        Assert.Null(changed.InactiveReason);
        Assert.Equal(existing.Id, changed.Id);
    }

    [Fact]
    public void Digest_on_creates_the_default_subscription()
    {
        var command = Assert.IsType<DigestCommand.Subscribe>(DigestCommandParser.Parse("digest on", "Europe/Berlin"));

        var created = command.Create(Guid.NewGuid(), "t1", "team-a", "msteams", "19:x", "{ref}", Pat, DateTimeOffset.UnixEpoch);

        Assert.Equal(new TimeOnly(9, 0), created.TimeOfDay);
        Assert.Equal("Europe/Berlin", created.TimeZoneId);
        Assert.Equal(DigestSchedule.Weekdays, created.WorkingDays);
        Assert.True(created.Active);
        Assert.False(created.SkipQuietDays);
    }
}
