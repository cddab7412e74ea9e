using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Conversation;

/// <summary>Who is talking, and where: everything the core needs to know about the channel, and no more.</summary>
/// <param name="ChannelAccountId">The person's id on the channel when it differs from <see cref="UserRef.Id"/> (Teams: 29:… vs the directory id).</param>
public sealed record ChatContext(string ChannelId, string TenantId, string? TeamId, string ConversationId, UserRef User, bool IsGroup, string? ChannelAccountId = null)
{
    /// <summary>Where this conversation can be posted to later, opaque to the core (a serialised conversation reference).</summary>
    public string? Address { get; init; }

    /// <summary>The person's time zone as their client reported it, when it did.</summary>
    public string? TimeZone { get; init; }

    /// <summary>True when <paramref name="person"/> is the one talking, whichever of their ids was stored.</summary>
    public bool Is(UserRef? person) =>
        person is not null && (person.Id == User.Id || (ChannelAccountId is not null && person.Id == ChannelAccountId));
}
