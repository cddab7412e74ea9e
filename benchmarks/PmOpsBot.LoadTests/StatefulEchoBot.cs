using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace PmOpsBot.LoadTests;

/// <summary>
/// The echo with the Bot Framework's state sample added: each turn loads the conversation's state from the bot's own
/// <see cref="IStorage"/> (the same SQLite table and store as PmOpsBot's), counts the turn and saves it before replying.
/// The baseline for what a turn costs that has to remember something; the gap from it to an interview turn is the bot's own work.
/// </summary>
public sealed class StatefulEchoBot(IStorage storage) : ActivityHandler
{
    private readonly ConversationState _state = new(storage);

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        await base.OnTurnAsync(turnContext, cancellationToken);
        await _state.SaveChangesAsync(turnContext, force: false, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var turns = _state.CreateProperty<int>("turns");
        var count = await turns.GetAsync(turnContext, () => 0, cancellationToken) + 1;
        await turns.SetAsync(turnContext, count, cancellationToken);
        await turnContext.SendActivityAsync(MessageFactory.Text($"{EchoBot.Prefix}{turnContext.Activity.Text} ({count})"), cancellationToken);
    }
}
