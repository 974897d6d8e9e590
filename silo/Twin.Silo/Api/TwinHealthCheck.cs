using Microsoft.Extensions.Diagnostics.HealthChecks;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Api;

/// <summary>Healthy when the silo answers a grain call: the city grain, which needs the cluster and its districts.</summary>
public sealed class TwinHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<ICityGrain>(GrainKeys.City).GetAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy("The city grain answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The twin's grains do not answer.", ex);
        }
    }
}
