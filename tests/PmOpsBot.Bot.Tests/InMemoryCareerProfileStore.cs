using System.Collections.Concurrent;
using PmOpsBot.Core.CareerFit;

namespace PmOpsBot.Bot.Tests;

public sealed class InMemoryCareerProfileStore : ICareerProfileStore
{
    private readonly ConcurrentDictionary<(string, string), CareerProfile> _profiles = new();

    public Task<CareerProfile?> FindAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_profiles.TryGetValue((tenantId, userId), out var found) ? found : null);

    public Task<bool> DeleteAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_profiles.TryRemove((tenantId, userId), out _));

    public Task SaveAsync(CareerProfile profile, CancellationToken cancellationToken)
    {
        _profiles[(profile.TenantId, profile.UserId)] = profile;
        return Task.CompletedTask;
    }
}
