using System.Globalization;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.CheckIns;

/// <summary>"status history of X": an initiative's saved statuses, newest first (edits included).</summary>
public sealed record CheckInHistoryReply(Initiative Initiative, IReadOnlyList<CheckInAnswer> Entries, string EmptyMessage) : Reply;

/// <summary>An owner's private check-in prompt: their initiatives in one channel's scope, for one digest (or its one reminder).</summary>
public sealed record CheckInPromptReply(Guid SubscriptionId, DateOnly DigestDate, IReadOnlyList<Initiative> Initiatives, bool Reminder) : Reply;

/// <summary>
/// The conversation side of check-ins: status buttons, snooze, away, back, and status history. Every read is scoped
/// to the tenant of the person talking; only an initiative's owner may report its status.
/// </summary>
public sealed class CheckInFlow(IInitiativeStore initiatives, IDigestSubscriptionStore subscriptions, ICheckInStore store, TimeProvider clock)
{
    public const int HistoryLimit = 20;
    private const int CandidateLimit = 200;

    public async Task<IReadOnlyList<Reply>> HandleAsync(ChatContext context, CheckInAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(action);
        var now = clock.GetUtcNow();
        switch (action)
        {
            case CheckInAction.Answer answer:
                return await AnswerAsync(context, answer, now, cancellationToken);
            case CheckInAction.SnoozeToday snooze:
                var today = snooze.DigestDate ?? TodayFor(context, now);
                await store.SetPauseAsync(new CheckInPause(context.TenantId, context.User.Id, PauseKind.SnoozedToday, today), cancellationToken);
                return [new Reply.Text("Snoozed: no more check-in prompts or reminders today. The digest shows you as away, not missing.")];
            case CheckInAction.AwayUntil away:
                if (away.Until < TodayFor(context, now)) return [new Reply.Text($"{Format(away.Until)} has passed already. When are you back? Say “I'm away until 12 December”.")];
                await store.SetPauseAsync(new CheckInPause(context.TenantId, context.User.Id, PauseKind.Away, away.Until), cancellationToken);
                return [new Reply.Text($"Got it: no check-in prompts up to and including {Format(away.Until)}. The digest shows you as away. Say “I'm back” to resume sooner.")];
            case CheckInAction.AwayUnreadable unreadable:
                return [new Reply.Text($"I couldn't read “{unreadable.Typed}” as a date. Try “I'm away until 12 December” or “I'm away until 2026-12-12”.")];
            case CheckInAction.Back:
                await store.ClearPauseAsync(context.TenantId, context.User.Id, cancellationToken);
                return [new Reply.Text("Welcome back: check-in prompts are on again.")];
            case CheckInAction.History history:
                return await HistoryAsync(context, history.InitiativeName, cancellationToken);
            default:
                return [new Reply.Text("I didn't understand that check-in action.")];
        }
    }

    private async Task<IReadOnlyList<Reply>> AnswerAsync(ChatContext context, CheckInAction.Answer answer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var initiative = await initiatives.FindAsync(context.TenantId, answer.InitiativeId, cancellationToken);
        if (initiative is null || initiative.TenantId != context.TenantId) return [new Reply.Text("I can't find that initiative any more.")];
        var owner = CheckInOwners.Of(initiative);
        if (owner is null) return [new Reply.Text($"“{initiative.Name}” is retired, so it needs no status.")];
        if (!context.Is(owner)) return [new Reply.Text($"Only the owner of “{initiative.Name}” ({owner.Name}) can report its status.")];

        // The subscription decides whether the digest has posted (late) and whether the initiative is in its scope.
        var active = await subscriptions.ListActiveAsync(cancellationToken);
        var subscription = active.FirstOrDefault(s => s.Id == answer.SubscriptionId && s.TenantId == context.TenantId);
        if (subscription is not null && !CheckInOwners.InScope(DigestScope.Of(subscription), initiative))
            return [new Reply.Text($"“{initiative.Name}” isn't covered by that channel's digest.")];
        var late = subscription is not null && CheckInPlanner.HasPosted(subscription, answer.DigestDate);

        var saved = await store.SaveAnswerAsync(
            new CheckInAnswer(Guid.NewGuid(), context.TenantId, initiative.Id, context.User, answer.Status, answer.Note, answer.NextMilestone, answer.SubscriptionId, answer.DigestDate, now, late),
            cancellationToken);

        var status = $"“{initiative.Name}”: {StatusName(saved.Status)}";
        if (subscription is null) return [new Reply.Text($"Saved {status}. That channel's digest is off, so it will only show in the status history.")];
        if (late) return [new Reply.Text($"Saved {status}. The digest for {Format(answer.DigestDate)} has posted already, so this goes into the next digest, marked late.")];
        var at = DigestSchedule.ScheduledAt(subscription, answer.DigestDate) is { } scheduled
            ? DigestSchedule.ToLocal(subscription, scheduled).ToString("HH:mm", CultureInfo.InvariantCulture)
            : null;
        return [new Reply.Text($"Saved {status}. You can change it until the digest posts{(at is null ? "" : $" at {at}")}.")];
    }

    private async Task<IReadOnlyList<Reply>> HistoryAsync(ChatContext context, string name, CancellationToken cancellationToken)
    {
        var candidates = await initiatives.FindByNameWordsAsync(context.TenantId, NameWords.PrefixesOf(name), CandidateLimit, cancellationToken);
        var best = InitiativeNameMatcher.Best(name, candidates);
        if (best.Count == 0) return [new Reply.NoSuchInitiative(name)];
        if (best.Count > 1) return [new Reply.Text($"Several initiatives match “{name}”: {string.Join(", ", best.Select(b => $"“{b.Name}”"))}. Which one? Say “status history of” and its full name.")];
        var initiative = await initiatives.FindAsync(context.TenantId, best[0].Id, cancellationToken);
        if (initiative is null) return [new Reply.NoSuchInitiative(name)];
        var entries = await store.ListHistoryAsync(context.TenantId, initiative.Id, HistoryLimit, cancellationToken);
        return [new CheckInHistoryReply(initiative, entries, $"Nobody has reported a status for “{initiative.Name}” yet.")];
    }

    public static string StatusName(CheckInStatus status) => status switch
    {
        CheckInStatus.OnTrack => "on track",
        CheckInStatus.AtRisk => "at risk",
        _ => "blocked",
    };

    private static DateOnly TodayFor(ChatContext context, DateTimeOffset now) =>
        DigestSchedule.TryResolveTimeZone(context.TimeZone, out var zone)
            ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime)
            : DateOnly.FromDateTime(now.UtcDateTime);

    private static string Format(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
