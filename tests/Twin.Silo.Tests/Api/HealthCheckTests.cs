using Microsoft.Extensions.Diagnostics.HealthChecks;
using MQTTnet;
using Twin.Grains.Abstractions;
using Twin.Silo.Api;
using Twin.Silo.Ingestion;
using Twin.Storage;
using Twin.Storage.History;

namespace Twin.Silo.Tests.Api;

public sealed class HealthCheckTests
{
    private sealed class Outbound(bool up) : IMqttOutbound
    {
        public bool IsUp => up;

        public string Describe => "MQTT broker 10.0.0.9:1883 as twin-a";

        public Task PublishAsync(MqttApplicationMessage message, CancellationToken ct = default) => Task.CompletedTask;
    }

    private sealed class BrokenHistory : IReadingHistory
    {
        public ValueTask AppendAsync(HistoryRecord record, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<HistoryRecord>> ReadAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default) =>
            Task.FromException<IReadOnlyList<HistoryRecord>>(new InvalidOperationException("connection refused"));

        public Task<IReadOnlyList<HistoryRecord>> ReadReceivedSinceAsync(string deviceId, DateTimeOffset receivedSince, CancellationToken ct = default) =>
            throw new NotSupportedException();
    }

    [Fact]
    public async Task ABrokerThatIsDownMakesTheSiloUnhealthyAndSaysWhich()
    {
        var down = await new MqttHealthCheck(new Outbound(false)).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.Contains("10.0.0.9:1883", down.Description);
        var up = await new MqttHealthCheck(new Outbound(true)).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Healthy, up.Status);
    }

    [Fact]
    public async Task AHistoryThatDoesNotAnswerMakesTheSiloUnhealthy()
    {
        var result = await new HistoryHealthCheck(new BrokenHistory(), TimeProvider.System).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("connection refused", result.Exception!.Message);
    }

    [Fact]
    public async Task TheMemoryHistoryIsHealthy()
    {
        var result = await new HistoryHealthCheck(new MemoryReadingHistory(new TwinStorageOptions.HistorySettings(), TimeProvider.System), TimeProvider.System).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Healthy, result.Status);
    }
}
