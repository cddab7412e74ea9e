using System.Globalization;
using PmOpsBot.Core.Conversation;

namespace PmOpsBot.Core.Digest;

/// <summary>The digest commands: subscribe, change, turn off, post now, show settings.</summary>
public sealed class DigestConversation(IDigestSubscriptionStore subscriptions, DigestBuilder builder, TimeProvider clock)
{
    public const string AcceptOfferAction = "digest-on";
    public const string DeclineOfferAction = "digest-no";

    public static DigestCommand? Read(UserInput input, ChatContext context) => input.Action switch
    {
        AcceptOfferAction => DigestCommandParser.Parse("digest on", context.TimeZone),
        DeclineOfferAction => new DigestCommand.Off(),
        _ => input.IsButton ? null : DigestCommandParser.Parse(input.Text, context.TimeZone),
    };

    public async Task<IReadOnlyList<Reply>> HandleAsync(ChatContext context, DigestCommand command, CancellationToken cancellationToken)
    {
        var existing = await subscriptions.FindAsync(context.TenantId, context.ChannelId, context.ConversationId, cancellationToken);
        switch (command)
        {
            case DigestCommand.Invalid invalid:
                return [new Reply.Text(invalid.Message)];
            case DigestCommand.Settings:
                return [new Reply.Text(existing is null ? "No digest is set up here. Say “digest weekdays at 9:00” to get one every working day." : Describe(existing))];
            case DigestCommand.Off:
                if (existing is null || !existing.Active) return [new Reply.Text("OK, no digest here. Say “digest on” any time to start one.")];
                await subscriptions.SaveAsync(existing with { Active = false, InactiveReason = $"turned off by {context.User.Name}" }, cancellationToken);
                return [new Reply.Text("The daily digest is off for this conversation. Say “digest on” to bring it back.")];
            case DigestCommand.QuietDays quiet:
                if (existing is null) return [new Reply.Text("There's no digest here yet. Say “digest weekdays at 9:00” first.")];
                var saved = await subscriptions.SaveAsync(existing with { SkipQuietDays = quiet.Skip }, cancellationToken);
                return [new Reply.Text(quiet.Skip ? "Quiet days will be skipped: no post when there's nothing to report." : "On quiet days I'll post a one-line “all quiet”."), new Reply.Text(Describe(saved))];
            case DigestCommand.MentionMissing mention:
                if (existing is null) return [new Reply.Text("There's no digest here yet. Say “digest weekdays at 9:00” first.")];
                await subscriptions.SaveAsync(existing with { MentionMissingAnswers = mention.On }, cancellationToken);
                return [new Reply.Text(mention.On
                    ? "People who haven't answered their check-in will be @mentioned in the digest."
                    : "People who haven't answered their check-in will be listed by name, without @mentions.")];
            case DigestCommand.Now:
                var subscription = existing ?? Unsaved(context);
                return [new Reply.DigestCard(await builder.BuildAsync(subscription, clock.GetUtcNow(), cancellationToken))];
            case DigestCommand.Subscribe subscribe:
                if (context.Address is null) return [new Reply.Text("I can't post here on my own, so I can't set up a digest in this conversation.")];
                var stored = await subscriptions.SaveAsync(existing is null
                    ? subscribe.Create(Guid.NewGuid(), context.TenantId, context.TeamId, context.ChannelId, context.ConversationId, context.Address, context.User, clock.GetUtcNow())
                    : subscribe.ApplyTo(existing, context.Address), cancellationToken);
                return [new Reply.Text($"Done. {Describe(stored)}")];
            default:
                return [];
        }
    }

    public static string Describe(DigestSubscription s)
    {
        if (!s.Active) return $"The digest here is off{(s.InactiveReason is null ? "" : $" ({s.InactiveReason})")}. Say “digest on” to bring it back.";
        var days = DaysName(s.WorkingDays);
        var next = DigestSchedule.NextRun(s, DateTimeOffset.UtcNow);
        var nextText = next == DateTimeOffset.MaxValue ? "" : $" Next one: {DigestSchedule.ToLocal(s, next).ToString("dddd d MMMM, HH:mm", CultureInfo.InvariantCulture)}.";
        return $"The stand-up digest posts here {days} at {s.TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture)} ({s.TimeZoneId}){(s.SkipQuietDays ? ", skipping quiet days" : "")}.{nextText}";
    }

    private static string DaysName(IReadOnlyList<DayOfWeek> days)
    {
        var set = days.ToHashSet();
        if (set.Count == 7) return "every day";
        if (set.SetEquals(DigestSchedule.Weekdays)) return "on weekdays";
        return "on " + string.Join(", ", days.OrderBy(d => ((int)d + 6) % 7).Select(d => d + "s"));
    }

    private DigestSubscription Unsaved(ChatContext context) => new()
    {
        Id = Guid.Empty,
        TenantId = context.TenantId,
        TeamId = context.TeamId,
        ChannelId = context.ChannelId,
        ConversationId = context.ConversationId,
        DeliveryAddress = context.Address ?? "",
        CreatedBy = context.User,
        CreatedAt = clock.GetUtcNow(),
    };
}
