namespace PmOpsBot.Slack.Tests.Inbound;

public sealed class SlackConversationTests
{
    [Theory]
    [InlineData("D0ANN", true)]
    [InlineData("C0PROJ", false)]
    [InlineData("G0PRIV", false)]
    public void Direct_messages_are_told_apart_from_channels(string channel, bool direct) =>
        Assert.Equal(direct, new SlackConversation(channel, null).IsDirectMessage);
}
