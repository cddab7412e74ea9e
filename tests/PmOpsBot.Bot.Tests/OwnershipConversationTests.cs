using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using static PmOpsBot.Bot.Tests.BotHarness;

namespace PmOpsBot.Bot.Tests;

public sealed class OwnershipConversationTests
{
    private readonly BotHarness _bot = new();

    private static Entity MentionOf(string id, string name) =>
        new("mention") { Properties = JObject.FromObject(new { mentioned = new { id, name }, text = $"<at>{name}</at>" }) };

    [Fact]
    public async Task A_finished_project_interview_leads_to_its_handover_card()
    {
        await _bot.SayAsync("new initiative");
        await _bot.SayAsync("Blue sky");
        await _bot.SayAsync("hello world");
        IReadOnlyList<IActivity> replies = [];
        for (var i = 0; i < 12; i++) replies = await _bot.SayAsync("a");

        replies = await _bot.PressAsync(Button(replies, "Plan the handover"));

        var card = AllText(replies);
        Assert.Contains("Handover · project", card, StringComparison.Ordinal);
        Assert.Contains("Name of user1", card, StringComparison.Ordinal);
        Assert.Contains("not assigned yet", card, StringComparison.Ordinal);
        Assert.Contains("0 of 7 ready", card, StringComparison.Ordinal);
        Assert.Contains("Lack of adoption", card, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("who owns the CRM rollout after launch?", "Nobody is named to run “CRM rollout” after launch yet")]
    [InlineData("Who is the project owner of crm rollout", "The project owner of “CRM rollout” is Name of user1")]
    [InlineData("who owns crm rollout", "project owner Name of user1; operations owner after launch not assigned yet")]
    [InlineData("who runs CRM rolout?", "Nobody is named to run “CRM rollout” after launch yet")]
    public async Task Ownership_questions_name_both_owners_plainly(string question, string expected)
    {
        _bot.Seed("CRM rollout");
        _bot.Seed("Payroll", Decision.Operations);

        var replies = await _bot.SayAsync(question);

        Assert.Contains(expected, AllText(replies), StringComparison.Ordinal);
        Assert.Contains("Assign owners", AllText(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_matches_ask_which_one_and_a_number_answers()
    {
        _bot.Seed("CRM rollout");
        var cleanup = _bot.Seed("CRM cleanup");

        var ask = await _bot.SayAsync("who owns crm?");
        var answer = await _bot.SayAsync(Array.FindIndex(["CRM cleanup", "CRM rollout"], n => n == "CRM cleanup") == 0 ? "1" : "2");

        Assert.Contains("Which one do you mean?", AllText(ask), StringComparison.Ordinal);
        Assert.Contains($"“{cleanup.Name}”: project owner", AllText(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_match_says_so_and_offers_an_interview()
    {
        var replies = await _bot.SayAsync("who owns the moon base?");

        Assert.Contains("I don't know an initiative called “moon base”", AllText(replies), StringComparison.Ordinal);
        Assert.Equal("new", Button(replies, "Start an interview")["action"]!.ToString());
    }

    [Fact]
    public async Task Naming_an_operations_owner_by_mention_asks_them_privately_and_they_can_accept()
    {
        var crm = _bot.Seed("CRM rollout");
        await _bot.KnowPrivateChatOfAsync("jane", "a:jane-private");
        var assign = _bot.Message("user1", text: "ops owner of CRM rollout is <at>Jane Doe</at>");
        assign.Entities = [MentionOf("jane", "Jane Doe")];

        var replies = await _bot.SendAsync(assign);

        Assert.Contains("Jane Doe is now the operations owner of “CRM rollout”. I've asked them to accept.", AllText(replies), StringComparison.Ordinal);
        var request = Assert.Single(replies, r => r.Conversation.Id == "a:jane-private");
        Assert.Contains("Will you run it after launch?", TextOf(request), StringComparison.Ordinal);

        var accepted = await _bot.PressAsync(Button([request], "Accept"), user: "jane");

        Assert.Contains("You're the operations owner of “CRM rollout”", AllText(accepted), StringComparison.Ordinal);
        var stored = await _bot.Initiatives.FindAsync("tenant-1", crm.Id, CancellationToken.None);
        Assert.Equal(OwnerResponse.Accepted, stored!.OperationsOwner!.Response);
        Assert.Equal("jane", stored.OperationsOwner.Person.Id);
    }

    [Fact]
    public async Task Declining_frees_the_role_and_tells_the_person_who_named_them()
    {
        var crm = _bot.Seed("CRM rollout");
        var assign = _bot.Message("user1", text: "ops owner of CRM rollout is <at>Jane Doe</at>");
        assign.Entities = [MentionOf("jane", "Jane Doe")];
        await _bot.SendAsync(assign);

        var replies = await _bot.PressAsync(new JObject { ["action"] = "handover-decline", ["initiative"] = crm.Id.ToString() }, user: "jane");
        var orphans = await _bot.SayAsync("initiatives without an ops owner");

        Assert.Contains("you've declined “CRM rollout”", AllText(replies), StringComparison.Ordinal);
        // user1 talked to the bot in their private chat, so the news reaches them there.
        Assert.Contains("Jane Doe declined to run “CRM rollout”", AllText(replies), StringComparison.Ordinal);
        Assert.Contains("CRM rollout", AllText(orphans), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_named_owner_can_accept()
    {
        var crm = _bot.Seed("CRM rollout");
        var assign = _bot.Message("user1", text: "ops owner of CRM rollout is <at>Jane Doe</at>");
        assign.Entities = [MentionOf("jane", "Jane Doe")];
        await _bot.SendAsync(assign);

        var replies = await _bot.PressAsync(new JObject { ["action"] = "handover-accept", ["initiative"] = crm.Id.ToString() }, user: "mallory");

        Assert.Contains("Only the person named as operations owner", AllText(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_owner_cannot_be_reached_the_assigner_is_told()
    {
        _bot.Seed("CRM rollout");
        var assign = _bot.Message("user1", text: "ops owner of CRM rollout is <at>Jane Doe</at>");
        assign.Entities = [MentionOf("jane", "Jane Doe")];

        var replies = await _bot.SendAsync(assign);

        Assert.Contains("I couldn't message Jane Doe directly", AllText(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typed_name_is_kept_as_a_fallback_and_said_to_be_unreachable()
    {
        var crm = _bot.Seed("CRM rollout");

        var replies = await _bot.SayAsync("set the project owner of CRM rollout to Priya Shah");

        Assert.Contains("Priya Shah is now the project owner", AllText(replies), StringComparison.Ordinal);
        Assert.Equal("Priya Shah", (await _bot.Initiatives.FindAsync("tenant-1", crm.Id, CancellationToken.None))!.ProjectOwner!.Name);
    }

    [Fact]
    public async Task Ticking_an_item_updates_the_clicked_card_in_place()
    {
        var crm = _bot.Seed("CRM rollout");
        var click = _bot.Message("user1", value: new JObject { ["action"] = "handover-tick", ["initiative"] = crm.Id.ToString(), ["choice"] = "RunbookWritten" });
        click.ReplyToId = "card-42";

        var replies = await _bot.SendAsync(click);

        Assert.Empty(replies);
        var update = Assert.Single(_bot.Adapter.Updates);
        Assert.Equal("card-42", update.Id);
        Assert.Contains("1 of 7 ready", TextOf(update), StringComparison.Ordinal);
        Assert.Contains("Undo: Runbook / SOPs", TextOf(update), StringComparison.Ordinal);
        var stored = await _bot.Initiatives.FindAsync("tenant-1", crm.Id, CancellationToken.None);
        Assert.Equal("user1", Assert.Single(stored!.Checklist).By.Id);
    }

    [Fact]
    public async Task The_date_is_set_from_the_card_and_by_typing()
    {
        var crm = _bot.Seed("CRM rollout");

        await _bot.PressAsync(new JObject { ["action"] = "handover-date", ["initiative"] = crm.Id.ToString(), ["date"] = "2027-03-01" });
        var typed = await _bot.SayAsync("CRM rollout goes live on 15 April 2027");
        var wrong = await _bot.SayAsync("set the handover date of CRM rollout to the 31st of Smarch");

        Assert.Contains("is now 15 April 2027", AllText(typed), StringComparison.Ordinal);
        Assert.Contains("couldn't read “the 31st of Smarch” as a date", AllText(wrong), StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2027, 4, 15), (await _bot.Initiatives.FindAsync("tenant-1", crm.Id, CancellationToken.None))!.HandoverDate);
    }

    [Fact]
    public async Task Stages_move_in_order_and_illegal_moves_are_refused_with_a_reason()
    {
        _bot.Seed("CRM rollout", stage: InitiativeStage.InProject);

        var refused = await _bot.SayAsync("move CRM rollout to handing over");
        await _bot.SayAsync("ops owner of CRM rollout is Name of user1");
        var skipped = await _bot.SayAsync("move crm rollout to retired");

        Assert.Contains("Name an operations owner", AllText(refused), StringComparison.Ordinal);
        Assert.Contains("“CRM rollout” is now retired", AllText(skipped), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_answer_due_handovers_my_initiatives_and_missing_owners()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        _bot.Seed("Soon launch", handover: today.AddDays(3));
        _bot.Seed("Far launch", handover: today.AddDays(200));
        _bot.Seed("Someone else's", creator: "bob", handover: today.AddDays(5));
        _bot.Seed("Payroll", Decision.Operations, stage: InitiativeStage.InOperations);

        var due = AllText(await _bot.SayAsync("what handovers are due in the next 10 days?"));
        var mine = AllText(await _bot.SayAsync("list my initiatives"));
        var orphans = AllText(await _bot.SayAsync("initiatives without an ops owner"));

        Assert.Contains("Soon launch", due, StringComparison.Ordinal);
        Assert.Contains("Someone else", due, StringComparison.Ordinal);
        Assert.DoesNotContain("Far launch", due, StringComparison.Ordinal);
        Assert.Contains("Far launch", mine, StringComparison.Ordinal);
        Assert.DoesNotContain("Someone else", mine, StringComparison.Ordinal);
        Assert.Contains("Soon launch", orphans, StringComparison.Ordinal);
        Assert.DoesNotContain("Payroll", orphans, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operations_raise_linked_improvement_projects()
    {
        var payroll = _bot.Seed("Payroll", Decision.Operations, stage: InitiativeStage.InOperations);

        var replies = await _bot.SayAsync("improvement project for payroll: automate payslips");

        Assert.Contains("Raised the improvement project “automate payslips” from “Payroll”", AllText(replies), StringComparison.Ordinal);
        var raised = Assert.Single(_bot.Initiatives.All, i => i.Name == "automate payslips");
        Assert.Equal(payroll.Id, raised.ParentId);
        Assert.Equal(Decision.Project, raised.Decision);
    }

    [Fact]
    public async Task Nothing_from_another_tenant_is_visible_whatever_is_asked()
    {
        var secret = _bot.Seed("Secret merger", tenant: "tenant-2");

        var byName = AllText(await _bot.SayAsync("who owns secret merger?"));
        var byButton = AllText(await _bot.PressAsync(new JObject { ["action"] = "handover-show", ["initiative"] = secret.Id.ToString() }));
        var byTick = AllText(await _bot.PressAsync(new JObject { ["action"] = "handover-tick", ["initiative"] = secret.Id.ToString(), ["choice"] = "RunbookWritten" }));
        var lists = AllText(await _bot.SayAsync("initiatives without an ops owner"));

        Assert.DoesNotContain("Secret merger", byName + byButton + byTick + lists, StringComparison.Ordinal);
        Assert.Contains("I can't find that initiative", byButton, StringComparison.Ordinal);
        Assert.Empty((await _bot.Initiatives.FindAsync("tenant-2", secret.Id, CancellationToken.None))!.Checklist);
    }

    [Fact]
    public async Task An_ownership_question_inside_an_interview_is_answered_and_the_question_shown_again()
    {
        _bot.Seed("CRM rollout");
        await _bot.SayAsync("new initiative");
        await _bot.SayAsync("Blue sky");
        await _bot.SayAsync("hello world");

        var replies = await _bot.SayAsync("who owns crm rollout?");

        Assert.Contains("“CRM rollout”: project owner", AllText(replies), StringComparison.Ordinal);
        Assert.Contains("Question 1 of 12", TextOf(replies[^1]), StringComparison.Ordinal);
    }
}

/// <summary>The same questions through @mentions in a channel.</summary>
public sealed class ChannelOwnershipTests
{
    [Fact]
    public async Task A_mentioned_ownership_question_is_answered_in_a_channel()
    {
        var bot = new BotHarness(channel: true);
        bot.Seed("CRM rollout");
        var activity = bot.Message("alice", text: "<at>PmOpsBot</at> who owns CRM rollout after launch?");
        activity.Entities = [new Entity("mention") { Properties = JObject.FromObject(new { mentioned = new { id = "bot", name = "PmOpsBot" }, text = "<at>PmOpsBot</at>" }) }];

        var replies = await bot.SendAsync(activity);

        Assert.Contains("Nobody is named to run “CRM rollout” after launch yet", AllText(replies), StringComparison.Ordinal);
    }
}

/// <summary>The digest's list of unfinished interviews follows the interview's life.</summary>
public sealed class OpenInterviewLogTests
{
    [Fact]
    public async Task Started_interviews_are_logged_named_and_removed_when_finished_or_cancelled()
    {
        var bot = new BotHarness();
        await bot.SayAsync("new initiative");
        Assert.Null(Assert.Single(bot.OpenInterviews.Open).Name);

        await bot.SayAsync("Blue sky");
        Assert.Equal("Blue sky", Assert.Single(bot.OpenInterviews.Open).Name);

        await bot.SayAsync("cancel");
        Assert.Empty(bot.OpenInterviews.Open);

        await bot.SayAsync("new initiative");
        await bot.SayAsync("Grey sky");
        await bot.SayAsync("hello world");
        for (var i = 0; i < 12; i++) await bot.SayAsync("b");
        Assert.Empty(bot.OpenInterviews.Open);
    }
}
