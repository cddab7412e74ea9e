using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using PmOpsBot.Bot.State;
using Newtonsoft.Json.Linq;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Slack.Tests.WebApi;
using static PmOpsBot.Tests.Slack.SlackWorkspace;

namespace PmOpsBot.Tests.Slack;

/// <summary>The same bot, natively in Slack: events, buttons and slash commands in, the Web API out.</summary>
public sealed class SlackConversationTests : IAsyncLifetime
{
    private SlackWorkspace _slack = null!;

    public async Task InitializeAsync() => _slack = await SlackWorkspace.StartAsync();

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    [Fact]
    public async Task A_whole_interview_in_a_direct_message_ends_with_a_decision_and_buttons_work()
    {
        await _slack.SayPrivatelyAsync("U0ANN", "new initiative");
        await _slack.SayPrivatelyAsync("U0ANN", "Office move");
        await _slack.SayPrivatelyAsync("U0ANN", "Relocate the Leeds office to the new building by June");
        var replies = await _slack.SayPrivatelyAsync("U0ANN", "yes");

        // The remaining questions are answered by pressing their first option's button.
        for (var i = 0; i < 12 && TextOf(replies).Contains("Question", StringComparison.Ordinal); i++)
        {
            var prompt = replies.Last(r => Buttons(r).Any());
            var first = Buttons(prompt).First(b => b["text"]?["text"]?.ToString().StartsWith("a)", StringComparison.Ordinal) == true);
            replies = await _slack.ClickAsync("U0ANN", prompt, first["text"]!["text"]!.ToString());
        }

        var decision = Assert.Single(replies);
        Assert.Equal("chat.postMessage", decision.Method);
        Assert.Equal("DU0ANN", decision.Channel);
        Assert.Contains("Office move", TextOf(replies), StringComparison.Ordinal);
        Assert.Contains("project", TextOf(replies), StringComparison.OrdinalIgnoreCase);
        Assert.All(_slack.Api.Calls.Where(c => c.Method != FakeSlackWebApi.ResponseUrlMethod), c => Assert.Equal($"Bearer {BotToken}", c.Authorization));
    }

    [Fact]
    public async Task An_ownership_question_by_mention_is_answered_in_the_thread_of_the_mention()
    {
        await DecideOfficeMoveAsync("U0ANN");
        var mentionTs = _slack.NextTs();
        var replies = await _slack.RepliesToAsync(() => _slack.PostEventAsync(Mention("U0BOB", "C0PROJ", "who owns the office move after launch?", mentionTs)));

        Assert.All(replies, answer =>
        {
            Assert.Equal("C0PROJ", answer.Channel);
            Assert.Equal(mentionTs, answer.ThreadTs);
        });
        Assert.Contains("Office move", TextOf(replies), StringComparison.Ordinal);
        Assert.Contains("Nobody", TextOf(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interview_started_by_mention_in_a_channel_asks_its_questions_only_to_that_person()
    {
        var mentionTs = _slack.NextTs();
        var replies = await _slack.RepliesToAsync(() => _slack.PostEventAsync(Mention("U0ANN", "C0PROJ", "new initiative", mentionTs)));

        var prompt = Assert.Single(replies);
        Assert.Equal("chat.postEphemeral", prompt.Method);
        Assert.Equal("U0ANN", prompt.Body["user"]?.ToString());
        Assert.Equal("C0PROJ", prompt.Channel);
        Assert.Equal(mentionTs, prompt.ThreadTs);
    }

    [Fact]
    public async Task Another_workspace_cannot_see_this_workspaces_initiatives()
    {
        await DecideOfficeMoveAsync("U0ANN");
        var replies = await _slack.MentionAsync("U0EVE", "C0OTHER", "who owns the office move after launch?", team: "T0OTHER");
        Assert.Contains("I don't know an initiative called", TextOf(replies), StringComparison.Ordinal);
        Assert.DoesNotContain("Nobody is named", TextOf(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Naming_an_owner_by_mention_asks_them_privately_and_a_tick_updates_the_card_in_place()
    {
        await DecideOfficeMoveAsync("U0ANN");
        var named = await _slack.SayPrivatelyAsync("U0ANN", "ops owner of office move is <@U0BOB>");
        Assert.Contains(named, c => c.Channel == "DU0BOB" && TextOf([c]).Contains("Office move", StringComparison.Ordinal));
        Assert.Contains(_slack.Api.CallsTo("conversations.open"), c => c.Body["users"]?.ToString() == "U0BOB");

        // The last card with ticks: on a busy machine the card of the previous answer can arrive inside this window too.
        var card = (await _slack.SayPrivatelyAsync("U0ANN", "handover office move")).Last(c => Buttons(c).Any(b => b["value"]!.ToString().Contains("handover-tick", StringComparison.Ordinal)));
        var tick = Buttons(card).First(b => b["value"]!.ToString().Contains("handover-tick", StringComparison.Ordinal));
        var updated = await _slack.ClickAsync("U0ANN", card, tick["text"]!["text"]!.ToString());

        var update = Assert.Single(updated);
        Assert.Equal("chat.update", update.Method);
        Assert.Equal(card.Answer!["ts"]!.ToString(), update.Body["ts"]?.ToString());
    }

    [Fact]
    public async Task A_slash_command_answers_through_its_response_url_for_that_person_only()
    {
        var replies = await _slack.CommandAsync("U0ANN", "C0PROJ", "help");
        var answer = Assert.Single(replies);
        Assert.Equal(FakeSlackWebApi.ResponseUrlMethod, answer.Method);
        Assert.Equal("ephemeral", answer.Body["response_type"]?.ToString());
        Assert.Contains("new initiative", TextOf(replies), StringComparison.Ordinal);
        Assert.Null(answer.Authorization);
    }

    [Fact]
    public async Task An_interview_started_by_slash_command_stays_private_through_its_buttons()
    {
        var prompt = Assert.Single(await _slack.CommandAsync("U0ANN", "C0PROJ", "new initiative"));
        Assert.Equal(FakeSlackWebApi.ResponseUrlMethod, prompt.Method);
        var cancel = await _slack.ClickAsync("U0ANN", EphemeralIn("C0PROJ", prompt), "Cancel");

        var answer = Assert.Single(cancel);
        Assert.Equal(FakeSlackWebApi.ResponseUrlMethod, answer.Method);
        Assert.Equal("ephemeral", answer.Body["response_type"]?.ToString());
        Assert.DoesNotContain(_slack.Api.Calls, c => c.Method == "chat.postMessage" && c.Channel == "C0PROJ");
    }

    [Fact]
    public async Task An_empty_slash_command_shows_help()
    {
        var replies = await _slack.CommandAsync("U0ANN", "C0PROJ", "");
        Assert.Contains("What I can do", TextOf(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_channels_digest_is_posted_as_one_message_with_the_details_in_its_thread()
    {
        await DecideOfficeMoveAsync("U0ANN");
        await _slack.MentionAsync("U0ANN", "C0PROJ", "digest weekdays at 9:00");
        var subscription = await _slack.Host.Services.GetRequiredService<IDigestSubscriptionStore>().FindAsync(FakeSlackWebApi.TeamId, "slack", "C0PROJ", CancellationToken.None);
        Assert.NotNull(subscription);

        // What the scheduler does when the digest is due: post proactively into the channel, not the thread it was asked in.
        var before = _slack.Api.Calls.Count;
        var posted = await _slack.Host.Services.GetRequiredService<DigestRunner>().PostNowAsync(subscription, CancellationToken.None);
        Assert.IsType<DigestSendResult.Sent>(posted.Result);

        var sent = _slack.Api.Calls.Skip(before).Where(c => c.Method == "chat.postMessage").ToList();
        var summary = sent[0];
        Assert.Equal("C0PROJ", summary.Channel);
        Assert.Null(summary.ThreadTs);
        var details = sent.Skip(1).ToList();
        Assert.NotEmpty(details);
        Assert.All(details, d => Assert.Equal(summary.Answer!["ts"]!.ToString(), d.ThreadTs));
        Assert.DoesNotContain("Office move", TextOf([summary]), StringComparison.Ordinal);
        Assert.Contains("Office move", TextOf(details), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_without_a_private_chat_gets_the_check_in_as_a_new_direct_message_and_answers_with_a_button()
    {
        await DecideOfficeMoveAsync("U0ANN");
        await _slack.MentionAsync("U0ANN", "C0PROJ", "digest weekdays at 9:00");
        var services = _slack.Host.Services;
        var subscription = (await services.GetRequiredService<IDigestSubscriptionStore>().FindAsync(FakeSlackWebApi.TeamId, "slack", "C0PROJ", CancellationToken.None))!;
        var initiative = Assert.Single(await services.GetRequiredService<IInitiativeStore>().ListByCreatorAsync(FakeSlackWebApi.TeamId, "U0ANN", 10, CancellationToken.None));
        var digestDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        // As if Ann had only ever used the bot in channels: there is no private chat to find, so one is opened.
        await services.GetRequiredService<IStorage>().DeleteAsync([PrivateChats.KeyFor(FakeSlackWebApi.TeamId, "U0ANN")], CancellationToken.None);

        var before = _slack.Api.Calls.Count;
        var sent = await services.GetRequiredService<ICheckInSender>().SendPromptAsync(subscription, new UserRef("U0ANN", "Ann Lee"), [initiative], digestDate, reminder: false, CancellationToken.None);

        Assert.IsType<CheckInSendResult.Sent>(sent);
        Assert.Contains(_slack.Api.Calls.Skip(before), c => c.Method == "conversations.open" && c.Body["users"]?.ToString() == "U0ANN");
        var prompt = _slack.Api.Calls.Skip(before).Single(c => c.Method == "chat.postMessage");
        Assert.Equal("DU0ANN", prompt.Channel);
        var blocked = Buttons(prompt).First(b => b["value"]!.ToString().Contains("checkin-status", StringComparison.Ordinal) && b["value"]!.ToString().Contains("blocked", StringComparison.Ordinal));

        var note = new JObject { ["checkin.note"] = new JObject { ["checkin.note"] = new JObject { ["type"] = "plain_text_input", ["value"] = "waiting for the landlord" } } };
        var confirmation = await _slack.ClickAsync("U0ANN", prompt, blocked["text"]!["text"]!.ToString(), note);

        var answer = await services.GetRequiredService<ICheckInStore>().FindLatestAsync(FakeSlackWebApi.TeamId, initiative.Id, CancellationToken.None);
        Assert.NotNull(answer);
        Assert.Equal(CheckInStatus.Blocked, answer.Status);
        Assert.Equal("U0ANN", answer.Author.Id);
        Assert.Equal("waiting for the landlord", answer.Note);
        Assert.All(confirmation, c => Assert.Equal("DU0ANN", c.Channel));
    }

    [Fact]
    public async Task A_digest_set_up_in_slack_runs_in_the_time_zone_of_the_person_who_set_it_up()
    {
        _slack.Api.TimeZones["U0BOB"] = "Asia/Tokyo";
        await _slack.MentionAsync("U0BOB", "C0TOKYO", "digest weekdays at 9:00");
        var subscription = await _slack.Host.Services.GetRequiredService<IDigestSubscriptionStore>().FindAsync(FakeSlackWebApi.TeamId, "slack", "C0TOKYO", CancellationToken.None);
        Assert.Equal("Asia/Tokyo", subscription?.TimeZoneId);
    }

    [Fact]
    public async Task Adding_the_bot_to_a_channel_welcomes_and_offers_the_digest_once()
    {
        var joined = new JObject { ["type"] = "member_joined_channel", ["user"] = FakeSlackWebApi.BotUserId, ["channel"] = "C0NEW", ["channel_type"] = "C", ["team"] = FakeSlackWebApi.TeamId, ["inviter"] = "U0ANN" };
        var replies = await _slack.RepliesToAsync(() => _slack.PostEventAsync(joined), atLeast: 2);

        Assert.All(replies, r => Assert.Equal("C0NEW", r.Channel));
        Assert.Contains("stand-up digest", TextOf(replies), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Opening_the_app_welcomes_a_person_once()
    {
        JObject Opened() => new() { ["type"] = "app_home_opened", ["user"] = "U0ANN", ["channel"] = "DU0ANN", ["tab"] = "messages" };
        var first = await _slack.RepliesToAsync(() => _slack.PostEventAsync(Opened()));
        Assert.Contains("PmOpsBot", TextOf(first), StringComparison.Ordinal);

        using var again = await _slack.PostEventAsync(Opened());
        await Task.Delay(1000);
        Assert.Single(_slack.Api.CallsTo("chat.postMessage"));
    }

    /// <summary>A response-URL message as the person sees it: an ephemeral message in the channel.</summary>
    private static SlackCall EphemeralIn(string channel, SlackCall response)
    {
        var body = (JObject)response.Body.DeepClone();
        body["channel"] = channel;
        return response with { Method = "chat.postEphemeral", Body = body };
    }

    private async Task DecideOfficeMoveAsync(string user)
    {
        await _slack.SayPrivatelyAsync(user, "new initiative");
        await _slack.SayPrivatelyAsync(user, "Office move");
        await _slack.SayPrivatelyAsync(user, "Relocate the Leeds office to the new building by June");
        var replies = await _slack.SayPrivatelyAsync(user, "yes");
        for (var i = 0; i < 12 && TextOf(replies).Contains("Question", StringComparison.Ordinal); i++) replies = await _slack.SayPrivatelyAsync(user, "a");
        Assert.Contains("project", TextOf(replies), StringComparison.OrdinalIgnoreCase);
    }
}
