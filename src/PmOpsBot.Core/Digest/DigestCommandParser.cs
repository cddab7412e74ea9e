using System.Globalization;
using System.Text.RegularExpressions;
using PmOpsBot.Core.Interview;

namespace PmOpsBot.Core.Digest;

/// <summary>
/// Reads digest commands: "digest daily at 9:00 Europe/Berlin", "digest weekdays at 8:30", "digest at 9am",
/// "digest mondays and thursdays at 10:00", "digest off" / "stop the digest", "digest now", "digest settings",
/// "digest skip quiet days" / "digest post quiet days", "digest on". Anything else is not a digest command (null),
/// so ordinary messages fall through to the rest of the conversation.
/// </summary>
public static partial class DigestCommandParser
{
    public const string Examples = "“digest weekdays at 8:30”, “digest daily at 9:00 Europe/Berlin”, “digest mondays and thursdays at 10:00”, “digest off” or “digest now”";

    public static readonly TimeOnly DefaultTime = new(9, 0);

    private static readonly HashSet<string> SettingsWords = new(StringComparer.Ordinal) { "", "settings", "setting", "status", "schedule", "show", "show settings", "info", "config" };
    private static readonly HashSet<string> OffWords = new(StringComparer.Ordinal) { "off", "stop", "disable", "pause", "cancel", "unsubscribe", "no more", "turn off", "switch off" };
    private static readonly HashSet<string> NowWords = new(StringComparer.Ordinal) { "now", "post now", "send now", "now please", "please now", "post one now", "right now" };
    private static readonly HashSet<string> OnWords = new(StringComparer.Ordinal) { "on", "start", "enable", "resume", "subscribe", "please", "turn on", "switch on" };
    private static readonly HashSet<string> SkipQuietWords = new(StringComparer.Ordinal) { "skip quiet days", "skip quiet", "skip empty days", "skip quiet day", "no quiet days", "quiet days off" };
    private static readonly HashSet<string> PostQuietWords = new(StringComparer.Ordinal)
    {
        "post quiet days", "post on quiet days", "post quiet", "include quiet days", "show quiet days", "quiet days on", "dont skip quiet days", "don't skip quiet days", "post quiet day",
    };

    /// <summary>Whole messages that stop the digest without starting with "digest".</summary>
    private static readonly HashSet<string> OffPhrases = new(StringComparer.Ordinal)
    {
        "stop the digest", "stop digest", "turn off the digest", "turn the digest off", "cancel the digest", "pause the digest", "no more digests", "no more digest",
        "unsubscribe from the digest", "disable the digest", "stop the daily digest", "stop the stand-up digest", "stop the standup digest",
    };

    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "at", "on", "every", "each", "and", "&", "in", "the", "time", "zone", "timezone", "tz", "please", "from", "starting", "o'clock", "oclock", "of", "local",
    };

    private static readonly HashSet<string> RangeWords = new(StringComparer.Ordinal) { "-", "to", "through", "thru", "till", "until" };

    private static readonly Dictionary<string, DayOfWeek> DayNames = new(StringComparer.Ordinal)
    {
        ["monday"] = DayOfWeek.Monday, ["mon"] = DayOfWeek.Monday,
        ["tuesday"] = DayOfWeek.Tuesday, ["tue"] = DayOfWeek.Tuesday, ["tues"] = DayOfWeek.Tuesday,
        ["wednesday"] = DayOfWeek.Wednesday, ["wed"] = DayOfWeek.Wednesday,
        ["thursday"] = DayOfWeek.Thursday, ["thu"] = DayOfWeek.Thursday, ["thur"] = DayOfWeek.Thursday, ["thurs"] = DayOfWeek.Thursday,
        ["friday"] = DayOfWeek.Friday, ["fri"] = DayOfWeek.Friday,
        ["saturday"] = DayOfWeek.Saturday, ["sat"] = DayOfWeek.Saturday,
        ["sunday"] = DayOfWeek.Sunday, ["sun"] = DayOfWeek.Sunday,
    };

    /// <summary>
    /// The digest command in <paramref name="text"/>, or null when it is not about the digest.
    /// <paramref name="requesterTimeZone"/> (from the channel's activity, may be null or unknown) is the default zone; UTC otherwise.
    /// </summary>
    public static DigestCommand? Parse(string? text, string? requesterTimeZone)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var cleaned = Mention().Replace(text, " ").Trim().TrimStart('/').Trim();
        cleaned = cleaned.TrimEnd('.', '!', '?', ' ');
        var lower = Spaces().Replace(cleaned.Replace(',', ' ').ToLowerInvariant(), " ").Trim();

        if (OffPhrases.Contains(AnswerReader.Normalize(cleaned))) return new DigestCommand.Off();

        string rest;
        if (lower == "digest") rest = "";
        else if (lower.StartsWith("digest ", StringComparison.Ordinal)) rest = cleaned[(cleaned.IndexOf("digest", StringComparison.OrdinalIgnoreCase) + "digest".Length)..];
        else return null;

        var restLower = Spaces().Replace(rest.Replace(',', ' ').ToLowerInvariant(), " ").Trim();
        var restWords = AnswerReader.Normalize(rest);
        if (SettingsWords.Contains(restLower) || SettingsWords.Contains(restWords)) return new DigestCommand.Settings();
        if (OffWords.Contains(restWords)) return new DigestCommand.Off();
        if (NowWords.Contains(restWords)) return new DigestCommand.Now();
        if (restWords is "mention missing answers" or "mention missing" or "mention non responders" or "mention people who have not answered" or "mentions on")
            return new DigestCommand.MentionMissing(true);
        if (restWords is "don't mention missing answers" or "dont mention missing answers" or "do not mention missing answers" or "no mentions" or "mentions off")
            return new DigestCommand.MentionMissing(false);
        if (SkipQuietWords.Contains(restWords)) return new DigestCommand.QuietDays(true);
        if (PostQuietWords.Contains(restWords) || PostQuietWords.Contains(restLower)) return new DigestCommand.QuietDays(false);

        var defaultZone = DigestSchedule.TryResolveTimeZone(requesterTimeZone, out var requesterZone) ? requesterZone.Id : TimeZoneInfo.Utc.Id;
        if (OnWords.Contains(restWords))
            return new DigestCommand.Subscribe(DefaultTime, defaultZone, DigestSchedule.Weekdays, false, false, false);

        return ParseSchedule(rest, defaultZone);
    }

    /// <summary>Reads a time of day: "9", "9am", "9 am", "9:30", "09:30", "5.30pm", "17:30", "9h30", "noon". Null when it is not one.</summary>
    public static TimeOnly? ParseTime(string text)
    {
        var token = text.Trim().ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        return ReadTime(token, out var time) == TimeRead.Valid ? time : null;
    }

    private static DigestCommand ParseSchedule(string rest, string defaultZone)
    {
        var tokens = Spaces().Split(rest.Replace(',', ' ').Trim()).Where(t => t.Length > 0).ToList();
        TimeOnly? time = null;
        string? zone = null;
        var days = new List<DayOfWeek>();
        var daysGiven = false;

        for (var i = 0; i < tokens.Count; i++)
        {
            var original = tokens[i];
            var token = original.ToLowerInvariant();
            var next = i + 1 < tokens.Count ? tokens[i + 1].ToLowerInvariant() : null;

            // A time, possibly with "am"/"pm" as the next word.
            if (char.IsDigit(token[0]) || token is "noon" or "midday")
            {
                var candidate = token;
                if (next is "am" or "pm" or "a.m." or "p.m." or "a.m" or "p.m") { candidate += next; i++; }
                switch (ReadTime(candidate, out var read))
                {
                    case TimeRead.Valid when time is null:
                        time = read;
                        continue;
                    case TimeRead.Valid:
                        return new DigestCommand.Invalid($"Give one time of day, for example {Examples}.");
                    default:
                        return InvalidTime(original + (candidate.Length > token.Length ? " " + tokens[i] : ""));
                }
            }

            if (token is "daily" or "everyday" or "day" or "days")
            {
                days.AddRange(DigestSchedule.EveryDay);
                daysGiven = true;
                continue;
            }

            if (token is "working" or "work" or "business" or "week" && next is "day" or "days")
            {
                days.AddRange(DigestSchedule.Weekdays);
                daysGiven = true;
                i++;
                continue;
            }

            if (token is "weekdays" or "weekday" or "workdays" or "workday")
            {
                days.AddRange(DigestSchedule.Weekdays);
                daysGiven = true;
                continue;
            }

            if (token is "weekends" or "weekend")
            {
                days.AddRange([DayOfWeek.Saturday, DayOfWeek.Sunday]);
                daysGiven = true;
                continue;
            }

            // "mon-fri" in one word.
            if (token.Split('-') is [var a, var b] && Day(a) is { } fromDay && Day(b) is { } toDay)
            {
                days.AddRange(Range(fromDay, toDay));
                daysGiven = true;
                continue;
            }

            if (Day(token) is { } day)
            {
                // "monday to friday", "mon - fri".
                if (next is not null && RangeWords.Contains(next) && i + 2 < tokens.Count && Day(tokens[i + 2].ToLowerInvariant()) is { } last)
                {
                    days.AddRange(Range(day, last));
                    i += 2;
                }
                else
                {
                    days.Add(day);
                }

                daysGiven = true;
                continue;
            }

            if (Filler.Contains(token)) continue;

            if (DigestSchedule.TryResolveTimeZone(original, out var resolved))
            {
                if (zone is not null && zone != resolved.Id)
                    return new DigestCommand.Invalid($"Give one time zone, for example {Examples}.");
                zone = resolved.Id;
                continue;
            }

            if (original.Contains('/', StringComparison.Ordinal) || token.StartsWith("utc", StringComparison.Ordinal) || token.StartsWith("gmt", StringComparison.Ordinal))
                return new DigestCommand.Invalid(
                    $"I don't know the time zone “{original}”. Use a name from the time zone database such as “Europe/Berlin”, “America/New_York”, “Asia/Kolkata” or “UTC”, for example “digest daily at 9:00 Europe/Berlin”.");

            return new DigestCommand.Invalid($"I didn't understand “{original}”. Say for example {Examples}.");
        }

        if (time is null && zone is null && !daysGiven)
            return new DigestCommand.Invalid($"Tell me when to post the digest, for example {Examples}.");

        var ordered = days.Distinct().OrderBy(d => ((int)d + 6) % 7).ToList();
        return new DigestCommand.Subscribe(
            time ?? DefaultTime,
            zone ?? defaultZone,
            daysGiven ? ordered : DigestSchedule.Weekdays,
            time is not null,
            zone is not null,
            daysGiven);
    }

    private static DigestCommand.Invalid InvalidTime(string token) => new(
        $"“{token}” isn't a time of day I can use: hours run from 0 to 23 (or 1 to 12 with am/pm) and minutes from 00 to 59. " +
        "Try for example “digest weekdays at 8:30”, “digest at 9am” or “digest daily at 17:30 Europe/Berlin”.");

    private enum TimeRead
    {
        NotATime,
        OutOfRange,
        Valid,
    }

    private static TimeRead ReadTime(string token, out TimeOnly time)
    {
        time = default;
        if (token is "noon" or "midday")
        {
            time = new TimeOnly(12, 0);
            return TimeRead.Valid;
        }

        var match = TimePattern().Match(token);
        if (!match.Success) return TimeRead.NotATime;
        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var meridiem = match.Groups["ap"].Success ? match.Groups["ap"].Value[0] : (char?)null;
        if (minute > 59) return TimeRead.OutOfRange;
        if (meridiem is { } ap)
        {
            if (hour is < 1 or > 12) return TimeRead.OutOfRange;
            hour = hour % 12 + (ap == 'p' ? 12 : 0);
        }
        else if (hour > 23)
        {
            return TimeRead.OutOfRange;
        }

        time = new TimeOnly(hour, minute);
        return TimeRead.Valid;
    }

    private static DayOfWeek? Day(string token)
    {
        if (DayNames.TryGetValue(token, out var day)) return day;
        return token.EndsWith('s') && DayNames.TryGetValue(token[..^1], out var plural) ? plural : null;
    }

    private static IEnumerable<DayOfWeek> Range(DayOfWeek from, DayOfWeek to)
    {
        for (var d = from; ; d = (DayOfWeek)(((int)d + 1) % 7))
        {
            yield return d;
            if (d == to) yield break;
        }
    }

    [GeneratedRegex(@"^(?<h>\d{1,2})(?:[:.h](?<m>\d{2}))?(?:(?<ap>[ap])\.?m\.?)?$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"<at>.*?</at>|^@pmopsbot\b", RegexOptions.IgnoreCase)]
    private static partial Regex Mention();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
