namespace PmOpsBot.Core.CareerFit;

/// <summary>A person's answers to the career-fit questions (question id → option key), kept so asking again can reuse them.</summary>
public sealed record CareerProfile(string TenantId, string UserId, IReadOnlyDictionary<string, string> Answers, DateTimeOffset UpdatedAt);

public interface ICareerProfileStore
{
    Task<CareerProfile?> FindAsync(string tenantId, string userId, CancellationToken cancellationToken);

    Task SaveAsync(CareerProfile profile, CancellationToken cancellationToken);

    /// <summary>Deletes the person's answers in this tenant (“forget me”); false when there were none.</summary>
    Task<bool> DeleteAsync(string tenantId, string userId, CancellationToken cancellationToken);
}
