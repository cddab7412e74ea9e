using Microsoft.Bot.Builder;
using PmOpsBot.Core.Conversation;

namespace PmOpsBot.Bot.State;

/// <summary>What is written to <see cref="IStorage"/> for one person in one conversation; the ETag guards against lost updates.</summary>
public sealed class ChatStateDocument : IStoreItem
{
    public ChatState State { get; set; } = new();

    public string? ETag { get; set; }
}
