using System.Globalization;
using Newtonsoft.Json.Linq;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Initiatives;
using static PmOpsBot.Slack.BlockKit.Blocks;
using static PmOpsBot.Slack.BlockKit.Mrkdwn;

namespace PmOpsBot.Slack.BlockKit;

/// <summary>Check-ins as <c>CheckInCards</c> shows them: the private prompt to an owner, the digest's status lines, a status history.</summary>
public static class CheckInBlocks
{
    /// <summary>Initiatives asked about in one prompt, like the Teams card.</summary>
    public const int PromptInitiatives = 15;

    /// <summary>
    /// One message listing the owner's initiatives, each with one-tap status. The note and milestone boxes go with
    /// whichever status button is tapped next (Slack sends the message's input values with every button press).
    /// </summary>
    public static SlackMessage Prompt(Guid subscriptionId, DateOnly digestDate, IReadOnlyList<Initiative> initiatives, bool reminder)
    {
        var intro = reminder ? "Reminder: the stand-up digest posts soon" : $"Stand-up check-in for {digestDate.ToString("dddd d MMMM", CultureInfo.InvariantCulture)}";
        var blocks = new List<JObject?>
        {
            Context(intro),
            Header("How are your initiatives doing?"),
            TextInput(CheckInActionReader.NoteField, "Note (optional, goes with the next status you tap)", "e.g. waiting for the vendor's contract"),
        };
        if (initiatives.Any(i => i.NeedsHandover)) blocks.Add(DateInput(CheckInActionReader.MilestoneField, "Next milestone (projects, optional)", null));
        foreach (var initiative in initiatives.Take(PromptInitiatives))
        {
            blocks.Add(Section(Bold(Escape(initiative.Name))));
            blocks.AddRange(Actions(
            [
                Status("On track", CheckInStatus.OnTrack, ButtonStyle.Primary, subscriptionId, digestDate, initiative.Id),
                Status("At risk", CheckInStatus.AtRisk, ButtonStyle.Default, subscriptionId, digestDate, initiative.Id),
                Status("Blocked", CheckInStatus.Blocked, ButtonStyle.Danger, subscriptionId, digestDate, initiative.Id),
            ]));
        }

        blocks.AddRange(Actions([Button("Snooze today", new ButtonValue(CheckInActionReader.SnoozeAction).With(CheckInActionReader.DateField, BlockKitLimits.IsoDate(digestDate)))]));
        blocks.Add(Context("Away for a while? Tell me “I'm away until 12 December”."));
        return BlockKitMessage.Compose($"{intro}: how are your initiatives doing?", blocks);
    }

    public static SlackMessage History(CheckInHistoryReply reply)
    {
        var title = $"Status of {reply.Initiative.Name}";
        if (reply.Entries.Count == 0) return BlockKitMessage.Compose($"Status of {Escape(reply.Initiative.Name)}: {Escape(reply.EmptyMessage)}", [Header(title), Section(Escape(reply.EmptyMessage))]);
        return BlockKitMessage.Compose($"Status of {Escape(reply.Initiative.Name)} ({reply.Entries.Count})",
        [
            Header(title),
            .. Lines(null, reply.Entries.Select(e =>
                $"{e.AnsweredAt.ToString("d MMM HH:mm", CultureInfo.InvariantCulture)} · {CheckInFlow.StatusName(e.Status)} · {Escape(e.Author.Name)}{(e.Late ? " (late)" : "")}{(e.Note is { Length: > 0 } n ? $": {Escape(n)}" : "")}")),
        ]);
    }

    /// <summary>A blocked line of the digest, its author mentioned.</summary>
    public static string Blocked(CheckInLine line) =>
        $"🛑 {Bold(Escape(line.InitiativeName))} · blocked{(line.BlockedDays is > 0 ? $" for {line.BlockedDays} day{(line.BlockedDays == 1 ? "" : "s")}" : "")} · {Person(line.Author)}{Details(line)}";

    public static string AtRisk(CheckInLine line) => $"⚠️ {Bold(Escape(line.InitiativeName))} · at risk · {Person(line.Author)}{Details(line)}";

    /// <summary>On-track lines name their author without a mention, as in the Teams card's "show all".</summary>
    public static string OnTrack(CheckInLine line) => $"{Escape(line.InitiativeName)} · {Escape(line.Author.Name)}{Details(line)}";

    public static string OnTrackCount(CheckInSummary status) => $"✅ {status.OnTrackCount} on track";

    /// <summary>
    /// Who has not answered, who is away and who cannot be reached: by name only, unless the channel asked for
    /// missing answers to be mentioned (a digest should not ping people for not answering).
    /// </summary>
    public static IEnumerable<string> People(CheckInSummary status, bool mentionMissing) =>
        NameList("No answer yet", status.NotAnswered.Select(p => mentionMissing ? Person(p.Person) : Escape(p.Person.Name)))
            .Concat(NameList("Away", status.Away.Select(a => $"{Escape(a.Person.Name)} ({(a.Kind == PauseKind.SnoozedToday ? "today" : $"until {a.Until.ToString("d MMM", CultureInfo.InvariantCulture)}")})")))
            .Concat(NameList("Not reachable", status.NotReachable.Select(p => Escape(p.Person.Name))));

    /// <summary>"Away: Lee, Kim, …" split over as many lines as it takes, so a long list fits a section without losing names.</summary>
    private static IEnumerable<string> NameList(string label, IEnumerable<string> names)
    {
        const int lineLength = BlockKitLimits.SectionText / 2;
        var line = "";
        foreach (var name in names.Select(n => BlockKitLimits.Fit(n, lineLength)))
        {
            if (line.Length == 0)
            {
                line = $"{label}: {name}";
            }
            else if (line.Length + 2 + name.Length > lineLength)
            {
                yield return line + ",";
                line = name;
            }
            else
            {
                line = $"{line}, {name}";
            }
        }

        if (line.Length > 0) yield return line;
    }

    private static string Details(CheckInLine line) =>
        $"{(line.Note is { Length: > 0 } note ? $" — {Escape(note)}" : "")}{(line.NextMilestone is { } m ? $" · next milestone {m.ToString("d MMM", CultureInfo.InvariantCulture)}" : "")}{(line.Late ? " (late)" : "")}";

    private static JObject Status(string title, CheckInStatus status, ButtonStyle style, Guid subscriptionId, DateOnly digestDate, Guid initiative) =>
        Button(title, new ButtonValue(CheckInActionReader.StatusAction, CheckInActionReader.ChoiceOf(status), Initiative: initiative)
            .With(CheckInActionReader.SubscriptionField, subscriptionId.ToString("D"))
            .With(CheckInActionReader.DateField, BlockKitLimits.IsoDate(digestDate)), style);
}
