namespace PmOpsBot.Slack.WebApi;

/// <summary>How a message sent to a slash command's or an interaction's <c>response_url</c> shows up.</summary>
public enum SlackResponseMode
{
    /// <summary>Only the person who acted sees it (<c>response_type: ephemeral</c>).</summary>
    Ephemeral,

    /// <summary>Everyone in the conversation sees it (<c>response_type: in_channel</c>).</summary>
    InChannel,

    /// <summary>Replaces the message the interaction came from (<c>replace_original: true</c>).</summary>
    ReplaceOriginal,
}
