namespace PmOpsBot.Bot.Cards;

/// <summary>A renderer for one channel (Slack: Block Kit); registered in DI, picked by the activity's channel id.</summary>
public sealed record ChannelRenderer(string ChannelId, IReplyRenderer Renderer);

/// <summary>Picks the renderer for a channel. Every channel gets Adaptive Cards unless another renderer is registered for it.</summary>
public sealed class ReplyRenderers(IReadOnlyDictionary<string, IReplyRenderer> byChannel, IReplyRenderer fallback)
{
    public ReplyRenderers() : this(new Dictionary<string, IReplyRenderer>(), new AdaptiveCardReplyRenderer())
    {
    }

    public ReplyRenderers(IEnumerable<ChannelRenderer> channels)
        : this(channels.ToDictionary(c => c.ChannelId, c => c.Renderer, StringComparer.OrdinalIgnoreCase), new AdaptiveCardReplyRenderer())
    {
    }

    public IReplyRenderer For(string? channelId) =>
        channelId is not null && byChannel.TryGetValue(channelId, out var renderer) ? renderer : fallback;
}
