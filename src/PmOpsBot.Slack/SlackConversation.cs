namespace PmOpsBot.Slack;

/// <summary>
/// Where in Slack a message goes: a channel (or DM) and, when answering inside a thread, that thread.
/// The thread is deliberately not part of the Bot Framework conversation id: a person's conversation
/// with the bot in a channel is one, whichever thread they write in, so a button pressed on any of the
/// bot's messages (ephemeral ones do not always say which thread they were in) finds the same state.
/// </summary>
public sealed record SlackConversation(string ChannelId, string? ThreadTs)
{
    /// <summary>Direct messages (D…) are private; channels (C…) and private channels or group DMs (G…) are groups.</summary>
    public bool IsDirectMessage => ChannelId.StartsWith('D');
}
