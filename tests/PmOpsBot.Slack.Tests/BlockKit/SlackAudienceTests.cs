using PmOpsBot.Core.Conversation;
using PmOpsBot.Slack.BlockKit;

namespace PmOpsBot.Slack.Tests.BlockKit;

public sealed class SlackAudienceTests
{
    private static readonly HashSet<string> Private = ["help", "help-in-interview", "ask-name", "ask-description", "confirm-inferred", "question", "question-first", "interview-finished", "confirm-abandon", "confirm-forget", "career-question", "career-question-note", "career-result", "career-result-even", "career-reuse"];

    public static TheoryData<string> Realistic() => new(SampleReplies.Realistic().Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Realistic))]
    public void Help_interview_and_career_steps_are_for_the_person_who_asked_and_the_rest_for_everyone(string name)
    {
        var reply = SampleReplies.Realistic().Single(s => s.Name == name).Reply;

        Assert.Equal(Private.Contains(name), SlackAudience.IsForOnePerson(reply));
        Assert.Equal(Private.Contains(name), new SlackBlockKitRenderer().RenderMessage(reply).ForOnePerson);
    }

    [Fact]
    public void A_direct_message_is_rendered_as_what_it_carries_and_is_not_ephemeral()
    {
        var request = new Reply.OwnerRequest(SampleReplies.Owned(SampleReplies.Initiative("CRM")), SampleReplies.Pat);

        var message = new SlackBlockKitRenderer().RenderMessage(new Reply.DirectMessage(SampleReplies.Olu, request, "Couldn't reach Olu."));

        Assert.False(message.ForOnePerson);
        Assert.Contains("Will you run it after launch?", message.Text, StringComparison.Ordinal);
    }
}
