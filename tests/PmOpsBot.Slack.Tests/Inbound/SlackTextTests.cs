using PmOpsBot.Slack.Inbound;

namespace PmOpsBot.Slack.Tests.Inbound;

public sealed class SlackTextTests
{
    private const string Bot = "UBOTPMOPS";
    private static readonly Dictionary<string, string> Names = new() { ["U0ANN"] = "Ann Lee", ["U0BOB"] = "Bob" };

    private static string Plain(string text) => SlackText.ToPlain(text, Bot, id => Names.GetValueOrDefault(id));

    [Fact]
    public void People_become_at_names_and_the_bot_mention_is_kept_for_stripping() =>
        Assert.Equal("<@UBOTPMOPS> ops owner of CRM rollout is @Ann Lee", Plain("<@UBOTPMOPS> ops owner of CRM rollout is <@U0ANN>"));

    [Fact]
    public void Unknown_people_fall_back_to_their_label_then_their_id()
    {
        Assert.Equal("ask @carol and @U0XYZ", Plain("ask <@U0CAROL|carol> and <@U0XYZ>"));
    }

    [Fact]
    public void Channels_links_and_broadcasts_become_plain_words() =>
        Assert.Equal("see #general, the plan and https://example.com @here", Plain("see <#C0GEN|general>, <https://example.com/p|the plan> and <https://example.com> <!here>"));

    [Fact]
    public void Escaped_characters_are_read_back() =>
        Assert.Equal("R&D <2026> budget", Plain("R&amp;D &lt;2026&gt; budget"));

    [Fact]
    public void Escaped_markup_stays_text_and_is_not_read_as_a_mention() =>
        Assert.Equal("call it <@U0ANN>", SlackText.ToPlain("call it &lt;@U0ANN&gt;", Bot, _ => "Ann Lee"));

    [Fact]
    public void Mentioned_ids_are_listed_once_each() =>
        Assert.Equal(["UBOTPMOPS", "U0ANN"], SlackText.MentionedUserIds("<@UBOTPMOPS> <@U0ANN> and <@U0ANN|ann> again"));
}
