using System.Globalization;
using Newtonsoft.Json.Linq;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Core.Ownership;
using static PmOpsBot.Slack.BlockKit.Blocks;
using static PmOpsBot.Slack.BlockKit.Mrkdwn;

namespace PmOpsBot.Slack.BlockKit;

/// <summary>Messages about owners and handovers, with the same facts, buttons and inputs as <c>HandoverCards</c>.</summary>
public static class HandoverBlocks
{
    /// <summary>Rows of a list before "and N more": each row is a block with its own "Open" button.</summary>
    public const int ListRows = 40;

    /// <summary>Candidates offered as buttons, like the Teams card.</summary>
    public const int ChoiceButtons = 5;

    public static SlackMessage Handover(Reply.HandoverCard reply)
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
            ("Readiness", Escape(readiness.Summary)),
        };
        if (reply.LastStatus is { } last)
            facts.Add(("Last status", $"{CheckInFlow.StatusName(last.Status)} ({last.AnsweredAt.ToString("d MMM", CultureInfo.InvariantCulture)}, {Escape(last.Author.Name)}){(last.Note is { Length: > 0 } note ? $": {Escape(note)}" : "")}"));

        var blocks = new List<JObject?>
        {
            Context($"Handover · {initiative.Decision.ToString().ToLowerInvariant()}{(initiative.IsMixed ? " (mixed)" : "")}"),
            Header(initiative.Name),
        };
        blocks.AddRange(Fields(facts));
        blocks.AddRange(Lines("Checklist", ReadinessChecklist.Items.Select(i => $"{(IsDone(readiness, i.Item) ? "✅" : "⬜")} {Escape(i.Label)}")));
        if (readiness.Open.Count == 0)
            blocks.Add(Section(":white_check_mark: *Ready to hand over: everything on the checklist is done.*"));
        else
            blocks.AddRange(Bullets("What the open items put at risk", readiness.Risks.Select(r =>
                $"{Capitalise(ReadinessChecklist.RiskName(r))}: {Escape(string.Join("; ", readiness.Open.Where(o => o.Risk == r).Select(o => o.WhyItMatters)))}")));

        if (initiative.NeedsHandover)
        {
            blocks.AddRange(Actions(ReadinessChecklist.Items.Where(i => i.Item != ReadinessItem.OperationsOwnerAccepted).Select(i =>
                Button(IsDone(readiness, i.Item) ? $"Undo: {i.ShortLabel}" : $"✓ {i.ShortLabel}", new ButtonValue("handover-tick", i.Item.ToString(), Initiative: id)))));
        }

        // Slack has no Action.ShowCard: the date and owner boxes are always shown, each followed by its save button.
        blocks.Add(Divider());
        blocks.Add(DateInput("date", "Target launch / handover date", initiative.HandoverDate));
        blocks.AddRange(Actions([Button("Save date", new ButtonValue("handover-date", Initiative: id))]));
        blocks.Add(TextInput("projectOwner", "Project owner", "Name (or type: project owner of … is @name)"));
        blocks.Add(TextInput("opsOwner", "Operations owner after launch", "Name (or type: ops owner of … is @name)"));
        var saveAndMove = new List<JObject> { Button("Save owners", new ButtonValue("handover-owners", Initiative: id)) };
        if (StageRules.NextOf(initiative) is { } next)
            saveAndMove.Add(Button($"Move to: {StageRules.NameOf(next)}", new ButtonValue("handover-stage", next.ToString(), Initiative: id)));
        blocks.AddRange(Actions(saveAndMove));
        return BlockKitMessage.Compose($"Handover of “{Escape(initiative.Name)}”: {StageRules.NameOf(initiative.Stage)}, {Escape(readiness.Summary)}", blocks);
    }

    public static SlackMessage List(Reply.InitiativeList reply)
    {
        if (reply.Items.Count == 0)
            return BlockKitMessage.Compose(Escape(reply.EmptyMessage), [Header(reply.Title), Section(Escape(reply.EmptyMessage))]);

        var blocks = new List<JObject?> { Header(reply.Title), Context("Open one to see its handover card.") };
        blocks.AddRange(reply.Items.Take(ListRows).Select(i => Section(
            $"{Bold(Escape(i.Name))} · {StageRules.NameOf(i.Stage)} · {(i.HandoverDate is { } d ? OwnershipAnswer.Date(d) : "no date")} · ops: {Escape(OwnershipAnswer.Operations(i))}",
            Open(i.Id))));
        if (reply.Items.Count > ListRows) blocks.Add(Context($"… and {reply.Items.Count - ListRows} more"));
        return BlockKitMessage.Compose($"{Escape(reply.Title)} ({reply.Items.Count})", blocks);
    }

    public static SlackMessage Choose(Reply.ChooseInitiative reply) => BlockKitMessage.Compose(Escape(reply.Question),
    [
        Section(Bold(Escape(reply.Question))),
        .. Actions(reply.Candidates.Take(ChoiceButtons).Select((c, n) =>
            Button($"{n + 1}) {Truncate(c.Name, 60)} ({StageRules.NameOf(c.Stage)})", new ButtonValue("pick", Initiative: c.Id)))),
        Context("Or type the number."),
    ]);

    public static SlackMessage NotFound(Reply.NoSuchInitiative reply)
    {
        var text = $"I don't know an initiative called “{Escape(reply.Name)}”. Want to find out whether it's a project or operations?";
        return BlockKitMessage.Compose(text, [Section(text), .. Actions([Button("Start an interview", new ButtonValue("new"), ButtonStyle.Primary)])]);
    }

    public static SlackMessage OwnerRequest(Reply.OwnerRequest reply)
    {
        var i = reply.Initiative;
        var named = $"{Escape(reply.AssignedBy.Name)} named you operations owner of “{Escape(i.Name)}”{(i.HandoverDate is { } d ? $", handing over on {OwnershipAnswer.Date(d)}" : "")}.";
        return BlockKitMessage.Compose($"Will you run it after launch? {named}",
        [
            Header("Will you run it after launch?"),
            Section(named),
            Section("As operations owner you keep it running once the project is done: procedures, KPIs, support."),
            .. Actions(
            [
                Button("Accept", new ButtonValue("handover-accept", Initiative: i.Id), ButtonStyle.Primary),
                Button("Decline", new ButtonValue("handover-decline", Initiative: i.Id), ButtonStyle.Danger),
                Button("Show the handover", new ButtonValue("handover-show", Initiative: i.Id)),
            ]),
        ]);
    }

    /// <summary>The Slack form of an Adaptive Card row's selectAction: a button beside the row.</summary>
    public static JObject Open(Guid initiative) => Button("Open", new ButtonValue("handover-show", Initiative: initiative));

    private static bool IsDone(Readiness readiness, ReadinessItem item) => readiness.Done.Any(d => d.Item == item);

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
