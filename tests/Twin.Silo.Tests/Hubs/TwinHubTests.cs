using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Tests.Hubs;

[Collection(TwinAppCollection.Name)]
public sealed class TwinHubTests(TwinAppFixture app)
{
    private TwinCatalog Catalog => app.Services.GetRequiredService<TwinCatalog>();

    private async Task PublishAsync(string topic, string payload)
    {
        using var client = await app.ConnectMqttAsync();
        await TwinAppFixture.PublishAsync(client, topic, payload);
    }

    [Fact]
    public async Task ADeviceSubscriberGetsTheSnapshotThenTheNewReadingWithinASecond()
    {
        var gauge = Catalog.Devices.Where(d => d.Kind == DeviceKind.RiverGauge).Skip(17).First();
        await using var viewer = await TestViewer.ConnectAsync(app);
        await viewer.Hub.InvokeAsync("SubscribeDevice", gauge.Id, TestContext.Current.CancellationToken);
        var snapshot = await viewer.NextAsync("device", d => d.GetProperty("id").GetString() == gauge.Id, TimeSpan.FromSeconds(10));
        Assert.Equal(gauge.DevEui, snapshot.GetProperty("devEui").GetString());

        // The second is measured from the publish: the MQTT client is connected before.
        using var mqtt = await app.ConnectMqttAsync();
        var ts = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var stopwatch = Stopwatch.StartNew();
        await TwinAppFixture.PublishAsync(mqtt, $"toyama/river-gauge/{gauge.Id}/up", $$"""{"ts":"{{ts}}","seq":4242,"level_m":0.77}""");
        var update = await viewer.NextAsync("device",
            d => d.GetProperty("reading").ValueKind == JsonValueKind.Object && d.GetProperty("reading").GetProperty("seq").GetInt64() == 4242, TimeSpan.FromSeconds(10));
        stopwatch.Stop();
        Assert.Equal(0.77, update.GetProperty("reading").GetProperty("level_m").GetDouble());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"device message after {stopwatch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task ADistrictSubscriberGetsTheDistrictMessageWhenAStatusChanges()
    {
        var pump = Catalog.Devices.Where(d => d.Kind == DeviceKind.SnowPump && d.District == "osawano").Skip(2).First();
        await using var viewer = await TestViewer.ConnectAsync(app);
        await viewer.Hub.InvokeAsync("SubscribeDistrict", "osawano", TestContext.Current.CancellationToken);
        var snapshot = await viewer.NextAsync("district", d => d.GetProperty("id").GetString() == "osawano", TimeSpan.FromSeconds(10));
        Assert.Equal("大沢野", snapshot.GetProperty("nameJa").GetString());
        Assert.True(snapshot.TryGetProperty("childCells", out _));

        var ts = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        await PublishAsync($"toyama/snow-pump/{pump.Id}/up", $$"""{"ts":"{{ts}}","seq":1,"state":"sensor_fault"}""");
        var change = await viewer.NextAsync("district",
            d => d.GetProperty("changed").EnumerateArray().Any(c => c.GetProperty("id").GetString() == pump.Id), TimeSpan.FromSeconds(10));
        Assert.Equal("alarm", change.GetProperty("status").GetString());
        Assert.Equal("alarm", change.GetProperty("changed").EnumerateArray().First(c => c.GetProperty("id").GetString() == pump.Id).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ACitySubscriberGetsTheCityAndTheRivers()
    {
        await using var viewer = await TestViewer.ConnectAsync(app);
        await viewer.Hub.InvokeAsync("SubscribeCity", TestContext.Current.CancellationToken);
        var city = await viewer.NextAsync("city", _ => true, TimeSpan.FromSeconds(10));
        Assert.Equal(7, city.GetProperty("districts").GetArrayLength());
        var river = await viewer.NextAsync("river", _ => true, TimeSpan.FromSeconds(10));
        Assert.True(river.GetProperty("gauges").GetArrayLength() > 0);
    }

    [Fact]
    public async Task SubscribingToAnUnknownDeviceIsAClearErrorAndTheConnectionStays()
    {
        await using var viewer = await TestViewer.ConnectAsync(app);
        var error = await Assert.ThrowsAsync<HubException>(() => viewer.Hub.InvokeAsync("SubscribeDevice", "no-such-device", TestContext.Current.CancellationToken));
        Assert.Contains("no-such-device", error.Message);
        Assert.Equal(HubConnectionState.Connected, viewer.Hub.State);
    }
}
