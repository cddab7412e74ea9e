using Microsoft.Bot.Schema;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Slack.BlockKit;

namespace PmOpsBot.Slack.Tests.BlockKit;

public sealed class RenderedActivityTests
{
    [Fact]
    public void The_activity_is_a_message_with_the_fallback_as_text_and_the_Slack_message_as_channel_data()
    {
        var activity = (Activity)new SlackBlockKitRenderer().Render(new Reply.NoSuchInitiative("Moon base"));

        Assert.Equal(ActivityTypes.Message, activity.Type);
        var message = Assert.IsType<SlackMessage>(activity.ChannelData);
        Assert.Equal(message.Text, activity.Text);
        Assert.Contains("Moon base", activity.Text, StringComparison.Ordinal);
        Assert.Empty(activity.Attachments ?? []);
    }

    [Fact]
    public void The_channel_data_serialises_to_what_Slack_expects_text_and_blocks_only()
    {
        var activity = new SlackBlockKitRenderer().Render(new Reply.Help(false));

        var json = Newtonsoft.Json.Linq.JObject.FromObject(((Activity)activity).ChannelData);

        Assert.Equal(["text", "blocks"], json.Properties().Select(p => p.Name));
        Assert.Equal("header", (string?)json["blocks"]![0]!["type"]);
    }

    [Fact]
    public void Plain_text_replies_keep_every_line()
    {
        var message = new SlackBlockKitRenderer().RenderMessage(new Reply.Text("one\ntwo & three"));

        Assert.Equal("one\ntwo &amp; three", (string?)message.Blocks[0]!["text"]!["text"]);
        Assert.Equal("one\ntwo &amp; three", message.Text);
    }
}
