namespace PmOpsBot.Bot.Delivery;

/// <summary>What became of messages handed to <see cref="OutboundSender"/>.</summary>
public enum OutboundOutcome
{
    /// <summary>All delivered now.</summary>
    Sent,

    /// <summary>The channel did not take them now; the rest wait in the queue and will be delivered later.</summary>
    Queued,

    /// <summary>The recipient or conversation is gone (bot removed, blocked, archived): nothing more will be tried.</summary>
    Gone,

    /// <summary>The channel refused a message itself (a 400); the rest were still tried.</summary>
    Refused,
}
