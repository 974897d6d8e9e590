using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Silo.Hubs;
using Twin.Silo.Tests.Hubs;

namespace Twin.Silo.Tests.Contracts;

/// <summary>
/// The wire contract as the twin writes it, byte for byte: REST responses and hub messages of a silo of its own
/// (so no other test's readings show) after a known set of readings, compared with the recorded copies.
/// </summary>
public sealed class WireJsonTests(TwinAppFixture silo) : IClassFixture<TwinAppFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RestResponsesAndHubMessagesAreTheRecordedBytes()
    {
        var ct = TestContext.Current.CancellationToken;
        var scene = Scene.Pick(silo.Services.GetRequiredService<TwinCatalog>());
        var wire = new RecordedWire();

        // Before any reading: the snapshots a subscriber gets at once.
        await using var viewer = await TestViewer.ConnectAsync(silo);
        await viewer.Hub.InvokeAsync("SubscribeCity", ct);
        wire.Add("hub-city-snapshot-before-readings", "hub city", Raw(await viewer.NextAsync("city", _ => true, Wait)), gaugeThresholds: true);
        wire.Add("hub-river-snapshot-before-readings", "hub river", Raw(await viewer.NextAsync("river", IdIs(scene.Segment.Id), Wait)), gaugeThresholds: true);
        await viewer.Hub.InvokeAsync("SubscribeDistrict", scene.District, ct);
        wire.Add("hub-district-snapshot-before-readings", "hub district", Raw(await viewer.NextAsync("district", IdIs(scene.District), Wait)), gaugeThresholds: true);
        // A child tracker is never subscribed (NothingAboutOneChildLeavesTests); REST lists it below.
        foreach (var device in scene.Watched.Where(d => d.Kind != DeviceKind.ChildTracker))
        {
            await viewer.Hub.InvokeAsync("SubscribeDevice", device.Id, ct);
            wire.Add($"hub-device-{scene.Name(device)}-snapshot-before-readings", "hub device", Raw(await viewer.NextAsync("device", IdIs(device.Id), Wait)));
        }
        await viewer.Hub.InvokeAsync("SubscribeAlarms", ct);

        using (var mqtt = await silo.ConnectMqttAsync())
        {
            foreach (var (topic, payload) in scene.Readings())
            {
                var ack = await TwinAppFixture.PublishAsync(mqtt, topic, payload);
                // Accepted readings go to the twin alone, never to another client.
                Assert.True(ack.ReasonCode == MqttClientPublishReasonCode.Success, $"{topic}: {ack.ReasonCode} {ack.ReasonString}");
            }
        }

        // Each watched device's message after its last reading; the segment's once both gauges show.
        foreach (var (device, seq) in scene.LastSeqs.Where(x => x.Device.Kind != DeviceKind.ChildTracker))
        {
            var message = await viewer.NextAsync("device", d => IdIs(device.Id)(d) && d.GetProperty("reading") is { ValueKind: JsonValueKind.Object } r && r.GetProperty("seq").GetInt64() == seq, Wait);
            wire.Add($"hub-device-{scene.Name(device)}-after-reading", "hub device", Raw(message));
        }
        var river = await viewer.NextAsync("river", s => IdIs(scene.Segment.Id)(s) && s.GetProperty("gauges").EnumerateArray().Count(g => g.GetProperty("levelM").ValueKind == JsonValueKind.Number) == 2, Wait);
        wire.Add("hub-river-after-readings", "hub river", Raw(river), gaugeThresholds: true);

        // The children are counted on their cadence: once a district message carries their cells, nothing of theirs
        // changes any more, and REST has the cells too.
        await viewer.NextAsync("district", d => IdIs(scene.District)(d) && d.TryGetProperty("childCells", out var cells) && cells.GetArrayLength() > 0, Wait);

        // Once the district and the city have sent everything the readings changed, one more change travels alone:
        // its messages carry exactly that device in `changed`.
        var settled = await silo.Http.GetStringAsync($"/api/districts/{scene.District}", ct);
        await viewer.NextAsync("district", d => Raw(d).StartsWith(settled[..^1] + ",", StringComparison.Ordinal), Wait);
        await viewer.NextAsync("city", c => Raw(c).Contains(settled, StringComparison.Ordinal), Wait);
        var from = viewer.Count;
        using (var mqtt = await silo.ConnectMqttAsync())
        {
            var (topic, payload) = scene.PumpFault();
            Assert.Equal(MqttClientPublishReasonCode.Success, (await TwinAppFixture.PublishAsync(mqtt, topic, payload)).ReasonCode);
        }
        wire.Add("hub-district-after-a-pump-fault", "hub district", Raw(await viewer.NextAsync("district", Changes(scene.FaultyPump.Id), Wait, from)), gaugeThresholds: true);
        wire.Add("hub-city-after-a-pump-fault", "hub city", Raw(await viewer.NextAsync("city", Changes(scene.FaultyPump.Id), Wait, from)), gaugeThresholds: true);

        // The pump's fault raised an alarm: every alarm subscriber gets it.
        var alarm = await viewer.NextAsync("alarm", a => Raw(a).Contains($"\"source\":\"{scene.FaultyPump.Id}\"", StringComparison.Ordinal), Wait);
        wire.Add("hub-alarm", "hub alarm", Raw(alarm));
        var alarmId = JsonDocument.Parse(Raw(alarm)).RootElement.GetProperty("id").GetString()!;

        // A later subscriber's snapshots carry the readings.
        await using (var later = await TestViewer.ConnectAsync(silo))
        {
            await later.Hub.InvokeAsync("SubscribeCity", ct);
            wire.Add("hub-city-snapshot-after-readings", "hub city", Raw(await later.NextAsync("city", _ => true, Wait)), gaugeThresholds: true);
            await later.Hub.InvokeAsync("SubscribeDistrict", scene.District, ct);
            wire.Add("hub-district-snapshot-after-readings", "hub district", Raw(await later.NextAsync("district", IdIs(scene.District), Wait)), gaugeThresholds: true);
            await later.Hub.InvokeAsync("SubscribeDevice", scene.FaultyPump.Id, ct);
            wire.Add("hub-device-snow-pump-snapshot-after-a-fault", "hub device", Raw(await later.NextAsync("device", IdIs(scene.FaultyPump.Id), Wait)));
        }

        await GetAsync(wire, "rest-city", "/api/city", gaugeThresholds: true);
        await GetAsync(wire, "rest-districts", "/api/districts", gaugeThresholds: true);
        await GetAsync(wire, "rest-district", $"/api/districts/{scene.District}", gaugeThresholds: true);
        await GetAsync(wire, "rest-district-child-cells", $"/api/districts/{scene.District}/children/cells");
        await GetAsync(wire, "rest-rivers", "/api/rivers", gaugeThresholds: true);
        await GetAsync(wire, "rest-alarms", "/api/alarms");
        await GetAsync(wire, "rest-alarm", $"/api/alarms/{alarmId}");
        await GetAsync(wire, "rest-river", $"/api/rivers/{scene.Segment.Id}", gaugeThresholds: true);
        foreach (var kind in WireNames.AllKinds)
        {
            await GetAsync(wire, $"rest-devices-{kind.ToWire()}", $"/api/devices?kind={kind.ToWire()}&district={scene.District}");
        }
        await GetAsync(wire, "rest-devices-page", $"/api/devices?district={scene.District}&limit=3&offset=1");
        foreach (var device in scene.Watched.Append(scene.FaultyPump))
        {
            await GetAsync(wire, $"rest-device-{scene.Name(device)}", $"/api/devices/{device.Id}");
        }
        await GetAsync(wire, "rest-device-without-readings", $"/api/devices/{scene.QuietGauge.Id}");
        foreach (var device in new[] { scene.Gauge, scene.Pump, scene.Children[0], scene.Weather })
        {
            await GetAsync(wire, $"rest-history-{device.Kind.ToWire()}", $"/api/devices/{device.Id}/history");
        }
        var window = $"from={scene.Start.AddMinutes(-10).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}&to={scene.Start.AddMinutes(20).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}";
        await GetAsync(wire, "rest-history-river-gauge-step", $"/api/devices/{scene.Gauge.Id}/history?{window}&step=PT10M");
        await GetAsync(wire, "rest-history-river-gauge-csv", $"/api/devices/{scene.Gauge.Id}/history", "text/csv");
        await GetAsync(wire, "rest-error-unknown-device", "/api/devices/no-such-device");
        await GetAsync(wire, "rest-error-unknown-district", "/api/districts/atlantis");
        await GetAsync(wire, "rest-error-unknown-kind", "/api/devices?kind=toaster");

        wire.AssertAsRecorded();
    }

    private async Task GetAsync(RecordedWire wire, string name, string url, string? accept = null, bool gaugeThresholds = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }
        using var response = await silo.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        wire.Add(name, $"GET {url}\n{(int)response.StatusCode} {response.Content.Headers.ContentType}", body, gaugeThresholds);
    }

    private static string Raw(JsonElement e) => e.GetRawText();

    private static Func<JsonElement, bool> IdIs(string id) => e => e.GetProperty("id").GetString() == id;

    private static Func<JsonElement, bool> Changes(string deviceId) =>
        e => e.GetProperty("changed").EnumerateArray().Any(c => c.GetProperty("id").GetString() == deviceId);

    /// <summary>The devices of one district that has every kind, a weather station and a river segment with three of its gauges, and their readings.</summary>
    private sealed record Scene(
        string District,
        RiverSegment Segment,
        DeviceInfo Gauge,
        DeviceInfo LoRaWanGauge,
        DeviceInfo QuietGauge,
        DeviceInfo Pump,
        DeviceInfo FaultyPump,
        DeviceInfo Bridge,
        DeviceInfo[] Children,
        DeviceInfo Weather,
        DateTimeOffset Start)
    {
        public static Scene Pick(TwinCatalog catalog)
        {
            // The smallest such district keeps the recorded lists short.
            foreach (var district in catalog.Districts.OrderBy(d => catalog.DevicesIn(d.Id).Count))
            {
                var devices = catalog.DevicesIn(district.Id);
                var segment = catalog.Segments.FirstOrDefault(s => s.GaugeIds.Length >= 3
                    && s.GaugeIds.Take(3).All(id => devices.Any(d => d.Id == id)));
                var pumps = devices.Where(d => d.Kind == DeviceKind.SnowPump).Take(2).ToArray();
                var bridge = devices.FirstOrDefault(d => d.Kind == DeviceKind.BridgeJoint);
                var children = devices.Where(d => d.Kind == DeviceKind.ChildTracker && d.Consent).Take(5).ToArray();
                if (segment is null || pumps.Length < 2 || bridge is null || children.Length < 5 || catalog.WeatherStationOf(district.Id) is not { } weather)
                {
                    continue;
                }
                DeviceInfo Device(string id) => catalog.TryGetDevice(id, out var d) ? d : throw new InvalidOperationException(id);
                // Whole seconds in Japan's offset: how both time formats on the wire write such a time shows.
                var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9));
                var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, now.Offset).AddMinutes(-10);
                return new Scene(district.Id, segment, Device(segment.GaugeIds[0]), Device(segment.GaugeIds[1]), Device(segment.GaugeIds[2]),
                    pumps[0], pumps[1], bridge, children, weather, start);
            }
            throw new InvalidOperationException("No district has every kind of device.");
        }

        /// <summary>The devices a viewer subscribes to, one of each kind and a LoRaWAN gauge.</summary>
        public IEnumerable<DeviceInfo> Watched => [Gauge, LoRaWanGauge, Pump, Bridge, Children[0], Weather];

        /// <summary>A device's name in the recorded files: its kind, told apart where two share one.</summary>
        public string Name(DeviceInfo device) =>
            ReferenceEquals(device, LoRaWanGauge) ? "river-gauge-lorawan"
            : ReferenceEquals(device, FaultyPump) ? "snow-pump-fault"
            : device.Kind.ToWire();

        /// <summary>The seq of each watched device's last reading.</summary>
        public IEnumerable<(DeviceInfo Device, long Seq)> LastSeqs =>
            [(Gauge, 2), (LoRaWanGauge, 1842), (Pump, 7), (Bridge, 3), (Children[0], 1), (Weather, 11)];

        private string Ts(double minutes) => Start.AddMinutes(minutes).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

        private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

        public IEnumerable<(string Topic, string Payload)> Readings()
        {
            var standby = Gauge.Thresholds["standby_m"];
            yield return ($"toyama/river-gauge/{Gauge.Id}/up", $$"""{"ts":"{{Ts(0)}}","seq":1,"level_m":{{Number(Math.Round(standby - 0.25, 2))}}}""");
            yield return ($"toyama/river-gauge/{Gauge.Id}/up", $$"""{"ts":"{{Ts(5)}}","seq":2,"level_m":{{Number(Math.Round(standby + 0.05, 2))}},"battery_v":3.61}""");
            yield return (LoRaWanUplink());
            yield return ($"toyama/snow-pump/{Pump.Id}/up", $$"""{"ts":"{{Ts(5)}}","seq":7,"state":"running","pressure_mpa":0.35,"battery_v":3.3}""");
            yield return ($"toyama/bridge-joint/{Bridge.Id}/up", $$"""{"ts":"{{Ts(5)}}","seq":3,"gap_mm":12.5,"accel_g":0.02}""");
            // Five children in one cell, so the district shows the cell.
            var at = Children[0].Position;
            foreach (var child in Children)
            {
                yield return ($"toyama/child-tracker/{child.Id}/up", $$"""{"ts":"{{Ts(5)}}","seq":1,"lat":{{Number(at.Lat)}},"lon":{{Number(at.Lon)}},"battery_pct":81}""");
            }
            yield return ($"toyama/env-sensor/{Weather.Id}/up",
                $$"""{"ts":"{{Ts(5)}}","seq":11,"metrics":{"air_temp_c":-1.5,"precipitation_mm_h":2.5,"snowfall_cm_h":1.2,"humidity_pct":88},"battery_v":3.5}""");
        }

        public (string Topic, string Payload) PumpFault() =>
            ($"toyama/snow-pump/{FaultyPump.Id}/up", $$"""{"ts":"{{Ts(6)}}","seq":1,"state":"pump_fault"}""");

        /// <summary>A The Things Stack uplink with a decoded payload and the radio data of the gateway that heard it.</summary>
        private (string Topic, string Payload) LoRaWanUplink()
        {
            var received = Start.AddMinutes(6).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.000000Z", CultureInfo.InvariantCulture);
            return ("v3/toyama-water@toyama/devices/gauge-01/up", $$$"""
                {"end_device_ids":{"device_id":"gauge-01","application_ids":{"application_id":"toyama-water"},"dev_eui":"{{{LoRaWanGauge.DevEui}}}"},
                 "received_at":"{{{received}}}",
                 "uplink_message":{"f_port":2,"f_cnt":1842,"frm_payload":"AI4BaQ==","decoded_payload":{"level_m":1.42,"battery_v":3.61},
                  "rx_metadata":[{"gateway_ids":{"gateway_id":"toyama-gw-017"},"rssi":-104,"snr":4.5}],"received_at":"{{{received}}}"}}
                """);
        }
    }
}
