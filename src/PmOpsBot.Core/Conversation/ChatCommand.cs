namespace PmOpsBot.Core.Conversation;

/// <summary>What a person can ask for at any point of a conversation.</summary>
public enum ChatCommand
{
    None,
    Help,
    Greeting,
    NewInitiative,
    Back,
    Skip,
    Cancel,
    Restart,
    Status,
    CareerFit,
    Handover,
    Confirm,
    Decline,

    /// <summary>“forget me”: delete what the bot keeps about the person, after a confirmation.</summary>
    ForgetMe,
}
