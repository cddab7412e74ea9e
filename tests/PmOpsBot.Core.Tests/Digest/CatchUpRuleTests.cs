using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Tests.Digest;

public sealed class CatchUpRuleTests
{
    private static DigestSubscription CreatedAt(DateTimeOffset created) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = "t",
        ChannelId = "msteams",
        ConversationId = "c",
        DeliveryAddress = "{}",
        TimeZoneId = "Europe/Berlin",
        CreatedBy = new UserRef("u", "U"),
        CreatedAt = created,
    };

    [Fact]
    public void Subscribing_after_todays_time_waits_for_the_next_working_day()
    {
        // Friday 27 November 2026, 16:02 in Berlin: today's 09:00 passed before the channel subscribed.
        var now = new DateTimeOffset(2026, 11, 27, 15, 2, 0, TimeSpan.Zero);
        var subscription = CreatedAt(now.AddSeconds(-3));

        Assert.Null(DigestSchedule.DueDate(subscription, now));
        Assert.Equal(new DateOnly(2026, 11, 30), DigestSchedule.LocalDate(subscription, DigestSchedule.NextRun(subscription, now)));
    }

    [Fact]
    public void A_digest_missed_while_the_bot_was_down_is_still_caught_up_the_same_day()
    {
        var subscription = CreatedAt(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 11, 27), DigestSchedule.DueDate(subscription, new DateTimeOffset(2026, 11, 27, 15, 2, 0, TimeSpan.Zero)));
    }
}
