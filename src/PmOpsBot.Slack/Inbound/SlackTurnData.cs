namespace PmOpsBot.Slack.Inbound;

/// <summary>
/// What the Slack adapter needs to know about the request a turn answers, carried as the inbound
/// activity's channelData: where slash command replies go, and whether the clicked message was
/// visible only to the person (ephemeral messages can only be replaced through their response URL).
/// </summary>
public sealed class SlackTurnData
{
    public string? ResponseUrl { get; init; }

    /// <summary>The thread the person wrote in (or pressed a button in): the turn's replies go there.</summary>
    public string? ThreadTs { get; init; }

    /// <summary>A slash command: replies go back through <see cref="ResponseUrl"/>, seen only by the person.</summary>
    public bool FromCommand { get; init; }

    /// <summary>A button on an ephemeral message was pressed.</summary>
    public bool FromEphemeralMessage { get; init; }

    /// <summary>The person the turn is for (ephemeral replies go to them).</summary>
    public required string UserId { get; init; }
}
