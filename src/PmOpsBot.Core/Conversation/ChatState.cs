using PmOpsBot.Core.CareerFit;
using PmOpsBot.Core.Interview;

namespace PmOpsBot.Core.Conversation;

/// <summary>Everything remembered for one person in one conversation between turns.</summary>
public sealed class ChatState
{
    public bool Welcomed { get; set; }

    public InterviewSession? Interview { get; set; }

    /// <summary>Set while the bot waits for "yes/no" to abandon the open interview.</summary>
    public bool AwaitingAbandonConfirmation { get; set; }

    /// <summary>Set while the bot waits for “yes/no” to forget the person (“forget me”).</summary>
    public bool AwaitingForgetConfirmation { get; set; }

    public Guid? LastInitiativeId { get; set; }

    /// <summary>A career check in progress; it takes typed answers while open.</summary>
    public CareerFitSession? Career { get; set; }

    /// <summary>An ownership request waiting for the person to pick which initiative they meant.</summary>
    public string? PendingRequestText { get; set; }

    public List<Guid> PendingChoices { get; set; } = [];

    /// <summary>Set once this person's private chat is known, so it is stored only once.</summary>
    public bool PrivateChatRecorded { get; set; }
}
