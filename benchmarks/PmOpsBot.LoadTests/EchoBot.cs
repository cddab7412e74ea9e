using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace PmOpsBot.LoadTests;

/// <summary>The Bot Framework's echo sample: one reply with the text, no state, no storage. The baseline an interview turn is compared with.</summary>
public sealed class EchoBot : ActivityHandler
{
    public const string Prefix = "Echo: ";

    protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync(MessageFactory.Text(Prefix + turnContext.Activity.Text), cancellationToken);
}
