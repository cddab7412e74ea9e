using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using PmOpsBot.Core.Classification;
using static PmOpsBot.Bot.Tests.BotHarness;

namespace PmOpsBot.Bot.Tests;

public sealed class InterviewConversationTests
{
    private readonly BotHarness _bot = new();

    private async Task<IReadOnlyList<IActivity>> ReachFirstQuestionAsync()
    {
        await _bot.SayAsync("new initiative");
        await _bot.SayAsync("Blue sky");
        return await _bot.SayAsync("hello world");
    }

    [Fact]
    public async Task First_contact_gets_a_welcome_with_buttons_once()
    {
        var first = await _bot.SayAsync("hi");
        var second = await _bot.SayAsync("hi");

        Assert.Contains("I'm PmOpsBot", TextOf(Assert.Single(first)), StringComparison.Ordinal);
        Assert.Equal("new", Button(first, "Start an interview")["action"]!.ToString());
        Assert.Contains("I'm PmOpsBot", AllText(second), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Something_unrecognised_after_the_welcome_gets_a_pointer_not_a_second_welcome()
    {
        await _bot.SayAsync("hi");

        var replies = await _bot.SayAsync("blorp");

        Assert.Contains("didn't understand “blorp”", AllText(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_greeting_in_the_middle_of_an_interview_shows_the_current_question()
    {
        await ReachFirstQuestionAsync();

        var replies = await _bot.SayAsync("hello");

        Assert.Contains("Question 1 of 12", AllText(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Installing_welcomes_once_even_when_the_channel_sends_two_install_events()
    {
        var update = _bot.Message("user1");
        update.Type = ActivityTypes.ConversationUpdate;
        update.MembersAdded = [new ChannelAccount("bot", "PmOpsBot")];
        var install = _bot.Message("user1");
        install.Type = ActivityTypes.InstallationUpdate;
        install.Action = "add";

        var replies = (await _bot.SendAsync(update)).Concat(await _bot.SendAsync(install)).ToList();

        Assert.Single(replies);
        Assert.Contains("I'm PmOpsBot", TextOf(replies[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_whole_interview_by_buttons_ends_in_a_saved_decision()
    {
        var replies = await _bot.PressAsync(new JObject { ["action"] = "new" });
        Assert.Contains("What do you call it?", AllText(replies), StringComparison.Ordinal);
        await _bot.SayAsync("Payroll");
        replies = await _bot.SayAsync("Pay all 300 staff on the last working day of every month");
        Assert.Contains("Here's what I read", AllText(replies), StringComparison.Ordinal);

        replies = await _bot.PressAsync(Button(replies, "Yes"));
        for (var guard = 0; guard < 12 && AllText(replies).Contains("Question", StringComparison.Ordinal); guard++)
            replies = await _bot.PressAsync(Button(replies, "b)"));

        var card = AllText(replies);
        Assert.Contains("Run it as operations", card, StringComparison.Ordinal);
        Assert.Contains("KPIs to watch", card, StringComparison.Ordinal);
        var saved = Assert.Single(_bot.Initiatives.All);
        Assert.Equal("Payroll", saved.Name);
        Assert.Equal(Decision.Operations, saved.Decision);
        Assert.Equal("user1", saved.CreatedBy.Id);
        Assert.Equal("tenant-1", saved.TenantId);
    }

    [Fact]
    public async Task The_whole_interview_by_typing_ends_in_a_project()
    {
        await ReachFirstQuestionAsync();
        IReadOnlyList<IActivity> replies = [];
        foreach (var answer in new[] { "it's a one-off", "a", "we go live in March", "1", "a", "on time and on budget", "a", "a", "a", "milestones", "a", "a" })
            replies = await _bot.SayAsync(answer);

        var card = AllText(replies);
        Assert.Contains("Run it as a project", card, StringComparison.Ordinal);
        Assert.Contains("Lifecycle", card, StringComparison.Ordinal);
        Assert.Contains("“we go live in March”", card, StringComparison.Ordinal);
        Assert.Equal(Decision.Project, Assert.Single(_bot.Initiatives.All).Decision);
    }

    [Fact]
    public async Task A_mixed_result_says_to_hand_over_at_launch()
    {
        await ReachFirstQuestionAsync();
        IReadOnlyList<IActivity> replies = [];
        foreach (var answer in new[] { "a", "b", "a", "a", "b", "a", "a", "a", "a", "a", "a", "b" })
            replies = await _bot.SayAsync(answer);

        Assert.Contains("hand it over to operations at launch", AllText(replies), StringComparison.Ordinal);
        Assert.True(Assert.Single(_bot.Initiatives.All).IsMixed);
    }

    [Fact]
    public async Task An_answer_that_is_not_understood_is_asked_again_with_an_example()
    {
        await ReachFirstQuestionAsync();

        var replies = await _bot.SayAsync("purple elephants");

        var text = AllText(replies);
        Assert.Contains("didn't catch that", text, StringComparison.Ordinal);
        Assert.Contains("Question 1 of 12", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_in_the_middle_shows_the_commands_and_the_same_question_again()
    {
        await ReachFirstQuestionAsync();
        await _bot.SayAsync("a");

        var replies = await _bot.SayAsync("help");

        Assert.Equal(2, replies.Count);
        Assert.Contains("What I can do", TextOf(replies[0]), StringComparison.Ordinal);
        Assert.Contains("Question 2 of 12", TextOf(replies[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Back_changes_the_previous_answer()
    {
        await ReachFirstQuestionAsync();
        await _bot.SayAsync("a");
        await _bot.SayAsync("a");

        var replies = await _bot.SayAsync("back");

        Assert.Contains("Question 2 of 12", AllText(replies), StringComparison.Ordinal);
        Assert.Contains("What is it mainly for?", AllText(replies), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Cancel_at_any_step_drops_the_interview_and_saves_nothing(int answersFirst)
    {
        await _bot.SayAsync("new initiative");
        if (answersFirst > 0) await _bot.SayAsync("Blue sky");
        if (answersFirst > 1) await _bot.SayAsync("hello world");
        for (var i = 2; i < answersFirst; i++) await _bot.SayAsync("a");

        var replies = await _bot.SayAsync("cancel");
        var after = await _bot.SayAsync("b");

        Assert.Contains("nothing was saved", AllText(replies), StringComparison.Ordinal);
        Assert.Contains("didn't understand", AllText(after), StringComparison.Ordinal);
        Assert.Empty(_bot.Initiatives.All);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public async Task Restart_begins_again_from_the_name(int answersFirst)
    {
        await ReachFirstQuestionAsync();
        for (var i = 0; i < answersFirst; i++) await _bot.SayAsync("a");

        var replies = await _bot.SayAsync("restart");

        Assert.Contains("Starting over", AllText(replies), StringComparison.Ordinal);
        Assert.Contains("What do you call it?", AllText(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_says_where_the_person_is()
    {
        await ReachFirstQuestionAsync();
        await _bot.SayAsync("b");

        var replies = await _bot.SayAsync("status");

        Assert.Contains("question 2 of 12 (objective) for “Blue sky”", AllText(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_a_new_interview_while_one_is_open_asks_first()
    {
        await ReachFirstQuestionAsync();

        var ask = await _bot.SayAsync("new initiative");
        var keep = await _bot.SayAsync("no");
        await _bot.SayAsync("new initiative");
        var drop = await _bot.SayAsync("yes");

        Assert.Contains("Drop it and start a new one?", AllText(ask), StringComparison.Ordinal);
        Assert.Contains("carrying on with “Blue sky”", AllText(keep), StringComparison.Ordinal);
        Assert.Contains("What do you call it?", AllText(drop), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_button_from_an_earlier_question_is_recognised_as_stale()
    {
        var first = await ReachFirstQuestionAsync();
        var oldButton = Button(first, "a)");
        await _bot.SayAsync("a");

        var replies = await _bot.PressAsync(oldButton);

        Assert.Contains("from an earlier step", AllText(replies), StringComparison.Ordinal);
        Assert.Contains("Question 2 of 12", AllText(replies), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"action\":\"format-disk\"}")]
    [InlineData("{\"action\":42}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"action\":\"answer\",\"choice\":{\"nested\":true}}")]
    public async Task A_forged_or_broken_button_press_gets_a_clear_message(string value)
    {
        var replies = await _bot.PressAsync(JToken.Parse(value) is JObject o ? o : new JObject { ["weird"] = JToken.Parse(value) });

        var text = AllText(replies);
        Assert.True(text.Contains("don't know that button", StringComparison.Ordinal) || text.Contains("missing something", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task A_description_sent_without_a_command_starts_an_interview()
    {
        var replies = await _bot.SayAsync("We need to move the Leeds office to the new building by June");

        Assert.Contains("What do you call it?", AllText(replies), StringComparison.Ordinal);
        replies = await _bot.SayAsync("Leeds move");
        Assert.Contains("Here's what I read", AllText(replies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestFlow_spec_new_initiative_asks_for_a_name_then_a_description()
    {
        await _bot.Flow()
            .Send("new initiative")
            .AssertReply(a => Assert.Contains("What do you call it?", TextOf(a), StringComparison.Ordinal))
            .Send("Warehouse robots")
            .AssertReply(a => Assert.Contains("Describe it in a sentence or two", TextOf(a), StringComparison.Ordinal))
            .Send("cancel")
            .AssertReply(a => Assert.Contains("“Warehouse robots” is cancelled", TextOf(a), StringComparison.Ordinal))
            .StartTestAsync();
    }
}
