using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Digest;

/// <summary>A channel's (or group chat's) wish for a daily stand-up digest.</summary>
public sealed record DigestSubscription
{
    public required Guid Id { get; init; }

    public required string TenantId { get; init; }

    /// <summary>The team the channel belongs to; null for a group chat, whose scope is the chat itself.</summary>
    public string? TeamId { get; init; }

    /// <summary>The channel the bot talks through ("msteams", "slack").</summary>
    public required string ChannelId { get; init; }

    public required string ConversationId { get; init; }

    /// <summary>Where to post, written and read only by the channel edge (a serialised conversation reference).</summary>
    public required string DeliveryAddress { get; init; }

    public TimeOnly TimeOfDay { get; init; } = new(9, 0);

    /// <summary>IANA or Windows time zone id; "UTC" when unknown.</summary>
    public string TimeZoneId { get; init; } = "UTC";

    public IReadOnlyList<DayOfWeek> WorkingDays { get; init; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Post nothing on a day with nothing to report (instead of a one-line "all quiet").</summary>
    public bool SkipQuietDays { get; init; }

    /// <summary>@mention the people who have not answered their check-in (off by default: listing them by name is enough).</summary>
    public bool MentionMissingAnswers { get; init; }

    public bool Active { get; init; } = true;

    /// <summary>Why the bot stopped posting (for example: removed from the team).</summary>
    public string? InactiveReason { get; init; }

    public required UserRef CreatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the last digest was posted: the next one reports what happened since.</summary>
    public DateTimeOffset? LastPostedAt { get; init; }
}

/// <summary>What a digest covers: a team's initiatives, or those of one group chat.</summary>
public sealed record DigestScope(string TenantId, string? TeamId, string ConversationId)
{
    public static DigestScope Of(DigestSubscription subscription) => new(subscription.TenantId, subscription.TeamId, subscription.ConversationId);
}
