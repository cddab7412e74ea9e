using System.Globalization;
using Newtonsoft.Json.Linq;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using static PmOpsBot.Slack.BlockKit.Blocks;
using static PmOpsBot.Slack.BlockKit.Mrkdwn;

namespace PmOpsBot.Slack.BlockKit;

/// <summary>
/// The stand-up digest in Slack: the channel message is the summary (a count per section and the blocked and
/// at-risk lines), and every item of every section goes into its thread, each with an "Open" button where the
/// Teams card's row opens the handover card. Same facts and the same mentions as <c>DigestCards</c>.
/// </summary>
public static class DigestBlocks
{
    /// <summary>Blocked and at-risk lines in the channel message before "… more in the thread".</summary>
    public const int SummaryStatusLines = 10;

    public const string ThreadTitle = "Stand-up digest details";

    public static SlackMessage Digest(DigestContent content)
    {
        var dateLine = $"Stand-up digest · {content.LocalDate.ToString("dddd d MMMM", CultureInfo.InvariantCulture)} ({Escape(content.TimeZoneId)})";
        if (content.IsQuiet)
        {
            const string quiet = "All quiet: nothing new, nothing due, nothing overdue.";
            return BlockKitMessage.Compose($"{dateLine}: {quiet}", [Context(dateLine), Section(Bold(quiet))]);
        }

        var sections = Sections(content);
        var main = new List<JObject?> { Context(dateLine), Header("Today's stand-up") };
        if (content.Status is { IsEmpty: false } status) main.AddRange(Lines("Status from owners", StatusSummary(status)));
        main.AddRange(Lines(null, sections.Where(s => s.Count > 0).Select(s => $"{Bold(s.Title)}: {s.Count}")));
        if (content.Truncated) main.Add(Context("There was more than fits in one digest; ask me “what handovers are due this month?” for the full list."));
        main.Add(Context("Every item is in the thread below, with a button to open its handover."));

        var thread = new DigestThread();
        if (content.Status is { IsEmpty: false } details) StatusDetails(thread, details, content.MentionMissingAnswers);
        foreach (var section in sections.Where(s => s.Count > 0))
        {
            thread.StartSection($"{section.Title} ({section.Count})");
            thread.AddRange(section.Rows);
        }

        var counts = string.Join(", ", sections.Where(s => s.Count > 0).Select(s => $"{s.Title.ToLowerInvariant()} {s.Count}"));
        return BlockKitMessage.Compose($"{dateLine}: {(counts.Length > 0 ? counts : "status from owners")}",
            main, thread.ToMessages($"{ThreadTitle} · {content.LocalDate.ToString("d MMMM", CultureInfo.InvariantCulture)}"));
    }

    public static SlackMessage Offer() => BlockKitMessage.Compose("Want a daily stand-up digest in this channel?",
    [
        Section(Bold("Want a daily stand-up digest in this channel?")),
        Section("Every working day at 9:00 I'd post what was decided, which handovers are due or late, and which projects still have nobody to run them after launch."),
        .. Actions(
        [
            Button("Yes, weekdays at 9:00", new ButtonValue(DigestConversation.AcceptOfferAction), ButtonStyle.Primary),
            Button("No thanks", new ButtonValue(DigestConversation.DeclineOfferAction)),
        ]),
    ]);

    /// <summary>One digest section: its title, how many items, and one block per item for the thread.</summary>
    private sealed record DigestSection(string Title, int Count, IEnumerable<JObject> Rows);

    private static List<DigestSection> Sections(DigestContent content) =>
    [
        Linked("Overdue handovers", content.HandoversOverdue, h => h.Initiative.Id,
            h => $"{Bold(Escape(h.Initiative.Name))} · {-h.DaysFromToday} day{(h.DaysFromToday == -1 ? "" : "s")} late · {Owners(h.Initiative)} · {h.Readiness.Summary}"),
        Linked("Launching without an operations owner", content.WithoutOperationsOwner, h => h.Initiative.Id,
            h => $"{Bold(Escape(h.Initiative.Name))} · {When(h.HandoverDate)} · project: {Person(h.Initiative.ProjectOwner)}"),
        Linked("Handovers due in the next 7 days", content.HandoversDueSoon, h => h.Initiative.Id,
            h => $"{Bold(Escape(h.Initiative.Name))} · {When(h.HandoverDate)}{(h.DaysFromToday == 0 ? " (today)" : $" (in {h.DaysFromToday} day{(h.DaysFromToday == 1 ? "" : "s")})")} · {Owners(h.Initiative)} · {h.Readiness.Summary}"),
        Linked("New and decided", content.NewOrDecided, i => i.Id,
            i => $"{Bold(Escape(i.Name))} · {i.Decision.ToString().ToLowerInvariant()}{(i.IsMixed ? " (mixed)" : "")} · by {Person(i.CreatedBy)}"),
        Linked("Stage changes", content.StageChanges, m => m.Initiative.Id,
            m => $"{Bold(Escape(m.Initiative.Name))} · {StageRules.NameOf(m.From)} → {StageRules.NameOf(m.To)} · by {Person(m.By)}"),
        // Unfinished interviews have no initiative to open: their lines are packed into as few blocks as fit.
        new("Interviews left unfinished", content.UnfinishedInterviews.Count, Lines(null, content.UnfinishedInterviews.Select(o =>
            $"{(o.Name is null ? "An unnamed interview" : Bold(Escape(o.Name)))} · {Person(o.User)} · started {o.StartedAt.ToString("d MMM", CultureInfo.InvariantCulture)}"))),
    ];

    private static DigestSection Linked<T>(string title, IReadOnlyList<T> items, Func<T, Guid> id, Func<T, string> line) =>
        new(title, items.Count, items.Select(item => Section(line(item), HandoverBlocks.Open(id(item)))));

    /// <summary>The channel message's status part: blocked first, then at risk, capped; on track as a count.</summary>
    private static IEnumerable<string> StatusSummary(PmOpsBot.Core.CheckIns.CheckInSummary status)
    {
        var urgent = status.Blocked.Select(CheckInBlocks.Blocked).Concat(status.AtRisk.Select(CheckInBlocks.AtRisk)).ToList();
        foreach (var line in urgent.Take(SummaryStatusLines)) yield return line;
        if (urgent.Count > SummaryStatusLines) yield return $"… and {urgent.Count - SummaryStatusLines} more blocked or at risk in the thread";
        if (status.OnTrackCount > 0) yield return CheckInBlocks.OnTrackCount(status);
        var quiet = status.NotAnswered.Count + status.Away.Count + status.NotReachable.Count;
        if (quiet > 0) yield return $"Without a status: {status.NotAnswered.Count} not answered yet, {status.Away.Count} away, {status.NotReachable.Count} not reachable (names in the thread)";
    }

    /// <summary>The thread's status part: every line, then who has not answered, is away or cannot be reached.</summary>
    private static void StatusDetails(DigestThread thread, PmOpsBot.Core.CheckIns.CheckInSummary status, bool mentionMissing)
    {
        if (status.Blocked.Count > 0)
        {
            thread.StartSection($"Blocked ({status.Blocked.Count})");
            thread.AddRange(Lines(null, status.Blocked.Select(CheckInBlocks.Blocked)));
        }

        if (status.AtRisk.Count > 0)
        {
            thread.StartSection($"At risk ({status.AtRisk.Count})");
            thread.AddRange(Lines(null, status.AtRisk.Select(CheckInBlocks.AtRisk)));
        }

        if (status.OnTrackCount > 0)
        {
            thread.StartSection($"On track ({status.OnTrackCount})");
            thread.AddRange(Lines(null, status.OnTrack.Select(CheckInBlocks.OnTrack)));
        }

        var people = CheckInBlocks.People(status, mentionMissing).ToList();
        if (people.Count > 0)
        {
            thread.StartSection("Without a status");
            thread.AddRange(Lines(null, people));
        }
    }

    private static string When(DateOnly date) => date.ToString("d MMM", CultureInfo.InvariantCulture);

    private static string Owners(DigestInitiative initiative) =>
        $"ops: {(initiative.OperationsOwner is { Response: not OwnerResponse.Declined } o ? Person(o.Person) : "nobody yet")}";
}
