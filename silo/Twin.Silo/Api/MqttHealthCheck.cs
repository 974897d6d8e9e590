using Microsoft.Extensions.Diagnostics.HealthChecks;
using Twin.Silo.Ingestion;

namespace Twin.Silo.Api;

/// <summary>Healthy when uplinks can arrive: the embedded broker listens, or the silo is connected to the outside broker.</summary>
public sealed class MqttHealthCheck(IMqttOutbound mqtt) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(mqtt.IsUp
            ? HealthCheckResult.Healthy($"Taking uplinks: {mqtt.Describe}.")
            : HealthCheckResult.Unhealthy($"Not taking uplinks: {mqtt.Describe} is down."));
}
