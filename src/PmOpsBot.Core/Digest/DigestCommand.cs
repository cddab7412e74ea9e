using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Digest;

/// <summary>What a channel asked of its stand-up digest, read by <see cref="DigestCommandParser"/>.</summary>
public abstract record DigestCommand
{
    /// <summary>
    /// Subscribe or change the schedule ("digest daily at 9:00 Europe/Berlin", "digest weekdays at 8:30", "digest on").
    /// <see cref="Time"/>, <see cref="TimeZoneId"/> and <see cref="Days"/> are complete (defaults filled in);
    /// the *Given flags say which of them were actually said, so a change keeps what was not mentioned.
    /// </summary>
    public sealed record Subscribe(TimeOnly Time, string TimeZoneId, IReadOnlyList<DayOfWeek> Days, bool TimeGiven, bool TimeZoneGiven, bool DaysGiven) : DigestCommand
    {
        /// <summary>A new, active subscription with this schedule.</summary>
        public DigestSubscription Create(Guid id, string tenantId, string? teamId, string channelId, string conversationId, string deliveryAddress, UserRef createdBy, DateTimeOffset now) => new()
        {
            Id = id,
            TenantId = tenantId,
            TeamId = teamId,
            ChannelId = channelId,
            ConversationId = conversationId,
            DeliveryAddress = deliveryAddress,
            TimeOfDay = Time,
            TimeZoneId = TimeZoneId,
            WorkingDays = Days,
            CreatedBy = createdBy,
            CreatedAt = now,
        };

        /// <summary>
        /// The existing subscription with what was said changed, made active again (so "digest on" after
        /// "digest off" resumes the old schedule). A fresh <paramref name="deliveryAddress"/> replaces the stored one when given.
        /// </summary>
        public DigestSubscription ApplyTo(DigestSubscription existing, string? deliveryAddress = null) => existing with
        {
            TimeOfDay = TimeGiven ? Time : existing.TimeOfDay,
            TimeZoneId = TimeZoneGiven ? TimeZoneId : existing.TimeZoneId,
            WorkingDays = DaysGiven ? Days : existing.WorkingDays,
            Active = true,
            InactiveReason = null,
            DeliveryAddress = deliveryAddress ?? existing.DeliveryAddress,
        };
    }

    /// <summary>"digest off", "stop the digest".</summary>
    public sealed record Off : DigestCommand;

    /// <summary>"digest now": post one immediately, whatever the schedule.</summary>
    public sealed record Now : DigestCommand;

    /// <summary>"digest", "digest settings": show the schedule.</summary>
    public sealed record Settings : DigestCommand;

    /// <summary>"digest skip quiet days" (true) or "digest post quiet days" (false).</summary>
    public sealed record QuietDays(bool Skip) : DigestCommand;

    /// <summary>Looked like a digest command but could not be read: <see cref="Message"/> says what to type instead.</summary>
    public sealed record Invalid(string Message) : DigestCommand;

    /// <summary>"digest mention missing answers" / "digest don't mention missing answers".</summary>
    public sealed record MentionMissing(bool On) : DigestCommand;
}
