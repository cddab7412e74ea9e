using PmOpsBot.Core.Conversation;

namespace PmOpsBot.Slack.BlockKit;

/// <summary>Which replies only the person who asked should see (ephemeral when said in a channel): the one place this is decided.</summary>
public static class SlackAudience
{
    /// <summary>Interview and career steps and help are one person's business; results of shared work (decisions, handovers, digests) are the channel's.</summary>
    public static bool IsForOnePerson(Reply reply) => reply is
        Reply.Help or Reply.InterviewPrompt or Reply.ConfirmAbandon or Reply.ConfirmForget or Reply.CareerQuestion or Reply.CareerReuseOffer or Reply.CareerResult;
}
