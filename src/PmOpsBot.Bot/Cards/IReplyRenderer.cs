using Microsoft.Bot.Schema;
using PmOpsBot.Core.Conversation;

namespace PmOpsBot.Bot.Cards;

/// <summary>Turns the core's replies into activities for one family of channels. It decides nothing.</summary>
public interface IReplyRenderer
{
    IActivity Render(Reply reply);
}
