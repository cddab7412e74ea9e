namespace PmOpsBot.Bot.Cards;

/// <summary>Picks the renderer for a channel. Every channel gets Adaptive Cards until another renderer is registered for it.</summary>
public sealed class ReplyRenderers(IReadOnlyDictionary<string, IReplyRenderer> byChannel, IReplyRenderer fallback)
{
    public ReplyRenderers() : this(new Dictionary<string, IReplyRenderer>(), new AdaptiveCardReplyRenderer())
    {
    }

    public IReplyRenderer For(string? channelId) =>
        channelId is not null && byChannel.TryGetValue(channelId, out var renderer) ? renderer : fallback;
}
