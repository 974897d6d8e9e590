using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using Twin.Silo.Ingestion;

namespace Twin.Silo.Tests.Api;

/// <summary>A silo whose MQTT side is down: the broker outage an on-call person sees in /health.</summary>
public sealed class BrokerDownFixture : WebApplicationFactory<Program>
{
    private sealed class DownBroker : IMqttOutbound
    {
        public bool IsUp => false;

        public string Describe => "MQTT broker 192.0.2.1:1883 (unreachable)";

        public Task PublishAsync(MqttApplicationMessage message, CancellationToken ct = default) =>
            Task.FromException(new InvalidOperationException("the broker is down"));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TwinAppFixture.Isolate(builder, "health");
        builder.ConfigureTestServices(services => services.AddSingleton<IMqttOutbound>(new DownBroker()));
    }
}

public sealed class HealthEndpointTests(BrokerDownFixture silo) : IClassFixture<BrokerDownFixture>
{
    [Fact]
    public async Task ABrokerOutageFailsReadinessButNotLiveness()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = silo.CreateClientAs(TestAccounts.Monitor);

        // Readiness names the part that is down and keeps the others' verdicts.
        var ready = await http.GetAsync("/health", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var report = await ready.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("unhealthy", report.GetProperty("status").GetString());
        Assert.Equal("unhealthy", report.GetProperty("checks").GetProperty("mqtt").GetProperty("status").GetString());
        Assert.Contains("192.0.2.1:1883", report.GetProperty("checks").GetProperty("mqtt").GetProperty("description").GetString());
        Assert.Equal("healthy", report.GetProperty("checks").GetProperty("grains").GetProperty("status").GetString());

        // Liveness: the process answers; restarting it would not bring the broker back.
        var live = await http.GetAsync("/health/live", ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var liveReport = await live.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("healthy", liveReport.GetProperty("status").GetString());
        Assert.Empty(liveReport.GetProperty("checks").EnumerateObject());
    }
}
