using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Digest;

/// <summary>An interview someone started and has not finished, as the digest reports it.</summary>
public sealed record OpenInterview(Guid SessionId, string TenantId, string? TeamId, string ConversationId, UserRef User, string? Name, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt);

/// <summary>Keeps track of unfinished interviews (written when one starts, is named, and ends), so the digest can list them.</summary>
public interface IInterviewLog
{
    Task UpsertAsync(OpenInterview interview, CancellationToken cancellationToken);

    Task RemoveAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>Deletes every open interview of the person in this tenant, in any conversation (“forget me”); how many there were.</summary>
    Task<int> RemoveAllForUserAsync(string tenantId, string userId, CancellationToken cancellationToken);

    /// <summary>Open interviews in the scope last touched before <paramref name="untouchedSince"/>.</summary>
    Task<IReadOnlyList<OpenInterview>> ListStaleAsync(DigestScope scope, DateTimeOffset untouchedSince, int limit, CancellationToken cancellationToken);
}
