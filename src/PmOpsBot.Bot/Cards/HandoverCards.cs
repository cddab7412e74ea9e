using Newtonsoft.Json.Linq;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Core.Ownership;
using static PmOpsBot.Bot.Cards.AdaptiveCard;

namespace PmOpsBot.Bot.Cards;

/// <summary>Cards about owners and handovers.</summary>
public static class HandoverCards
{
    public static JObject Handover(Reply.HandoverCard reply)
    {
        var initiative = reply.Initiative;
        var readiness = reply.Readiness;
        var id = initiative.Id;
        var facts = new List<(string, string)>
        {
            ("Stage", StageRules.NameOf(initiative.Stage)),
            ("Project owner", Escape(OwnershipAnswer.Project(initiative))),
            ("Operations owner", Escape(OwnershipAnswer.Operations(initiative))),
            ("Handover date", initiative.HandoverDate is { } d ? OwnershipAnswer.Date(d) : "not set"),
            ("Readiness", readiness.Summary),
        };
        if (reply.LastStatus is { } last)
            facts.Add(("Last status", $"{PmOpsBot.Core.CheckIns.CheckInFlow.StatusName(last.Status)} ({last.AnsweredAt.ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture)}, {Escape(last.Author.Name)}){(last.Note is { Length: > 0 } note ? $": {Escape(note)}" : "")}"));

        var body = new List<JObject?>
        {
            Text($"Handover · {initiative.Decision.ToString().ToLowerInvariant()}{(initiative.IsMixed ? " (mixed)" : "")}", subtle: true, size: "Small"),
            Heading(Escape(initiative.Name)),
            Facts(facts),
            Bullets("Checklist", ReadinessChecklist.Items.Select(i => $"{(readiness.Done.Any(d => d.Item == i.Item) ? "✅" : "⬜")} {i.Label}")),
            readiness.Open.Count == 0
                ? Text("Ready to hand over: everything on the checklist is done.", color: "Good", weight: "Bolder")
                : Bullets("What the open items put at risk", readiness.Risks.Select(r =>
                    $"{Capitalise(ReadinessChecklist.RiskName(r))}: {string.Join("; ", readiness.Open.Where(o => o.Risk == r).Select(o => o.WhyItMatters))}"), "Attention"),
        };

        var tickable = ReadinessChecklist.Items.Where(i => i.Item != ReadinessItem.OperationsOwnerAccepted)
            .Select(i => Submit(readiness.Done.Any(d => d.Item == i.Item) ? $"Undo: {i.ShortLabel}" : $"✓ {i.ShortLabel}", "handover-tick", i.Item.ToString(), initiative: id))
            .ToList();
        if (initiative.NeedsHandover)
        {
            body.Add(ActionSet(tickable.Take(3)));
            body.Add(ActionSet(tickable.Skip(3)));
        }

        var actions = new List<JObject>
        {
            ShowCard("Set date", [DateInput("date", "Target launch / handover date", initiative.HandoverDate)], Submit("Save date", "handover-date", initiative: id)),
            ShowCard("Assign owners",
            [
                TextInput("projectOwner", "Project owner", "Name (or type: project owner of … is @name)"),
                TextInput("opsOwner", "Operations owner after launch", "Name (or type: ops owner of … is @name)"),
            ], Submit("Save owners", "handover-owners", initiative: id)),
        };
        if (StageRules.NextOf(initiative) is { } next) actions.Add(Submit($"Move to: {StageRules.NameOf(next)}", "handover-stage", next.ToString(), initiative: id));
        body.Add(ActionSet(actions));
        return Card(body);
    }

    public static JObject List(Reply.InitiativeList reply)
    {
        if (reply.Items.Count == 0) return Card([Heading(reply.Title), Text(reply.EmptyMessage)]);
        var rows = reply.Items.Select(i =>
        {
            var line = $"**{Escape(i.Name)}** · {StageRules.NameOf(i.Stage)} · {(i.HandoverDate is { } d ? OwnershipAnswer.Date(d) : "no date")} · ops: {Escape(OwnershipAnswer.Operations(i))}";
            var row = Container([Text(line, spacing: "Small")]);
            row["selectAction"] = Submit("Open", "handover-show", initiative: i.Id);
            return row;
        });
        return Card(new JObject?[] { Heading(reply.Title), Text("Select one to open its handover card.", subtle: true, size: "Small") }.Concat(rows));
    }

    public static JObject Choose(Reply.ChooseInitiative reply) => Card(
    [
        Text(Escape(reply.Question), weight: "Bolder"),
        ActionSet(reply.Candidates.Take(5).Select((c, n) => Submit($"{n + 1}) {Truncate(c.Name, 60)} ({StageRules.NameOf(c.Stage)})", "pick", initiative: c.Id))),
        Text("Or type the number.", subtle: true, size: "Small"),
    ]);

    public static JObject NotFound(Reply.NoSuchInitiative reply) => Card(
        [Text($"I don't know an initiative called “{Escape(reply.Name)}”. Want to find out whether it's a project or operations?")],
        Submit("Start an interview", "new", style: "positive"));

    public static JObject OwnerRequest(Reply.OwnerRequest reply)
    {
        var i = reply.Initiative;
        return Card(
            [
                Heading("Will you run it after launch?"),
                Text($"{Escape(reply.AssignedBy.Name)} named you operations owner of “{Escape(i.Name)}”{(i.HandoverDate is { } d ? $", handing over on {OwnershipAnswer.Date(d)}" : "")}."),
                Text("As operations owner you keep it running once the project is done: procedures, KPIs, support."),
            ],
            Submit("Accept", "handover-accept", initiative: i.Id, style: "positive"),
            Submit("Decline", "handover-decline", initiative: i.Id, style: "destructive"),
            Submit("Show the handover", "handover-show", initiative: i.Id));
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
