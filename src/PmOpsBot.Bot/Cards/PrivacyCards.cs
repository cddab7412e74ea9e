using Newtonsoft.Json.Linq;
using PmOpsBot.Core.Conversation;
using static PmOpsBot.Bot.Cards.AdaptiveCard;

namespace PmOpsBot.Bot.Cards;

/// <summary>Cards of the privacy command (“forget me”).</summary>
public static class PrivacyCards
{
    public static JObject ConfirmForget() => Card(
        [
            Heading(Reply.ConfirmForget.Question),
            Text(Reply.ConfirmForget.Explanation),
            Text("This can't be undone.", weight: "Bolder"),
        ],
        Submit("Yes, forget me", Reply.ConfirmForget.ConfirmAction, style: "destructive"),
        Submit("No, keep my data", Reply.ConfirmForget.CancelAction));
}
