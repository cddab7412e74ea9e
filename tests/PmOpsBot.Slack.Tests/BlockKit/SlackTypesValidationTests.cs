using PmOpsBot.Bot.Tests;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Slack.BlockKit;

namespace PmOpsBot.Slack.Tests.BlockKit;

/// <summary>Every message the bot can send to Slack, type-checked against Slack's published Block Kit types.</summary>
public sealed class SlackTypesValidationTests
{
    [Fact]
    public void Every_message_passes_Slacks_own_block_types()
    {
        var renderer = new SlackBlockKitRenderer();
        var dir = Directory.CreateTempSubdirectory("pmopsbot-blocks-");
        try
        {
            var count = 0;
            void Write(string name, SlackMessage message)
            {
                File.WriteAllText(Path.Combine(dir.FullName, name + ".json"), JsonConvert.SerializeObject(message));
                count++;
            }

            foreach (var (name, reply) in SampleReplies.All())
            {
                var message = renderer.RenderMessage(reply);
                Write(name, message);
                for (var i = 0; i < message.Thread.Count; i++) Write($"{name}-thread-{i}", message.Thread[i]);
            }

            var initiatives = Enumerable.Range(0, 3).Select(i => SampleReplies.Initiative($"Initiative {i}") with { Decision = (Decision)(i % 2) }).ToList();
            Write("checkin-prompt-static", SlackBlockKitRenderer.CheckInPrompt(Guid.NewGuid(), SampleReplies.Today, initiatives, reminder: false));

            var (exit, output) = NodeValidator.Run("validate-blocks.js", dir.FullName, seconds: 120);

            Assert.True(exit == 0, output);
            Assert.Contains($"blocks: {count} checked, 0 with errors", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_validator_really_rejects_a_broken_message()
    {
        // Guards the test above: a validator that passes everything would make it meaningless.
        var dir = Directory.CreateTempSubdirectory("pmopsbot-blocks-");
        try
        {
            var message = JObject.FromObject(new SlackBlockKitRenderer().RenderMessage(new Reply.Help(false)));
            message["blocks"]![0]!["text"]!["type"] = "mrkdwn";
            ((JArray)message["blocks"]!).Add(new JObject { ["type"] = "section", ["txt"] = "typo" });
            File.WriteAllText(Path.Combine(dir.FullName, "broken.json"), message.ToString());

            var (exit, output) = NodeValidator.Run("validate-blocks.js", dir.FullName, seconds: 120);

            Assert.Equal(1, exit);
            Assert.Contains("broken.json", output, StringComparison.Ordinal);
            Assert.Contains("blocks: 1 checked, 1 with errors", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
