using System.Globalization;
using System.Text.RegularExpressions;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Ownership;

namespace PmOpsBot.Core.Understanding;

/// <summary>
/// Turns an intent a language model read into the canonical text of one of the bot's own commands, the
/// words a person could have typed, so it goes through the same parsers, checks and tenant scoping.
/// Arguments are validated first and the text is read back the way <see cref="ConversationFlow"/> reads a
/// message: unless that reading is exactly the intended command, the intent is ignored (null). A model's
/// answer can therefore only ever start one of the commands in <see cref="IntentKind"/>, never anything else.
/// </summary>
public static partial class IntentCommands
{
    public const int MaxInitiativeNameLength = 100;

    /// <summary>The periods the handover question knows, as the parser names them.</summary>
    public static readonly IReadOnlySet<string> Periods = new HashSet<string>(StringComparer.Ordinal) { "this week", "next week", "this month", "next month", "this quarter" };

    /// <summary>What the handover question covers when no period is given.</summary>
    private const string DefaultPeriod = "in the next 30 days";

    /// <summary>The canonical command text for <paramref name="intent"/>; null when it is missing, invalid or would be read as anything else.</summary>
    public static string? ToText(UnderstoodIntent? intent, DateOnly today)
    {
        if (intent is null) return null;
        return intent.Kind switch
        {
            IntentKind.NewInitiative => Checked("new initiative", today, r => r is ChatCommand.NewInitiative),
            IntentKind.Help => Checked("help", today, r => r is ChatCommand.Help),
            IntentKind.CareerFit => Checked("career fit", today, r => r is ChatCommand.CareerFit),
            IntentKind.DigestNow => Checked("digest now", today, r => r is DigestCommand.Now),
            IntentKind.DigestOff => Checked("digest off", today, r => r is DigestCommand.Off),
            IntentKind.WithoutOperationsOwner => Checked("which initiatives have no operations owner?", today, r => r is OwnershipRequest.WithoutOperationsOwner),
            IntentKind.WhoOwns when InitiativeName(intent.Initiative) is { } name =>
                Checked($"who owns {name} after launch?", today, r => r is OwnershipRequest.WhoOwns w && w.Name == name),
            IntentKind.HandoverPlan when InitiativeName(intent.Initiative) is { } name =>
                Checked($"handover plan for {name}", today, r => r is OwnershipRequest.ShowHandover s && s.Name == name),
            IntentKind.StatusHistory when InitiativeName(intent.Initiative) is { } name =>
                Checked($"status history of {name}", today, r => r is CheckInAction.History h && h.InitiativeName == name),
            IntentKind.HandoversDue => HandoversDue(intent.Period, today),
            IntentKind.DigestSubscribe => DigestSubscribe(intent.Time, intent.Days, today),
            _ => null,
        };
    }

    /// <summary>
    /// An initiative's name as a command can carry it: trimmed, 1–<see cref="MaxInitiativeNameLength"/> characters,
    /// no control or formatting characters, no markup (&lt; &gt;, so nothing like "&lt;!channel&gt;" or "&lt;at&gt;"); null otherwise.
    /// </summary>
    public static string? InitiativeName(string? name)
    {
        if (name is null) return null;
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > MaxInitiativeNameLength) return null;
        if (trimmed.Any(c => char.IsControl(c) || c is '<' or '>' || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator))
            return null;
        var cleaned = OwnershipRequestParser.CleanName(trimmed);
        return cleaned.Length == 0 ? null : cleaned;
    }

    private static string? HandoversDue(string? period, DateOnly today)
    {
        if (period is null)
            return Checked("what handovers are due?", today, r => r is OwnershipRequest.HandoversDue d && d.PeriodName == DefaultPeriod);
        var normalized = Spaces().Replace(period.Trim().ToLowerInvariant(), " ");
        if (!Periods.Contains(normalized)) return null;
        return Checked($"what handovers are due {normalized}?", today, r => r is OwnershipRequest.HandoversDue d && d.PeriodName == normalized);
    }

    private static string? DigestSubscribe(string? time, string? days, DateOnly today)
    {
        TimeOnly? at = null;
        if (time is not null)
        {
            if (!TimeOnly.TryParseExact(time.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return null;
            at = parsed;
        }

        IReadOnlyList<DayOfWeek>? on = null;
        string? dayWord = null;
        if (days is not null)
        {
            dayWord = days.Trim().ToLowerInvariant();
            on = dayWord switch
            {
                "weekdays" => DigestSchedule.Weekdays,
                "daily" => DigestSchedule.EveryDay,
                _ => null,
            };
            if (on is null) return null;
        }

        var text = (at, dayWord) switch
        {
            (null, null) => "digest on",
            (null, { } d) => $"digest {d}",
            ({ } t, null) => $"digest at {t.ToString("HH:mm", CultureInfo.InvariantCulture)}",
            ({ } t, { } d) => $"digest {d} at {t.ToString("HH:mm", CultureInfo.InvariantCulture)}",
        };
        return Checked(text, today, r => r is DigestCommand.Subscribe s
            && s.TimeGiven == at.HasValue && (at is null || s.Time == at.Value)
            && s.DaysGiven == on is not null && (on is null || s.Days.ToHashSet().SetEquals(on)));
    }

    /// <summary><paramref name="text"/> when the first reader the conversation asks takes it as the intended command.</summary>
    private static string? Checked(string text, DateOnly today, Func<object?, bool> isIntended) =>
        isIntended(ReadingOf(text, today)) ? text : null;

    /// <summary>What the conversation would take typed <paramref name="text"/> for, asking its readers in the same order.</summary>
    private static object? ReadingOf(string text, DateOnly today)
    {
        if (DigestCommandParser.Parse(text, null) is { } digest) return digest;
        var input = UserInput.Typed(text);
        var command = CommandParser.Parse(input);
        if (command != ChatCommand.None) return command;
        if (CheckInActionReader.Parse(text, today) is { } checkIn) return checkIn;
        return OwnershipRequestParser.Parse(text, [], today);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
