using Newtonsoft.Json.Linq;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Slack.Inbound;

namespace PmOpsBot.Slack.Tests.Inbound;

public sealed class ButtonSubmissionTests
{
    private static readonly Guid Initiative = Guid.Parse("6f0c1c7e-3f7b-4c1e-9d8e-2a1b3c4d5e6f");

    private static JObject Button(string value) => new() { ["type"] = "button", ["action_id"] = "pmops-3", ["value"] = value };

    [Fact]
    public void The_buttons_value_and_the_messages_inputs_make_one_submission_the_bot_accepts()
    {
        var state = JObject.Parse("""
            {
              "date": { "date": { "type": "datepicker", "selected_date": "2026-12-15" } },
              "opsOwner": { "opsOwner": { "type": "plain_text_input", "value": "Ann Lee" } },
              "projectOwner": { "projectOwner": { "type": "plain_text_input", "value": null } }
            }
            """);
        var submission = ButtonSubmission.Read(Button($$"""{"action":"handover-owners","initiative":"{{Initiative}}"}"""), state);

        Assert.True(CardSubmission.TryRead(submission, out var input, out var problem), problem);
        Assert.Equal("handover-owners", input.Action);
        Assert.Equal(Initiative, input.InitiativeId);
        Assert.Equal("2026-12-15", input.Field("date"));
        Assert.Equal("Ann Lee", input.Field("opsOwner"));
        Assert.Null(input.Field("projectOwner"));
    }

    [Fact]
    public void An_input_cannot_override_what_the_button_says()
    {
        var state = JObject.Parse("""{ "b": { "action": { "type": "plain_text_input", "value": "handover-accept" } } }""");
        var submission = (JObject)ButtonSubmission.Read(Button("""{"action":"help"}"""), state);
        Assert.Equal("help", submission["action"]?.ToString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public void A_value_that_is_not_a_json_object_is_refused_with_a_clear_message(string value)
    {
        var submission = ButtonSubmission.Read(Button(value), null);
        Assert.False(CardSubmission.TryRead(submission, out _, out var problem));
        Assert.Contains("button", problem, StringComparison.OrdinalIgnoreCase);
    }
}
