using System.Globalization;
using System.Text.RegularExpressions;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Ownership;

namespace PmOpsBot.Core.CheckIns;

/// <summary>What an owner did about check-ins: a status button, a pause, or a question about history.</summary>
public abstract record CheckInAction
{
    /// <summary>A status for one initiative, from the prompt card of <paramref name="DigestDate"/>'s digest of <paramref name="SubscriptionId"/>.</summary>
    public sealed record Answer(Guid SubscriptionId, DateOnly DigestDate, Guid InitiativeId, CheckInStatus Status, string? Note = null, DateOnly? NextMilestone = null) : CheckInAction;

    /// <summary>"snooze today": no more prompts or reminders today (<paramref name="DigestDate"/> when pressed on a card).</summary>
    public sealed record SnoozeToday(DateOnly? DigestDate = null) : CheckInAction;

    /// <summary>"I'm away until 12 December": no prompts up to and including that date; shown as away.</summary>
    public sealed record AwayUntil(DateOnly Until) : CheckInAction;

    /// <summary>"I'm away until …" with a date that could not be read.</summary>
    public sealed record AwayUnreadable(string Typed) : CheckInAction;

    /// <summary>"I'm back": ends a pause.</summary>
    public sealed record Back : CheckInAction;

    /// <summary>"status history of X".</summary>
    public sealed record History(string InitiativeName) : CheckInAction;
}

/// <summary>
/// Reads check-in actions. Buttons: <see cref="StatusAction"/> with the initiative in <see cref="UserInput.InitiativeId"/>,
/// the status in <see cref="UserInput.Choice"/> ("on_track", "at_risk", "blocked") and fields
/// <see cref="SubscriptionField"/>, <see cref="DateField"/> (yyyy-MM-dd), <see cref="NoteField"/>, <see cref="MilestoneField"/>
/// (yyyy-MM-dd, Input.Date); <see cref="SnoozeAction"/> with <see cref="DateField"/>. Typed: "snooze today",
/// "I'm away until 12 December", "I'm back", "status history of CRM rollout". Null when it is none of these.
/// </summary>
public static partial class CheckInActionReader
{
    public const string StatusAction = "checkin-status";
    public const string SnoozeAction = "checkin-snooze";
    public const string SubscriptionField = "checkin.subscription";
    public const string DateField = "checkin.date";
    public const string NoteField = "checkin.note";
    public const string MilestoneField = "checkin.milestone";

    public static IReadOnlySet<string> ButtonActions { get; } = new HashSet<string>(StringComparer.Ordinal) { StatusAction, SnoozeAction };

    public static string ChoiceOf(CheckInStatus status) => status switch
    {
        CheckInStatus.OnTrack => "on_track",
        CheckInStatus.AtRisk => "at_risk",
        _ => "blocked",
    };

    public static CheckInAction? Read(UserInput input, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.IsButton) return ReadButton(input);
        return Parse(input.Text, today);
    }

    public static CheckInAction? Parse(string? text, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = Spaces().Replace(text.Trim().TrimEnd('.', '!', '?', ' '), " ");
        if (Snooze().IsMatch(t)) return new CheckInAction.SnoozeToday();
        if (Back().IsMatch(t)) return new CheckInAction.Back();
        if (Away().Match(t) is { Success: true } away)
        {
            var raw = away.Groups["date"].Value.Trim();
            return OwnershipRequestParser.ParseDate(raw, today) is { } until ? new CheckInAction.AwayUntil(until) : new CheckInAction.AwayUnreadable(raw);
        }

        if (History().Match(t) is { Success: true } history)
        {
            var name = OwnershipRequestParser.CleanName(history.Groups["name"].Value);
            return name.Length == 0 ? null : new CheckInAction.History(name);
        }

        return null;
    }

    private static CheckInAction? ReadButton(UserInput input)
    {
        var date = ParseIsoDate(input.Field(DateField));
        if (input.Action == SnoozeAction) return new CheckInAction.SnoozeToday(date);
        if (input.Action != StatusAction) return null;
        if (input.InitiativeId is not { } initiative || date is not { } digestDate) return null;
        if (!Guid.TryParse(input.Field(SubscriptionField), out var subscription)) return null;
        CheckInStatus? status = input.Choice switch
        {
            "on_track" => CheckInStatus.OnTrack,
            "at_risk" => CheckInStatus.AtRisk,
            "blocked" => CheckInStatus.Blocked,
            _ => null,
        };
        if (status is null) return null;
        var note = input.Field(NoteField);
        if (note is { Length: > 500 }) note = note[..500];
        return new CheckInAction.Answer(subscription, digestDate, initiative, status.Value, note, ParseIsoDate(input.Field(MilestoneField)));
    }

    private static DateOnly? ParseIsoDate(string? value) =>
        value is not null && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"^(?:please\s+)?(?:snooze|skip|pause)(?:\s+(?:the\s+)?(?:check-?ins?|stand-?up|status))?\s+(?:for\s+)?today$|^(?:no\s+check-?in|not\s+today)$", Options)]
    private static partial Regex Snooze();

    [GeneratedRegex(@"^(?:i\s*(?:'|’)?m|i\s+am|i\s+will\s+be|i'll\s+be)\s+(?:away|out(?:\s+of\s+(?:the\s+)?office)?|off|on\s+(?:leave|holiday|vacation))\s+(?:until|till|til|through|to)\s+(?<date>.+)$|^away\s+until\s+(?<date>.+)$", Options)]
    private static partial Regex Away();

    [GeneratedRegex(@"^(?:i\s*(?:'|’)?m|i\s+am)\s+back$|^back(?:\s+again)?$", Options)]
    private static partial Regex Back();

    [GeneratedRegex(@"^(?:show\s+(?:me\s+)?(?:the\s+)?)?status\s+history\s+(?:of|for)\s+(?<name>.+)$|^(?:show\s+(?:me\s+)?)?(?:the\s+)?history\s+of\s+(?:the\s+)?status(?:es)?\s+(?:of|for)\s+(?<name>.+)$", Options)]
    private static partial Regex History();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
