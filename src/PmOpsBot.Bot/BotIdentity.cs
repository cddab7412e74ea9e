namespace PmOpsBot.Bot;

/// <summary>The bot's own app id, needed to start proactive turns; empty in local mode.</summary>
public sealed class BotIdentity
{
    public string MicrosoftAppId { get; set; } = "";
}
