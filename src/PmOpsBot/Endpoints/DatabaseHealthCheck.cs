using Microsoft.Extensions.Diagnostics.HealthChecks;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Endpoints;

/// <summary>Healthy when the registry answers a query.</summary>
public sealed class DatabaseHealthCheck(IInitiativeStore initiatives) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await initiatives.ListByCreatorAsync("healthz", "healthz", 1, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", exception);
        }
    }
}
