using Microsoft.Extensions.Diagnostics.HealthChecks;
using Twin.Grains.Abstractions;
using Twin.Silo.Ingestion;

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

/// <summary>Healthy when uplinks can arrive: the embedded broker listens, or the silo is connected to the outside broker.</summary>
public sealed class MqttHealthCheck(IMqttOutbound mqtt) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(mqtt.IsUp
            ? HealthCheckResult.Healthy($"Taking uplinks: {mqtt.Describe}.")
            : HealthCheckResult.Unhealthy($"Not taking uplinks: {mqtt.Describe} is down."));
}

/// <summary>
/// Healthy when the reading history answers a query within 5 s. Without it no reading is acknowledged, so the
/// silo cannot ingest even while its grains answer.
/// </summary>
public sealed class HistoryHealthCheck(IReadingHistory history, TimeProvider clock) : IHealthCheck
{
    /// <summary>An id no device has: the query walks the index and finds nothing.</summary>
    private const string Probe = "__health__";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var now = clock.GetUtcNow();
            await history.ReadAsync(Probe, now.AddMinutes(-1), now, 1, cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy("The reading history answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The reading history does not answer: no reading can be acknowledged.", ex);
        }
    }
}
