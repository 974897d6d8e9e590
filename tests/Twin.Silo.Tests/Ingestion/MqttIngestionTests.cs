using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Silo.Ingestion;
using Twin.Tests.Shared;

namespace Twin.Silo.Tests.Ingestion;

[Collection(TwinAppCollection.Name)]
public sealed class MqttIngestionTests(TwinAppFixture app)
{
    private TwinCatalog Catalog => app.Services.GetRequiredService<TwinCatalog>();

    private static string Now() => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    [Fact]
    public async Task AReadingFromMosquittoPubShowsInTheApiAndCautionLevelTurnsGaugeSegmentAndDistrictToWarning()
    {
        var ct = TestContext.Current.CancellationToken;
        var segment = Catalog.Segments.First(s => s.Id.StartsWith("joganji", StringComparison.Ordinal));
        var gauge = Catalog.Devices.First(d => d.Id == segment.GaugeIds[0]);
        var level = Math.Round(gauge.Thresholds["caution_m"] + 0.02, 2);
        var payload = $$"""{"ts":"{{Now()}}","seq":1,"level_m":{{level.ToString(CultureInfo.InvariantCulture)}},"battery_v":3.61}""";

        var (exit, output) = await app.MosquittoPubAsync($"toyama/river-gauge/{gauge.Id}/up", payload);
        Assert.True(exit == 0, output);

        // The PUBACK follows the grain's update, so the state is there as soon as mosquitto_pub returns.
        var device = await app.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{gauge.Id}", ct);
        Assert.Equal(level, device.GetProperty("reading").GetProperty("level_m").GetDouble());
        Assert.Equal(1, device.GetProperty("reading").GetProperty("seq").GetInt64());
        Assert.Equal("warning", device.GetProperty("status").GetString());

        await WaitForAsync($"/api/rivers/{segment.Id}", j => j.GetProperty("status").GetString() == "warning");
        await WaitForAsync($"/api/districts/{gauge.District}", j => j.GetProperty("status").GetString() is "warning" or "alarm" or "critical");
    }

    [Fact]
    public async Task RejectedUplinksAreAnsweredWithReasonCodesCountedAndDeadLettered()
    {
        var pump = Catalog.Devices.First(d => d.Kind == DeviceKind.SnowPump && d.District == "oyama");
        var child = Catalog.Devices.First(d => d.Kind == DeviceKind.ChildTracker && !d.Consent);
        var metrics = app.Services.GetRequiredService<IngestionMetrics>();
        var before = metrics.Rejected;

        using var client = new MqttClientFactory().CreateMqttClient();
        var deadLetters = new List<string>();
        var gotDeadLetters = new TaskCompletionSource();
        client.ApplicationMessageReceivedAsync += e =>
        {
            lock (deadLetters)
            {
                deadLetters.Add(e.ApplicationMessage.ConvertPayloadToString());
                if (deadLetters.Count == 4)
                {
                    gotDeadLetters.TrySetResult();
                }
            }
            return Task.CompletedTask;
        };
        await client.ConnectAsync(TwinAppFixture.MqttOptions(app.MqttPort, MqttTestCredentials.AllRolesUsername, MqttTestCredentials.AllRolesPassword).Build(), TestContext.Current.CancellationToken);
        await client.SubscribeAsync(app.DeadLetterTopic, MqttQualityOfServiceLevel.AtLeastOnce, TestContext.Current.CancellationToken);

        async Task<MqttClientPublishReasonCode> Publish(string topic, string payload) =>
            (await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), TestContext.Current.CancellationToken)).ReasonCode;

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, await Publish($"toyama/snow-pump/{pump.Id}/up", "{not json"));
        Assert.Equal(MqttClientPublishReasonCode.TopicNameInvalid, await Publish("toyama/snow-pump/sp-9999999/up", $$"""{"ts":"{{Now()}}","seq":1,"state":"running"}"""));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await Publish($"toyama/child-tracker/{child.Id}/up", $$"""{"ts":"{{Now()}}","seq":1,"lat":36.7,"lon":137.2}"""));
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, await Publish($"toyama/snow-pump/{pump.Id}/up", $$"""{"ts":"{{Now()}}","seq":1,"state":"exploded"}"""));
        // A good reading right after the bad ones is applied.
        Assert.True(Accepted(await Publish($"toyama/snow-pump/{pump.Id}/up", $$"""{"ts":"{{Now()}}","seq":7,"state":"running","pressure_mpa":0.3}""")));

        await gotDeadLetters.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Contains(deadLetters, d => d.Contains("\"reason\":\"malformed-json\"", StringComparison.Ordinal));
        Assert.Contains(deadLetters, d => d.Contains("\"reason\":\"no-consent\"", StringComparison.Ordinal));
        var after = metrics.Rejected;
        foreach (var reason in new[] { "malformed-json", "unknown-device", "no-consent", "unknown-state" })
        {
            Assert.Equal(before.GetValueOrDefault(reason) + 1, after.GetValueOrDefault(reason));
        }
        var device = await app.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{pump.Id}", TestContext.Current.CancellationToken);
        Assert.Equal("running", device.GetProperty("reading").GetProperty("state").GetString());
    }

    [Fact]
    public async Task AFloodingDeviceIsRateLimited()
    {
        // A joint the fixed-rate simulator run of this silo does not send to: its window holds this burst alone.
        var simulated = Simulation.FixedRateSimulatorTests.Receivers(Catalog);
        var joint = Catalog.Devices.First(d => d.Kind == DeviceKind.BridgeJoint && !simulated.Contains(d.Id));
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(TwinAppFixture.MqttOptions(app.MqttPort, MqttTestCredentials.AllRolesUsername, MqttTestCredentials.AllRolesPassword).Build(), TestContext.Current.CancellationToken);
        var codes = new List<MqttClientPublishReasonCode>();
        var start = DateTimeOffset.UtcNow;
        // Over twice the limit: however a minute boundary splits the burst, one window sees more than 30.
        for (var i = 0; i < 70; i++)
        {
            var ts = start.AddMilliseconds(i).ToString("O", CultureInfo.InvariantCulture);
            var r = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"toyama/bridge-joint/{joint.Id}/up")
                .WithPayload($$"""{"ts":"{{ts}}","seq":{{i}},"gap_mm":40}""").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), TestContext.Current.CancellationToken);
            codes.Add(r.ReasonCode);
        }
        Assert.Contains(MqttClientPublishReasonCode.QuotaExceeded, codes);
        Assert.True(codes.Count(Accepted) >= 30);

        // Refused, but none lost: every reading is in the history, the refused ones flagged, and the device's
        // live state follows the readings it took (replay skips the flagged ones).
        var kept = await app.Services.GetRequiredService<IReadingHistory>()
            .ReadAsync(joint.Id, start.AddMinutes(-1), start.AddMinutes(1), 1000, TestContext.Current.CancellationToken);
        Assert.Equal(70, kept.Select(r => r.Seq).Distinct().Count());
        var flagged = kept.Where(r => r.Reading.Flag is not null).ToList();
        Assert.Equal(codes.Count(c => c == MqttClientPublishReasonCode.QuotaExceeded), flagged.Count);
        Assert.All(flagged, r => Assert.Equal("rate-limited", r.Reading.Flag));
        var lastTaken = codes.FindLastIndex(c => Accepted(c));
        var device = await app.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{joint.Id}", TestContext.Current.CancellationToken);
        Assert.Equal(lastTaken, device.GetProperty("reading").GetProperty("seq").GetInt64());
    }

    /// <summary>Success, or success with nobody subscribed (0x10): the twin took the reading either way.</summary>
    private static bool Accepted(MqttClientPublishReasonCode code) =>
        code is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers;

    private async Task WaitForAsync(string url, Func<JsonElement, bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var j = await app.Http.GetFromJsonAsync<JsonElement>(url, cts.Token);
            if (condition(j))
            {
                return;
            }
            await Task.Delay(25, cts.Token);
        }
    }
}
