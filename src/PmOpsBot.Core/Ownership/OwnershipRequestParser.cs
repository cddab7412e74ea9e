using System.Globalization;
using System.Text.RegularExpressions;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Ownership;

/// <summary>
/// Reads ownership questions and handover commands from plain language. Patterns are anchored to
/// the whole message, so a description that merely mentions an owner is never taken for a command.
/// </summary>
public static partial class OwnershipRequestParser
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const string AfterLaunch = @"(?:\s+(?:after|once|post|when)[- ]?(?:launch|go-?live|it\s+goes\s+live|it(?:'s|\s+is)\s+live|handover|it\s+launches|it\s+is\s+launched|we\s+launch))?";
    private const string Role = @"(?<role>project|ops|operations|operational|delivery|run)";

    public static OwnershipRequest? Parse(string? text, IReadOnlyList<UserRef> mentions, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = Spaces().Replace(text.Trim().TrimEnd('?', '.', '!', ' '), " ");

        if (WithoutOwner().IsMatch(t)) return new OwnershipRequest.WithoutOperationsOwner();
        if (Mine().IsMatch(t)) return new OwnershipRequest.MyInitiatives();
        if (Due().Match(t) is { Success: true } due) return DueIn(due.Groups["period"].Value, due.Groups["days"].Value, today);

        if (AssignRoleFirst().Match(t) is { Success: true } a1) return Assign(a1, mentions);
        if (AssignPersonFirst().Match(t) is { Success: true } a2) return Assign(a2, mentions);
        if (SetDate().Match(t) is { Success: true } d1) return Date(d1, today);
        if (LaunchesOn().Match(t) is { Success: true } d2) return Date(d2, today);
        if (Improvement().Match(t) is { Success: true } imp) return new OwnershipRequest.RaiseImprovement(CleanName(imp.Groups["parent"].Value), CleanName(imp.Groups["new"].Value));
        if (MoveTo().Match(t) is { Success: true } move && StageFrom(move.Groups["stage"].Value) is { } stage) return new OwnershipRequest.MoveStage(CleanName(move.Groups["name"].Value), stage);
        if (IsNow().Match(t) is { Success: true } now && StageFrom(now.Groups["stage"].Value) is { } nowStage) return new OwnershipRequest.MoveStage(CleanName(now.Groups["name"].Value), nowStage);
        if (Retire().Match(t) is { Success: true } retire) return new OwnershipRequest.MoveStage(CleanName(retire.Groups["name"].Value), InitiativeStage.Retired);

        if (WhoRoleOwner().Match(t) is { Success: true } w1) return new OwnershipRequest.WhoOwns(CleanName(w1.Groups["name"].Value), RoleFrom(w1.Groups["role"].Value));
        if (WhoRuns().Match(t) is { Success: true } w2) return new OwnershipRequest.WhoOwns(CleanName(w2.Groups["name"].Value), OwnerRole.Operations);
        if (WhoDelivers().Match(t) is { Success: true } w3) return new OwnershipRequest.WhoOwns(CleanName(w3.Groups["name"].Value), OwnerRole.Project);
        if (WhoOwns().Match(t) is { Success: true } w4)
        {
            var afterLaunch = w4.Groups["after"].Success && w4.Groups["after"].Length > 0;
            return new OwnershipRequest.WhoOwns(CleanName(w4.Groups["name"].Value), afterLaunch ? OwnerRole.Operations : null);
        }

        if (ShowHandover().Match(t) is { Success: true } show) return new OwnershipRequest.ShowHandover(CleanName(show.Groups["name"].Value));
        return null;
    }

    /// <summary>Dates as people type them: ISO, "1 March 2027", "March 1", "1 Mar"; without a year, the next such day.</summary>
    public static DateOnly? ParseDate(string text, DateOnly today)
    {
        var t = Spaces().Replace(Ordinals().Replace(text.Trim().TrimEnd('.', '?', '!').Replace(",", ""), "$1"), " ");
        if (t.Equals("today", StringComparison.OrdinalIgnoreCase)) return today;
        if (t.Equals("tomorrow", StringComparison.OrdinalIgnoreCase)) return today.AddDays(1);
        string[] withYear = ["yyyy-MM-dd", "d MMMM yyyy", "d MMM yyyy", "MMMM d yyyy", "MMM d yyyy", "d MMMM, yyyy", "yyyy/MM/dd"];
        if (DateOnly.TryParseExact(t, withYear, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var full)) return full;
        string[] withoutYear = ["d MMMM", "d MMM", "MMMM d", "MMM d"];
        if (DateOnly.TryParseExact(t, withoutYear, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var partial))
        {
            var candidate = new DateOnly(today.Year, partial.Month, Math.Min(partial.Day, DateTime.DaysInMonth(today.Year, partial.Month)));
            return candidate < today ? candidate.AddYears(1) : candidate;
        }

        return null;
    }

    public static string CleanName(string name)
    {
        var n = name.Trim().Trim('“', '”', '"', '\'', '‘', '’', ' ');
        n = LeadingThe().Replace(n, "");
        return n.Trim().Trim('“', '”', '"', '\'', '‘', '’', ' ');
    }

    private static OwnershipRequest Assign(Match match, IReadOnlyList<UserRef> mentions)
    {
        var role = RoleFrom(match.Groups["role"].Value) ?? OwnerRole.Operations;
        var person = match.Groups["person"].Value.Trim();
        var mentioned = mentions.FirstOrDefault(m => person.Contains(m.Name, StringComparison.OrdinalIgnoreCase)) ?? (mentions.Count == 1 ? mentions[0] : null);
        var typed = mentioned is null ? CleanName(person.TrimStart('@')) : null;
        if (typed is { Length: 0 }) typed = null;
        return new OwnershipRequest.AssignOwner(CleanName(match.Groups["name"].Value), role, mentioned, typed);
    }

    private static OwnershipRequest Date(Match match, DateOnly today)
    {
        var raw = match.Groups["date"].Value.Trim();
        return new OwnershipRequest.SetHandoverDate(CleanName(match.Groups["name"].Value), ParseDate(raw, today), raw);
    }

    private static OwnershipRequest.HandoversDue DueIn(string period, string days, DateOnly today)
    {
        var p = period.ToLowerInvariant();
        if (p.Contains("next week", StringComparison.Ordinal))
        {
            var monday = today.AddDays(((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7 is 0 ? 7 : ((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7);
            return new(monday, monday.AddDays(6), "next week");
        }

        if (p.Contains("this week", StringComparison.Ordinal))
        {
            var sunday = today.AddDays((7 - (int)today.DayOfWeek) % 7);
            return new(today, sunday, "this week");
        }

        if (p.Contains("next month", StringComparison.Ordinal))
        {
            var first = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
            return new(first, first.AddMonths(1).AddDays(-1), "next month");
        }

        if (p.Contains("this quarter", StringComparison.Ordinal))
        {
            var quarterStart = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
            return new(today, quarterStart.AddMonths(3).AddDays(-1), "this quarter");
        }

        if (int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 366)
            return new(today, today.AddDays(n), $"in the next {n} days");
        if (p.Contains("this month", StringComparison.Ordinal))
            return new(today, new DateOnly(today.Year, today.Month, 1).AddMonths(1).AddDays(-1), "this month");
        return new(today, today.AddDays(30), "in the next 30 days");
    }

    private static OwnerRole? RoleFrom(string role) => role.ToLowerInvariant() switch
    {
        "project" or "delivery" => OwnerRole.Project,
        "ops" or "operations" or "operational" or "run" => OwnerRole.Operations,
        _ => null,
    };

    private static InitiativeStage? StageFrom(string stage) => stage.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal) switch
    {
        "proposed" => InitiativeStage.Proposed,
        "in project" or "project" or "in progress" or "started" => InitiativeStage.InProject,
        "handing over" or "handover" or "in handover" => InitiativeStage.HandingOver,
        "in operations" or "operations" or "live" or "in ops" or "operational" => InitiativeStage.InOperations,
        "retired" => InitiativeStage.Retired,
        _ => null,
    };

    [GeneratedRegex(@"^(?:list\s+|show\s+(?:me\s+)?|which\s+|what\s+)?(?:initiatives|projects)\s+(?:are\s+)?(?:without|with\s+no|missing|lacking|have\s+no|has\s+no|don'?t\s+have|need(?:ing)?)\s+(?:an?\s+)?(?:ops|operations)\s+owners?$|^(?:no|missing)\s+(?:ops|operations)\s+owners?$", Options)]
    private static partial Regex WithoutOwner();

    [GeneratedRegex(@"^(?:list|show)?\s*(?:me\s+)?my\s+(?:initiatives|projects|handovers)$|^what\s+(?:do\s+i\s+own|am\s+i\s+(?:owning|running|working\s+on))$", Options)]
    private static partial Regex Mine();

    [GeneratedRegex(@"^(?:what|which|list|show(?:\s+me)?)?\s*(?:the\s+)?(?:hand-?overs?|launches)\s+(?:are\s+|is\s+)?(?:due|coming\s+up|planned|scheduled)\s*(?<period>this\s+week|next\s+week|this\s+month|next\s+month|this\s+quarter|in\s+the\s+next\s+(?<days>\d+)\s+days|soon)?$|^what(?:'s|\s+is)\s+due\s*(?<period>this\s+week|next\s+week|this\s+month|next\s+month|this\s+quarter|in\s+the\s+next\s+(?<days>\d+)\s+days|soon)?$", Options)]
    private static partial Regex Due();

    [GeneratedRegex(@"^(?:set\s+|make\s+|change\s+)?(?:the\s+)?" + Role + @"\s+owner\s+(?:of|for)\s+(?<name>.+?)\s+(?:is|to|=|:|as)\s+(?<person>.+)$", Options)]
    private static partial Regex AssignRoleFirst();

    [GeneratedRegex(@"^(?:assign|make|set|name)\s+(?<person>.+?)\s+(?:as\s+)?(?:the\s+)?" + Role + @"\s+owner\s+(?:of|for)\s+(?<name>.+)$", Options)]
    private static partial Regex AssignPersonFirst();

    [GeneratedRegex(@"^(?:set\s+|change\s+)?(?:the\s+)?(?:handover|hand-over|launch|go-?live|target)\s+date\s+(?:of|for)\s+(?<name>.+?)\s+(?:is|to|=|:)\s+(?<date>.+)$", Options)]
    private static partial Regex SetDate();

    [GeneratedRegex(@"^(?<name>.+?)\s+(?:launches|goes\s+live|will\s+launch|will\s+go\s+live|hands\s+over|is\s+handed\s+over)\s+(?:on|by)\s+(?<date>.+)$", Options)]
    private static partial Regex LaunchesOn();

    [GeneratedRegex(@"^(?:(?:raise|start|create|open|new)\s+)?(?:an?\s+)?improvement(?:\s+project)?\s+(?:for|from|on)\s+(?<parent>.+?)\s*(?::|\s-\s|\s+called\s+|\s+named\s+)\s*(?<new>.+)$", Options)]
    private static partial Regex Improvement();

    [GeneratedRegex(@"^(?:move|set|put|change)\s+(?<name>.+?)\s+(?:stage\s+)?(?:to|into)\s+(?<stage>proposed|in\s+project|project|in\s+progress|handing\s+over|handover|in\s+operations|operations|in\s+ops|live|retired)$", Options)]
    private static partial Regex MoveTo();

    [GeneratedRegex(@"^(?<name>.+?)\s+is\s+(?:now\s+)?(?<stage>in\s+operations|in\s+ops|live|handing\s+over|in\s+handover|in\s+project|retired)(?:\s+now)?$", Options)]
    private static partial Regex IsNow();

    [GeneratedRegex(@"^retire\s+(?<name>.+)$", Options)]
    private static partial Regex Retire();

    [GeneratedRegex(@"^who(?:'s|\s+is)\s+(?:the\s+)?" + Role + @"\s+owner\s+(?:of|for)\s+(?<name>.+?)" + AfterLaunch + "$", Options)]
    private static partial Regex WhoRoleOwner();

    [GeneratedRegex(@"^who(?:'s|\s+is|\s+will\s+be)?\s+(?:runs?|running|operates?|operating|supports?|supporting|looks?\s+after|looking\s+after|maintains?|maintaining)\s+(?<name>.+?)" + AfterLaunch + "$", Options)]
    private static partial Regex WhoRuns();

    [GeneratedRegex(@"^who(?:'s|\s+is)?\s+(?:delivers|delivering|leads|leading|manages|managing)\s+(?<name>.+)$", Options)]
    private static partial Regex WhoDelivers();

    [GeneratedRegex(@"^who(?:'s|\s+is|\s+will)?\s+(?:owns?|owning|the\s+owner\s+of|responsible\s+for|in\s+charge\s+of|accountable\s+for)\s+(?<name>.+?)(?<after>" + AfterLaunch + ")$", Options)]
    private static partial Regex WhoOwns();

    [GeneratedRegex(@"^(?:show\s+(?:me\s+)?)?(?:the\s+)?hand-?over(?:\s+plan|\s+card)?\s+(?:for|of)\s+(?<name>.+)$|^hand-?over\s+(?<name>.+)$", Options)]
    private static partial Regex ShowHandover();

    [GeneratedRegex(@"^the\s+", Options)]
    private static partial Regex LeadingThe();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\b(\d{1,2})(?:st|nd|rd|th)\b", Options)]
    private static partial Regex Ordinals();
}
