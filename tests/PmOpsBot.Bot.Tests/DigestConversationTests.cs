using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Initiatives;
using static PmOpsBot.Bot.Tests.BotHarness;

namespace PmOpsBot.Bot.Tests;

/// <summary>Subscribing, changing and turning off the digest from a channel.</summary>
public sealed class DigestConversationTests
{
    private readonly BotHarness _bot = new(channel: true);

    private Task<IReadOnlyList<IActivity>> MentionAsync(string text, string user = "alice", string? timezone = null)
    {
        var activity = _bot.Message(user, text: $"<at>PmOpsBot</at> {text}");
        activity.Entities = [new Entity("mention") { Properties = JObject.FromObject(new { mentioned = new { id = "bot", name = "PmOpsBot" }, text = "<at>PmOpsBot</at>" }) }];
        if (timezone is not null) activity.LocalTimezone = timezone;
        return _bot.SendAsync(activity);
    }

    [Fact]
    public async Task Subscribing_with_a_time_and_zone_stores_the_channel_and_says_when()
    {
        var replies = await MentionAsync("digest daily at 9:00 Europe/Berlin");

        var subscription = Assert.Single(_bot.Digests.All);
        Assert.Equal(new TimeOnly(9, 0), subscription.TimeOfDay);
        Assert.Equal(7, subscription.WorkingDays.Count);
        Assert.Equal("19:general@thread.tacv2", subscription.ConversationId);
        Assert.Contains("\"ServiceUrl\":\"https://test.local\"", subscription.DeliveryAddress, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("every day at 09:00 (Europe/Berlin)", AllText(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Defaults_are_nine_weekdays_in_the_requesters_time_zone()
    {
        await MentionAsync("digest on", timezone: "America/New_York");

        var subscription = Assert.Single(_bot.Digests.All);
        Assert.Equal(new TimeOnly(9, 0), subscription.TimeOfDay);
        Assert.Equal("America/New_York", subscription.TimeZoneId);
        Assert.Equal(5, subscription.WorkingDays.Count);
    }

    [Fact]
    public async Task Changing_the_time_keeps_one_subscription_and_off_stops_it()
    {
        await MentionAsync("digest weekdays at 8:30");
        await MentionAsync("digest at 10");
        var settings = await MentionAsync("digest settings");
        await MentionAsync("digest off");

        var subscription = Assert.Single(_bot.Digests.All);
        Assert.Contains("at 10:00", AllText(settings), StringComparison.Ordinal);
        Assert.False(subscription.Active);
    }

    [Theory]
    [InlineData("digest at 25:00")]
    [InlineData("digest daily at 9:00 Mars/Olympus")]
    public async Task Invalid_times_and_zones_get_a_correction_with_examples(string text)
    {
        var replies = await MentionAsync(text);

        Assert.Contains("for example “digest", AllText(replies), StringComparison.Ordinal);
        Assert.Empty(_bot.Digests.All);
    }

    [Fact]
    public async Task Digest_now_posts_the_card_for_this_channel()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var crm = _bot.Seed("CRM rollout", handover: today.AddDays(2)) with { TeamId = null, ConversationId = "19:general@thread.tacv2" };
        await _bot.Initiatives.SaveAsync(crm, CancellationToken.None);

        var replies = await MentionAsync("digest now");

        Assert.Contains("Handovers due in the next 7 days (1)", AllText(replies), StringComparison.Ordinal);
        Assert.Contains("CRM rollout", AllText(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Installing_in_a_team_offers_the_digest_once()
    {
        var update = _bot.Message("alice");
        update.Type = ActivityTypes.ConversationUpdate;
        update.MembersAdded = [new ChannelAccount("bot", "PmOpsBot")];
        update.ChannelData = JObject.FromObject(new { team = new { id = "team-1" }, tenant = new { id = "tenant-1" } });

        var first = await _bot.SendAsync(update);
        var again = await _bot.SendAsync(update);
        var press = _bot.Message("alice", value: Button(first, "Yes, weekdays at 9:00"));
        press.ChannelData = update.ChannelData;
        var accepted = await _bot.SendAsync(press);

        Assert.Equal(2, first.Count);
        Assert.Contains("Want a daily stand-up digest in this channel?", TextOf(first[1]), StringComparison.Ordinal);
        Assert.Empty(again);
        Assert.Contains("on weekdays at 09:00", AllText(accepted), StringComparison.Ordinal);
        Assert.Equal("team-1", Assert.Single(_bot.Digests.All).TeamId);
    }

    [Fact]
    public async Task Installation_and_conversation_update_together_give_one_welcome_and_one_offer()
    {
        var install = _bot.Message("alice");
        install.Type = ActivityTypes.InstallationUpdate;
        install.Action = "add";
        install.ChannelData = JObject.FromObject(new { team = new { id = "team-1" }, tenant = new { id = "tenant-1" } });
        var update = _bot.Message("alice");
        update.Type = ActivityTypes.ConversationUpdate;
        update.MembersAdded = [new ChannelAccount("bot", "PmOpsBot")];
        update.ChannelData = install.ChannelData;

        var replies = (await _bot.SendAsync(install)).Concat(await _bot.SendAsync(update)).ToList();

        Assert.Equal(2, replies.Count);
        Assert.Contains("I'm PmOpsBot", TextOf(replies[0]), StringComparison.Ordinal);
        Assert.Contains("Want a daily stand-up digest", TextOf(replies[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_channel_can_ask_for_missing_check_in_answers_to_be_mentioned()
    {
        await MentionAsync("digest weekdays at 9:00");

        var on = await MentionAsync("digest mention missing answers");
        var onFlag = Assert.Single(_bot.Digests.All).MentionMissingAnswers;
        await MentionAsync("digest don't mention missing answers");

        Assert.Contains("will be @mentioned", AllText(on), StringComparison.Ordinal);
        Assert.True(onFlag);
        Assert.False(Assert.Single(_bot.Digests.All).MentionMissingAnswers);
    }
}
