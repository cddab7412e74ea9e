using PmOpsBot.Core.Conversation;
using static PmOpsBot.Slack.BlockKit.Blocks;

namespace PmOpsBot.Slack.BlockKit;

/// <summary>The privacy command's messages, with the same text and buttons as <c>PrivacyCards</c>.</summary>
public static class PrivacyBlocks
{
    public static SlackMessage ConfirmForget() => BlockKitMessage.Compose(
        Mrkdwn.Escape(Reply.ConfirmForget.Question),
        [
            Header(Reply.ConfirmForget.Question),
            Section(Mrkdwn.Escape(Reply.ConfirmForget.Explanation)),
            Section(Mrkdwn.Bold("This can't be undone.")),
            .. Actions(
            [
                Button("Yes, forget me", new ButtonValue(Reply.ConfirmForget.ConfirmAction), ButtonStyle.Danger),
                Button("No, keep my data", new ButtonValue(Reply.ConfirmForget.CancelAction)),
            ]),
        ]);
}
