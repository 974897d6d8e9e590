using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Twin.Simulator.Tests;

public sealed class SimulatorHostingTests
{
    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        // The host names its broker (the silo: its own port, or its external broker); here the port of Twin:Mqtt:Port.
        builder.Services.AddTwinSimulator(builder.Configuration, o =>
        {
            o.Host ??= "127.0.0.1";
            o.Port = o.Port == 0 ? builder.Configuration.GetValue("Twin:Mqtt:Port", 1883) : o.Port;
        });
        return builder;
    }

    [Fact]
    public void NothingRunsUnlessEnabled()
    {
        using var host = Builder(new() { ["Twin:Mqtt:Port"] = "1999" }).Build();
        Assert.Empty(host.Services.GetServices<IHostedService>());
    }

    [Fact]
    public void TheHostsBrokerAndTheSimulatorsOptionsAreTaken()
    {
        using var host = Builder(new()
        {
            ["Twin:Simulator:Enabled"] = "true",
            ["Twin:Simulator:Cadence"] = "Fixed",
            ["Twin:Simulator:Format"] = "Mixed",
            ["Twin:Simulator:Rate"] = "250",
            ["Twin:Simulator:Seed"] = "99",
            ["Twin:Mqtt:Port"] = "18831",
        }).Build();
        var o = host.Services.GetRequiredService<IOptions<SimulatorOptions>>().Value;
        Assert.Equal(("127.0.0.1", 18831, Cadence.Fixed, UplinkFormat.Mixed, 250.0, 99UL), (o.Host, o.Port, o.Cadence, o.Format, o.Rate, o.Seed));
        Assert.Single(host.Services.GetServices<IHostedService>());
    }

    [Fact]
    public async Task TheHostedSimulatorWaitsForTheBrokerThenPublishes()
    {
        await using var broker = new TestBroker(signalAfter: 50);
        using var host = Builder(new()
        {
            ["Twin:Simulator:Enabled"] = "true",
            ["Twin:Simulator:Cadence"] = "Fixed",
            ["Twin:Simulator:Rate"] = "500",
            ["Twin:Mqtt:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var ct = TestContext.Current.CancellationToken;

        await host.StartAsync(ct);     // the broker is not up yet: the simulator keeps trying
        await broker.StartAsync();
        await broker.Enough.WaitAsync(TimeSpan.FromSeconds(30), ct);
        await host.StopAsync(ct);

        Assert.All(broker.Topics, t => Assert.StartsWith("toyama/", t, StringComparison.Ordinal));
    }
}
