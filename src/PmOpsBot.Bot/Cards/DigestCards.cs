using System.Globalization;
using Newtonsoft.Json.Linq;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Core.Ownership;
using static PmOpsBot.Bot.Cards.AdaptiveCard;

namespace PmOpsBot.Bot.Cards;

/// <summary>The stand-up digest as one Adaptive Card, owners @mentioned where Teams can resolve them.</summary>
public static class DigestCards
{
    /// <summary>Lines per section before "and N more": a digest should read in a minute.</summary>
    public const int LinesPerSection = 8;

    public static JObject Digest(DigestContent content)
    {
        var mentions = new Dictionary<string, UserRef>(StringComparer.Ordinal);
        var header = $"Stand-up digest · {content.LocalDate.ToString("dddd d MMMM", CultureInfo.InvariantCulture)} ({content.TimeZoneId})";
        if (content.IsQuiet)
            return Card([Text(header, subtle: true, size: "Small"), Text("All quiet: nothing new, nothing due, nothing overdue.", weight: "Bolder")]);

        var body = new List<JObject?> { Text(header, subtle: true, size: "Small"), Heading("Today's stand-up") };
        if (content.Status is { IsEmpty: false } status) CheckInCards.StatusSection(body, status, mentions, content.MentionMissingAnswers);
        Section(body, "Overdue handovers", content.HandoversOverdue, h => $"**{Escape(h.Initiative.Name)}** · {-h.DaysFromToday} day{(h.DaysFromToday == -1 ? "" : "s")} late · {Owners(h.Initiative, mentions)} · {h.Readiness.Summary}", h => h.Initiative.Id, "Attention");
        Section(body, "Launching without an operations owner", content.WithoutOperationsOwner, h => $"**{Escape(h.Initiative.Name)}** · {When(h.HandoverDate)} · project: {Person(h.Initiative.ProjectOwner, mentions)}", h => h.Initiative.Id, "Attention");
        Section(body, "Handovers due in the next 7 days", content.HandoversDueSoon, h => $"**{Escape(h.Initiative.Name)}** · {When(h.HandoverDate)}{(h.DaysFromToday == 0 ? " (today)" : $" (in {h.DaysFromToday} day{(h.DaysFromToday == 1 ? "" : "s")})")} · {Owners(h.Initiative, mentions)} · {h.Readiness.Summary}", h => h.Initiative.Id, null);
        Section(body, "New and decided", content.NewOrDecided, i => $"**{Escape(i.Name)}** · {i.Decision.ToString().ToLowerInvariant()}{(i.IsMixed ? " (mixed)" : "")} · by {Person(i.CreatedBy, mentions)}", i => i.Id, null);
        Section(body, "Stage changes", content.StageChanges, m => $"**{Escape(m.Initiative.Name)}** · {StageRules.NameOf(m.From)} → {StageRules.NameOf(m.To)} · by {Person(m.By, mentions)}", m => m.Initiative.Id, null);
        Section(body, "Interviews left unfinished", content.UnfinishedInterviews, o => $"{(o.Name is null ? "An unnamed interview" : $"**{Escape(o.Name)}**")} · {Person(o.User, mentions)} · started {o.StartedAt.ToString("d MMM", CultureInfo.InvariantCulture)}", _ => null, null);
        if (content.Truncated) body.Add(Text("There was more than fits in one digest; ask me “what handovers are due this month?” for the full list.", subtle: true));

        var card = Card(body);
        if (mentions.Count > 0)
        {
            // Teams turns <at>Name</at> into a real mention only with a matching entity on the card.
            card["msteams"] = new JObject
            {
                ["entities"] = new JArray(mentions.Values.Select(u => new JObject
                {
                    ["type"] = "mention",
                    ["text"] = $"<at>{u.Name}</at>",
                    ["mentioned"] = new JObject { ["id"] = u.Id, ["name"] = u.Name },
                })),
            };
        }

        return card;
    }

    public static JObject Offer() => Card(
        [
            Text("Want a daily stand-up digest in this channel?", weight: "Bolder"),
            Text("Every working day at 9:00 I'd post what was decided, which handovers are due or late, and which projects still have nobody to run them after launch."),
        ],
        Submit("Yes, weekdays at 9:00", DigestConversation.AcceptOfferAction, style: "positive"),
        Submit("No thanks", DigestConversation.DeclineOfferAction));

    private static void Section<T>(List<JObject?> body, string title, IReadOnlyList<T> items, Func<T, string> line, Func<T, Guid?> link, string? color)
    {
        if (items.Count == 0) return;
        body.Add(Text($"{title} ({items.Count})", weight: "Bolder", color: color, spacing: "Medium"));
        foreach (var item in items.Take(LinesPerSection))
        {
            var row = Container([Text(line(item), spacing: "None")]);
            if (link(item) is { } id) row["selectAction"] = Submit("Open", "handover-show", initiative: id);
            body.Add(row);
        }

        if (items.Count > LinesPerSection) body.Add(Text($"… and {items.Count - LinesPerSection} more", subtle: true, spacing: "None"));
    }

    private static string When(DateOnly date) => date.ToString("d MMM", CultureInfo.InvariantCulture);

    private static string Owners(DigestInitiative initiative, Dictionary<string, UserRef> mentions) =>
        $"ops: {(initiative.OperationsOwner is { Response: not OwnerResponse.Declined } o ? Person(o.Person, mentions) : "nobody yet")}";

    internal static string Person(UserRef? person, Dictionary<string, UserRef> mentions)
    {
        if (person is null) return "nobody yet";
        if (person.Id.StartsWith("typed:", StringComparison.Ordinal) || PmOpsBot.Core.Privacy.FormerMember.Is(person) || person.Name.Length == 0) return Escape(person.Name);
        mentions.TryAdd(person.Id, person);
        return $"<at>{Escape(person.Name)}</at>";
    }
}
