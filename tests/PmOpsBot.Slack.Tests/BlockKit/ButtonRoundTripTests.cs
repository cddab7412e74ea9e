using PmOpsBot.Bot.Cards;
using PmOpsBot.Core.CareerFit;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Interview;
using PmOpsBot.Slack.BlockKit;

namespace PmOpsBot.Slack.Tests.BlockKit;

/// <summary>A Slack button press reads back, through the same reader as a Teams submit, as the press it stands for.</summary>
public sealed class ButtonRoundTripTests
{
    private readonly SlackBlockKitRenderer _renderer = new();

    [Fact]
    public void A_checklist_tick_gives_back_its_action_item_and_initiative()
    {
        var project = SampleReplies.Initiative("CRM rollout");
        var message = _renderer.RenderMessage(new Reply.HandoverCard(project, ReadinessChecklist.Of(project)));

        var tick = MessageContent.Buttons(message).Single(b => (string)b["text"]!["text"]! == "✓ Runbook / SOPs");
        var input = Read((string)tick["value"]!);

        Assert.Equal("handover-tick", input.Action);
        Assert.Equal(nameof(ReadinessItem.RunbookWritten), input.Choice);
        Assert.Null(input.Step);
        Assert.Equal(project.Id, input.InitiativeId);
    }

    [Fact]
    public void An_interview_answer_gives_back_its_choice_and_step()
    {
        var question = InterviewScript.Questions[2];
        var message = _renderer.RenderMessage(new Reply.InterviewPrompt(new InterviewProgress.AskQuestion(question, 3, 12, null, null), "q:Timeframe", CanGoBack: true));

        var answers = MessageContent.Buttons(message).Select(b => Read((string)b["value"]!)).Where(i => i.Action == "answer").ToList();
        var back = MessageContent.Buttons(message).Select(b => Read((string)b["value"]!)).Single(i => i.Action == "back");

        Assert.Equal(question.Options.Select(o => o.Key), answers.Select(a => a.Choice));
        Assert.All(answers, a => Assert.Equal("q:Timeframe", a.Step));
        Assert.Equal("q:Timeframe", back.Step);
    }

    [Fact]
    public void A_career_answer_carries_the_question_step_key()
    {
        var question = CareerQuestions.Questions[0];
        var message = _renderer.RenderMessage(new Reply.CareerQuestion(new CareerFitProgress.AskQuestion(question, 1, 10, null), false));

        var answer = Read((string)MessageContent.Buttons(message).First()["value"]!);

        Assert.Equal(("career-answer", question.Options[0].Key, question.StepKey()), (answer.Action, answer.Choice, answer.Step));
    }

    [Fact]
    public void A_check_in_status_carries_the_hidden_subscription_and_date_and_the_typed_note_joins_it()
    {
        var subscription = Guid.NewGuid();
        var initiative = SampleReplies.Initiative("Payroll");
        var message = SlackBlockKitRenderer.CheckInPrompt(subscription, SampleReplies.Today, [initiative], reminder: false);
        var blocked = MessageContent.Buttons(message).Single(b => (string)b["text"]!["text"]! == "Blocked");

        // What the interaction reader does: the button's value plus state.values by action_id.
        var submission = MessageContent.Value(blocked);
        submission[CheckInActionReader.NoteField] = "waiting for legal";
        Assert.True(CardSubmission.TryRead(submission, out var input, out var problem), problem);

        Assert.Equal(("checkin-status", "blocked", initiative.Id), (input.Action, input.Choice, input.InitiativeId));
        Assert.Equal(subscription.ToString("D"), input.Field(CheckInActionReader.SubscriptionField));
        Assert.Equal("2026-11-27", input.Field(CheckInActionReader.DateField));
        Assert.Equal("waiting for legal", input.Field(CheckInActionReader.NoteField));
        Assert.Equal("danger", (string?)blocked["style"]);
        Assert.Contains(CheckInActionReader.NoteField, MessageContent.InputIds(message));
        Assert.NotNull(CheckInActionReader.Read(input, SampleReplies.Today));
    }

    [Fact]
    public void Button_values_are_compact_json_with_the_same_fields_as_the_adaptive_card_submit()
    {
        var id = Guid.NewGuid();
        var value = new ButtonValue("handover-stage", "InOperations", "s1", id).With("checkin.date", "2026-11-27").ToJson();

        Assert.Equal($"{{\"action\":\"handover-stage\",\"choice\":\"InOperations\",\"step\":\"s1\",\"initiative\":\"{id:D}\",\"checkin.date\":\"2026-11-27\"}}", value);
    }

    [Fact]
    public void Action_ids_are_numbered_uniquely_in_each_message()
    {
        var project = SampleReplies.Initiative("CRM rollout");
        var message = _renderer.RenderMessage(new Reply.HandoverCard(project, ReadinessChecklist.Of(project)));

        var ids = MessageContent.Buttons(message).Select(b => (string)b["action_id"]!).ToList();

        Assert.Equal(Enumerable.Range(1, ids.Count).Select(n => $"pmops-{n}"), ids);
    }

    private static UserInput Read(string value)
    {
        Assert.True(CardSubmission.TryRead(Newtonsoft.Json.Linq.JObject.Parse(value), out var input, out var problem), problem);
        return input;
    }
}
