using Microsoft.Extensions.Diagnostics.HealthChecks;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Api;

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
