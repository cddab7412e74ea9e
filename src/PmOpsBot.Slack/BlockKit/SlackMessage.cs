using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PmOpsBot.Slack.BlockKit;

/// <summary>
/// One Slack message as the Block Kit renderer builds it and the Slack adapter posts it. It travels as
/// the activity's <c>channelData</c>, which is also what Azure Bot Service's Slack channel expects
/// (<c>text</c> and <c>blocks</c>); the thread and the audience are only for the native adapter.
/// </summary>
public sealed class SlackMessage
{
    /// <summary>Plain fallback text: notifications, screen readers, clients without blocks.</summary>
    [JsonProperty("text")]
    public string Text { get; init; } = "";

    [JsonProperty("blocks")]
    public JArray Blocks { get; init; } = [];

    /// <summary>Messages posted as replies in this message's thread, in order (a digest's details).</summary>
    [JsonIgnore]
    public IReadOnlyList<SlackMessage> Thread { get; init; } = [];

    /// <summary>Meant for the person who asked only: shown to them alone (ephemeral) when said in a channel.</summary>
    [JsonIgnore]
    public bool ForOnePerson { get; init; }
}
