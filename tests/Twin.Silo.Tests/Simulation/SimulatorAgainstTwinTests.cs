using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Silo.Ingestion;
using Twin.Simulator;
using Twin.Storage;
using Twin.Tests.Shared;

namespace Twin.Silo.Tests.Simulation;

[Collection(TwinAppCollection.Name)]
public sealed class FixedRateSimulatorTests(TwinAppFixture app)
{
    /// <summary>The run's options: one reading per device at most (the fixture's flood limit is 30 a minute), from the fleet's own models.</summary>
    private static readonly SimulatorOptions Run = new() { Cadence = Cadence.Fixed, Rate = 400, Count = 1200, NonConsentingSenders = 0, Seed = 7 };

    /// <summary>The devices this run sends a reading to (a test of the same silo that counts a device's readings avoids them).</summary>
    public static IReadOnlySet<string> Receivers(TwinCatalog catalog) =>
        new FleetSimulator(catalog, TimeProvider.System, Run.Seed, Run).Senders.Take((int)Run.Count!.Value).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public async Task EveryReadingTheTwinAcknowledgedIsInTheHistoryAndTheLiveState()
    {
        var ct = TestContext.Current.CancellationToken;
        var catalog = app.Services.GetRequiredService<TwinCatalog>();
        var history = app.Services.GetRequiredService<IReadingHistory>();
        var metrics = app.Services.GetRequiredService<IngestionMetrics>();
        var acceptedBefore = metrics.Accepted;
        var started = DateTimeOffset.UtcNow;
        var simulator = new FleetSimulator(catalog, TimeProvider.System, Run.Seed, Run);
        var summary = await SimulatorRunner.RunAsync(simulator, new PublisherOptions("127.0.0.1", app.MqttPort, Qos: 1, Connections: 2,
            Username: MqttTestCredentials.FleetUsername, Password: MqttTestCredentials.FleetPassword),
            TimeProvider.System, TimeSpan.FromSeconds(10), cancellationToken: ct);

        Assert.Equal(1200, summary.Sent);
        Assert.Equal(summary.Sent, summary.Acknowledged + summary.Rejected);
        Assert.True(summary.Acknowledged >= 1150, summary.ToString());
        Assert.Equal(summary.Acknowledged, metrics.Accepted - acceptedBefore);

        var rows = 0;
        foreach (var device in simulator.Senders.Take(1200))
        {
            var records = await history.ReadReceivedSinceAsync(device.Id, started, ct);
            rows += records.Count;
            if (records.Count == 0 || device.Kind == Grains.Abstractions.DeviceKind.ChildTracker)
            {
                continue;
            }
            var newest = records.MaxBy(r => r.Reading.Ts)!;
            var live = await app.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{device.Id}", ct);
            Assert.True(live.GetProperty("reading").GetProperty("seq").GetInt64() >= newest.Seq, device.Id);
        }
        Assert.Equal(summary.Acknowledged, rows);
    }
}

/// <summary>The README's run command: the silo with the simulated fleet streaming.</summary>
public sealed class DemoRunFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TwinAppFixture.Isolate(builder, "demo");
        builder.UseSetting("Twin:Simulator:Enabled", "true");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
}

public sealed class DemoRunTests(DemoRunFixture demo) : IClassFixture<DemoRunFixture>
{
    [Fact]
    public async Task TheCityLivesWithinAMinuteWithoutAnyOutsidePublisher()
    {
        using var http = demo.CreateClientAs(TestAccounts.Operator);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var reporting = 0;
        while (reporting < 200)
        {
            var city = await http.GetFromJsonAsync<JsonElement>("/api/city", cts.Token);
            var counts = city.GetProperty("counts");
            reporting = counts.GetProperty("total").GetInt32() - (counts.GetProperty("byStatus").TryGetProperty("unknown", out var u) ? u.GetInt32() : 0);
            if (reporting < 200)
            {
                await Task.Delay(250, cts.Token);
            }
        }
        var metrics = demo.Services.GetRequiredService<IngestionMetrics>();
        Assert.True(metrics.Accepted >= 200);
    }
}
