using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Core.Classification;
using PmOpsBot.Slack.BlockKit;

namespace PmOpsBot.Slack.Tests.BlockKit;

/// <summary>Slack shows the same buttons and inputs as the Adaptive Card Teams gets for the same reply.</summary>
public sealed class TeamsParityTests
{
    public static TheoryData<string> Realistic() => new(SampleReplies.Realistic().Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Realistic))]
    public void Every_button_of_the_Teams_card_is_a_Slack_button_with_the_same_data(string name)
    {
        var reply = SampleReplies.Realistic().Single(s => s.Name == name).Reply;
        var teams = SubmitData(new AdaptiveCardReplyRenderer().RenderCard(reply));
        if (reply is PmOpsBot.Core.Conversation.Reply.Text) teams = [];

        var slack = MessageContent.WithThread(new SlackBlockKitRenderer().RenderMessage(reply)).SelectMany(MessageContent.Buttons).Select(b => (string)b["value"]!).ToList();

        // The digest card shows 8 rows a section; Slack's thread shows them all, so Teams' buttons are a subset there.
        Assert.Subset(slack.ToHashSet(), teams.ToHashSet());
        if (!name.StartsWith("digest-", StringComparison.Ordinal)) Assert.Equal(teams.Order(), slack.Order());
    }

    [Theory]
    [MemberData(nameof(Realistic))]
    public void Every_input_of_the_Teams_card_is_a_Slack_input_with_the_same_id(string name)
    {
        var reply = SampleReplies.Realistic().Single(s => s.Name == name).Reply;
        var teams = InputIds(new AdaptiveCardReplyRenderer().RenderCard(reply));

        var slack = MessageContent.InputIds(new SlackBlockKitRenderer().RenderMessage(reply));

        Assert.Equal(teams.Order(), slack.Order());
    }

    [Fact]
    public void The_check_in_prompt_has_the_same_buttons_and_inputs_as_the_Teams_card()
    {
        var initiatives = Enumerable.Range(0, 20).Select(i => SampleReplies.Initiative($"Initiative {i}") with { Decision = i == 3 ? Decision.Project : Decision.Operations }).ToList();
        var subscription = Guid.NewGuid();
        var teams = CheckInCards.Prompt(subscription, SampleReplies.Today, initiatives, reminder: false);

        var slack = SlackBlockKitRenderer.CheckInPrompt(subscription, SampleReplies.Today, initiatives, reminder: false);

        Assert.Equal(SubmitData(teams).Order(), MessageContent.Buttons(slack).Select(b => (string)b["value"]!).Order());
        Assert.Equal(InputIds(teams).Order(), MessageContent.InputIds(slack).Order());
    }

    [Fact]
    public void The_handover_date_box_starts_at_the_handover_date()
    {
        var owned = SampleReplies.Owned(SampleReplies.Initiative("CRM"));

        var message = new SlackBlockKitRenderer().RenderMessage(new PmOpsBot.Core.Conversation.Reply.HandoverCard(owned, PmOpsBot.Core.Handover.ReadinessChecklist.Of(owned)));

        var date = message.Blocks.OfType<JObject>().Single(b => (string?)b["block_id"] == "date");
        Assert.Equal("datepicker", (string?)date["element"]!["type"]);
        Assert.Equal("date", (string?)date["element"]!["action_id"]);
        Assert.Equal("2027-03-01", (string?)date["element"]!["initial_date"]);
        var owner = message.Blocks.OfType<JObject>().Single(b => (string?)b["block_id"] == "opsOwner");
        Assert.Equal(("plain_text_input", "opsOwner", true), ((string?)owner["element"]!["type"], (string?)owner["element"]!["action_id"], (bool)owner["optional"]!));
    }

    /// <summary>The data of every Action.Submit on the card (buttons, row selectActions, the submits inside ShowCards), as compact JSON.</summary>
    private static List<string> SubmitData(JObject card) =>
        card.Descendants().OfType<JObject>().Where(o => (string?)o["type"] == "Action.Submit").Select(o => o["data"]!.ToString(Formatting.None)).ToList();

    private static List<string> InputIds(JObject card) =>
        card.Descendants().OfType<JObject>().Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true).Select(o => (string)o["id"]!).ToList();
}
