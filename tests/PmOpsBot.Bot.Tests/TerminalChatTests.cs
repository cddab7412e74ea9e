using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PmOpsBot.Bot.State;
using PmOpsBot.Bot.Terminal;

namespace PmOpsBot.Bot.Tests;

public sealed class TerminalChatTests
{
    [Fact]
    public async Task Cards_print_as_text_and_numbers_press_buttons()
    {
        var harness = new BotHarness();
        var output = new StringWriter();
        var adapter = new TerminalAdapter(output, "me", "Me", harness.Provider.GetRequiredService<ChatStateStore>(), NullLogger.Instance);

        await adapter.StartAsync(harness.Bot, CancellationToken.None);
        Assert.Contains("[1] Start an interview", output.ToString(), StringComparison.Ordinal);

        await adapter.SendAsync(harness.Bot, "1", CancellationToken.None);
        Assert.Contains("(you chose: Start an interview)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("What do you call it?", output.ToString(), StringComparison.Ordinal);

        await adapter.SendAsync(harness.Bot, "Blue sky", CancellationToken.None);
        await adapter.SendAsync(harness.Bot, "hello world", CancellationToken.None);
        Assert.Contains("[1] a) A one-time piece of work", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Question 1 of 12", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Escaped_user_text_reads_plainly_in_the_terminal()
    {
        var card = new Cards.AdaptiveCardReplyRenderer().RenderCard(new Core.Conversation.Reply.Welcome("Ada_Lovelace [x]"));

        var (text, buttons) = CardTextRenderer.Render(card);

        Assert.Contains("HI ADA_LOVELACE [X], I'M PMOPSBOT", text, StringComparison.Ordinal);
        Assert.Equal(3, buttons.Count);
    }
}
