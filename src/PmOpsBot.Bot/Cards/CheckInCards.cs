using System.Globalization;
using Newtonsoft.Json.Linq;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Initiatives;
using static PmOpsBot.Bot.Cards.AdaptiveCard;

namespace PmOpsBot.Bot.Cards;

/// <summary>Check-in cards: the private prompt to an owner, the digest's status section, a status history.</summary>
public static class CheckInCards
{
    /// <summary>
    /// One card listing the owner's initiatives, each with one-tap status. The note and milestone boxes
    /// go with whichever status button is tapped next (inputs on a card are sent with every button).
    /// </summary>
    public static JObject Prompt(Guid subscriptionId, DateOnly digestDate, IReadOnlyList<Initiative> initiatives, bool reminder)
    {
        var body = new List<JObject?>
        {
            Text(reminder ? "Reminder: the stand-up digest posts soon" : $"Stand-up check-in for {digestDate.ToString("dddd d MMMM", CultureInfo.InvariantCulture)}", subtle: true, size: "Small"),
            Heading("How are your initiatives doing?"),
            TextInput("checkin.note", "Note (optional, goes with the next status you tap)", "e.g. waiting for the vendor's contract"),
        };
        if (initiatives.Any(i => i.NeedsHandover)) body.Add(DateInput("checkin.milestone", "Next milestone (projects, optional)", null));
        foreach (var initiative in initiatives.Take(15))
        {
            body.Add(Text($"**{Escape(initiative.Name)}**", spacing: "Medium"));
            body.Add(ActionSet(
            [
                Status("On track", "on_track", "positive", subscriptionId, digestDate, initiative.Id),
                Status("At risk", "at_risk", null, subscriptionId, digestDate, initiative.Id),
                Status("Blocked", "blocked", "destructive", subscriptionId, digestDate, initiative.Id),
            ]));
        }

        var snooze = Submit("Snooze today", CheckInActionReader.SnoozeAction);
        ((JObject)snooze["data"]!)["checkin.date"] = digestDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        body.Add(ActionSet([snooze]));
        body.Add(Text("Away for a while? Tell me “I'm away until 12 December”.", subtle: true, size: "Small"));
        return Card(body);
    }

    /// <summary>The digest's status section: blocked first with notes, then at risk, then on track as a count with a toggle.</summary>
    public static void StatusSection(List<JObject?> body, CheckInSummary status, Dictionary<string, UserRef> mentions, bool mentionMissing = false)
    {
        body.Add(Text("Status from owners", weight: "Bolder", spacing: "Medium"));
        foreach (var line in status.Blocked)
            body.Add(Text($"🛑 **{Escape(line.InitiativeName)}** · blocked{(line.BlockedDays is > 0 ? $" for {line.BlockedDays} day{(line.BlockedDays == 1 ? "" : "s")}" : "")} · {DigestCards.Person(line.Author, mentions)}{Details(line)}", spacing: "None"));
        foreach (var line in status.AtRisk)
            body.Add(Text($"⚠️ **{Escape(line.InitiativeName)}** · at risk · {DigestCards.Person(line.Author, mentions)}{Details(line)}", spacing: "None"));
        if (status.OnTrackCount > 0)
        {
            var id = $"ontrack-{status.SubscriptionId:N}";
            body.Add(new JObject
            {
                ["type"] = "ColumnSet",
                ["spacing"] = "None",
                ["columns"] = new JArray(
                    new JObject { ["type"] = "Column", ["width"] = "stretch", ["items"] = new JArray(Text($"✅ {status.OnTrackCount} on track")) },
                    new JObject
                    {
                        ["type"] = "Column",
                        ["width"] = "auto",
                        ["items"] = new JArray(ActionSet([new JObject { ["type"] = "Action.ToggleVisibility", ["title"] = "Show all", ["targetElements"] = new JArray(id) }])),
                    }),
            });
            var all = Container(status.OnTrack.Select(l => Text($"{Escape(l.InitiativeName)} · {Escape(l.Author.Name)}{Details(l)}", spacing: "None")));
            all["id"] = id;
            all["isVisible"] = false;
            body.Add(all);
        }

        // Listed once, by name only unless the channel asked for mentions: a digest should not ping people for not answering.
        if (status.NotAnswered.Count > 0)
            body.Add(Text($"No answer yet: {string.Join(", ", status.NotAnswered.Select(p => mentionMissing ? DigestCards.Person(p.Person, mentions) : Escape(p.Person.Name)))}", subtle: true, spacing: "None"));
        if (status.Away.Count > 0) body.Add(Text($"Away: {string.Join(", ", status.Away.Select(a => $"{Escape(a.Person.Name)} ({(a.Kind == PauseKind.SnoozedToday ? "today" : $"until {a.Until.ToString("d MMM", CultureInfo.InvariantCulture)}")})"))}", subtle: true, spacing: "None"));
        if (status.NotReachable.Count > 0) body.Add(Text($"Not reachable: {string.Join(", ", status.NotReachable.Select(p => Escape(p.Person.Name)))}", subtle: true, spacing: "None"));
    }

    public static JObject History(CheckInHistoryReply reply)
    {
        if (reply.Entries.Count == 0) return Card([Heading($"Status of {Escape(reply.Initiative.Name)}"), Text(reply.EmptyMessage)]);
        return Card(new JObject?[] { Heading($"Status of {Escape(reply.Initiative.Name)}") }.Concat(reply.Entries.Select(e =>
            Text($"{e.AnsweredAt.ToString("d MMM HH:mm", CultureInfo.InvariantCulture)} · {CheckInFlow.StatusName(e.Status)} · {Escape(e.Author.Name)}{(e.Late ? " (late)" : "")}{(e.Note is { Length: > 0 } n ? $": {Escape(n)}" : "")}", spacing: "None"))));
    }

    private static string Details(CheckInLine line) =>
        $"{(line.Note is { Length: > 0 } note ? $" — {Escape(note)}" : "")}{(line.NextMilestone is { } m ? $" · next milestone {m.ToString("d MMM", CultureInfo.InvariantCulture)}" : "")}{(line.Late ? " (late)" : "")}";

    private static JObject Status(string title, string choice, string? style, Guid subscriptionId, DateOnly digestDate, Guid initiative)
    {
        var button = Submit(title, CheckInActionReader.StatusAction, choice, style: style, initiative: initiative);
        var data = (JObject)button["data"]!;
        data["checkin.subscription"] = subscriptionId.ToString("D");
        data["checkin.date"] = digestDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return button;
    }
}
