using Newtonsoft.Json.Linq;
using static PmOpsBot.Slack.BlockKit.BlockKitLimits;

namespace PmOpsBot.Slack.BlockKit;

/// <summary>
/// The digest's details as thread replies, section by section, starting a new message whenever one is full so no
/// message passes Slack's 50 blocks. A section that runs over is headed "(continued)" on the next message.
/// </summary>
public sealed class DigestThread
{
    private readonly List<List<JObject>> _pages = [[]];
    private string? _section;

    public void StartSection(string title)
    {
        // A title alone at the foot of a message reads badly: start the next one instead.
        if (Current.Count >= BlocksPerMessage - 1) _pages.Add([]);
        _section = title;
        Add(Blocks.Section(Mrkdwn.Bold(Mrkdwn.Escape(title))), isTitle: true);
    }

    public void Add(JObject block) => Add(block, isTitle: false);

    public void AddRange(IEnumerable<JObject> blocks)
    {
        foreach (var block in blocks) Add(block);
    }

    public IReadOnlyList<SlackMessage> ToMessages(string fallbackTitle)
    {
        var pages = _pages.Where(p => p.Count > 0).ToList();
        return pages.Select((page, n) => BlockKitMessage.Compose(
            pages.Count == 1 ? fallbackTitle : $"{fallbackTitle} (part {n + 1} of {pages.Count})", page)).ToList();
    }

    private List<JObject> Current => _pages[^1];

    private void Add(JObject block, bool isTitle)
    {
        if (Current.Count >= BlocksPerMessage)
        {
            _pages.Add([]);
            if (!isTitle && _section is not null) Current.Add(Blocks.Section(Mrkdwn.Bold($"{Mrkdwn.Escape(_section)} (continued)")));
        }

        Current.Add(block);
    }
}
