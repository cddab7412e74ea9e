using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Conversation;

/// <summary>Who is talking, and where: everything the core needs to know about the channel, and no more.</summary>
public sealed record ChatContext(string ChannelId, string TenantId, string? TeamId, string ConversationId, UserRef User, bool IsGroup);
