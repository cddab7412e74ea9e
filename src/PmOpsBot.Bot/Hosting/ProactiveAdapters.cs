using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace PmOpsBot.Bot.Hosting;

/// <summary>A channel the bot reaches through an adapter of its own rather than the Bot Framework connector (Slack).</summary>
public interface IChannelAdapter
{
    BotAdapter Adapter { get; }

    /// <summary>True for conversation references this adapter made (and so must deliver).</summary>
    bool Serves(ConversationReference reference);

    /// <summary>Opens a private chat with a person of the same workspace as <paramref name="near"/>; null when that is not possible.</summary>
    Task<ConversationReference?> OpenPrivateChatAsync(ConversationReference near, string userId, CancellationToken cancellationToken);
}

/// <summary>Picks the adapter that can deliver to a stored conversation reference: a channel's own, else the connector's.</summary>
public sealed class ProactiveAdapters(BotAdapter connector, IEnumerable<IChannelAdapter> channels)
{
    public BotAdapter For(ConversationReference reference) => ChannelFor(reference)?.Adapter ?? connector;

    public IChannelAdapter? ChannelFor(ConversationReference reference) => channels.FirstOrDefault(c => c.Serves(reference));
}
