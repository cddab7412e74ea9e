using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using static PmOpsBot.Bot.Tests.BotHarness;

namespace PmOpsBot.Bot.Tests;

/// <summary>Owners answering the private check-in card, pausing prompts, and the status history.</summary>
public sealed class CheckInConversationTests
{
    private readonly BotHarness _bot = new();

    private async Task<(DigestSubscription Subscription, Initiative Initiative)> SeedAsync()
    {
        var crm = _bot.Seed("CRM rollout");
        var subscription = await _bot.Digests.SaveAsync(new DigestSubscription
        {
            Id = Guid.NewGuid(),
            TenantId = "tenant-1",
            ChannelId = "msteams",
            ConversationId = "seed",
            DeliveryAddress = "{}",
            TimeZoneId = "UTC",
            WorkingDays = DigestSchedule.EveryDay,
            TimeOfDay = new TimeOnly(23, 59),
            CreatedBy = new UserRef("user1", "Name of user1"),
            CreatedAt = DateTimeOffset.UtcNow.AddDays(-1),
        }, CancellationToken.None);
        return (subscription, crm);
    }

    private static JObject StatusButton(DigestSubscription subscription, Initiative initiative, string title, string? note = null)
    {
        var card = CheckInCards.Prompt(subscription.Id, DateOnly.FromDateTime(DateTime.UtcNow), [initiative], reminder: false);
        var data = (JObject)card.Descendants().OfType<JObject>().First(o => o["type"]?.ToString() == "Action.Submit" && o["title"]!.ToString() == title)["data"]!.DeepClone();
        if (note is not null) data["checkin.note"] = note;
        return data;
    }

    [Fact]
    public async Task An_owner_taps_a_status_on_the_private_card_and_it_is_kept_with_the_note()
    {
        var (subscription, crm) = await SeedAsync();

        var replies = await _bot.PressAsync(StatusButton(subscription, crm, "Blocked", note: "waiting for the vendor"));

        Assert.Contains("Saved", AllText(replies), StringComparison.Ordinal);
        var latest = await _bot.CheckIns.FindLatestAsync("tenant-1", crm.Id, CancellationToken.None);
        Assert.Equal(CheckInStatus.Blocked, latest!.Status);
        Assert.Equal("waiting for the vendor", latest.Note);
    }

    [Fact]
    public async Task Someone_else_cannot_report_for_an_owner()
    {
        var (subscription, crm) = await SeedAsync();

        var replies = await _bot.PressAsync(StatusButton(subscription, crm, "On track"), user: "mallory");

        Assert.Contains("Only the owner of “CRM rollout”", AllText(replies), StringComparison.Ordinal);
        Assert.Null(await _bot.CheckIns.FindLatestAsync("tenant-1", crm.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Snooze_and_away_pause_prompts_and_back_resumes_them()
    {
        var snooze = await _bot.SayAsync("snooze today");
        var away = await _bot.SayAsync("I'm away until 12 December 2099");
        var unreadable = await _bot.SayAsync("I'm away until whenever");
        var paused = await _bot.CheckIns.FindPauseAsync("tenant-1", "user1", CancellationToken.None);
        var back = await _bot.SayAsync("I'm back");

        Assert.Contains("Snoozed", AllText(snooze), StringComparison.Ordinal);
        Assert.Contains("12 December 2099", AllText(away), StringComparison.Ordinal);
        Assert.Contains("couldn't read “whenever” as a date", AllText(unreadable), StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2099, 12, 12), paused!.Until);
        Assert.Contains("prompts are on again", AllText(back), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Back_alone_still_means_the_interview_command()
    {
        await _bot.SayAsync("new initiative");
        await _bot.SayAsync("Blue sky");

        var replies = await _bot.SayAsync("back");

        Assert.Contains("Going back", AllText(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_history_lists_every_answer_newest_first()
    {
        var (subscription, crm) = await SeedAsync();
        await _bot.PressAsync(StatusButton(subscription, crm, "At risk", note: "budget tight"));
        await _bot.PressAsync(StatusButton(subscription, crm, "On track", note: "budget approved"));

        var replies = await _bot.SayAsync("status history of crm rollout");

        var text = AllText(replies);
        Assert.Contains("Status of CRM rollout", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("budget approved", StringComparison.Ordinal) < text.IndexOf("budget tight", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task The_digest_shows_blocked_first_then_at_risk_then_a_count_on_track()
    {
        var (subscription, crm) = await SeedAsync();
        var website = _bot.Seed("Website relaunch");
        await _bot.PressAsync(StatusButton(subscription, crm, "Blocked", note: "vendor"));
        await _bot.PressAsync(StatusButton(subscription, website, "On track"));
        var builder = new DigestBuilder(_bot.Initiatives, _bot.OpenInterviews, new CheckInSummaryService(_bot.Initiatives, _bot.CheckIns));

        var content = await builder.BuildAsync(subscription, DateTimeOffset.UtcNow, CancellationToken.None);
        var card = DigestCards.Digest(content).ToString();

        Assert.Contains("blocked", card, StringComparison.Ordinal);
        Assert.Contains("vendor", card, StringComparison.Ordinal);
        Assert.Contains("1 on track", card, StringComparison.Ordinal);
        Assert.True(card.IndexOf("CRM rollout", StringComparison.Ordinal) < card.IndexOf("1 on track", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_handover_card_shows_the_last_status()
    {
        var (subscription, crm) = await SeedAsync();
        await _bot.PressAsync(StatusButton(subscription, crm, "At risk", note: "supplier late"));

        var replies = await _bot.SayAsync("handover crm rollout");

        Assert.Contains("Last status", AllText(replies), StringComparison.Ordinal);
        Assert.Contains("supplier late", AllText(replies), StringComparison.Ordinal);
    }
}
