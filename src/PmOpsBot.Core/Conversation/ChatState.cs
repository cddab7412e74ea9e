using PmOpsBot.Core.Interview;

namespace PmOpsBot.Core.Conversation;

/// <summary>Everything remembered for one person in one conversation between turns.</summary>
public sealed class ChatState
{
    public bool Welcomed { get; set; }

    public InterviewSession? Interview { get; set; }

    /// <summary>Set while the bot waits for "yes/no" to abandon the open interview.</summary>
    public bool AwaitingAbandonConfirmation { get; set; }

    public Guid? LastInitiativeId { get; set; }
}
