using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Silo.Tests.Hubs;
using Twin.Tests.Shared;

namespace Twin.Silo.Tests.Privacy;

/// <summary>
/// Tries every way to learn one child's position or presence — every REST endpoint as every role, every hub subscription,
/// the dead-letter topic, MQTT subscribed to everything, <c>/metrics</c> — and learns nothing: no position, seq, radio or
/// last seen, no child id outside the listings the contract allows, no count of children under five, and a cell of five
/// that loses a child disappears on the children's next cadence.
/// </summary>
public sealed class NothingAboutOneChildLeavesTests(MemoryPrivacySilo silo) : IClassFixture<MemoryPrivacySilo>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    // Positions no catalog device has, so any of them in any output is a child's.
    private const double GroupLat = 36.712345, GroupLon = 137.198765;
    private const double AloneLat = 36.687654, AloneLon = 137.234567;
    private const double RefusedLat = 36.676767, RefusedLon = 137.212121;
    private const string MalformedLat = "36.665544";
    private static readonly string[] Secrets =
        [.. new[] { GroupLat, GroupLon, AloneLat, AloneLon, RefusedLat, RefusedLon }.Select(v => v.ToString(CultureInfo.InvariantCulture)), MalformedLat];

    private static readonly string[] ListingFields = ["id", "kind", "district", "name", "consent"];

    [Fact]
    public async Task EveryWayToLearnOneChildsPositionOrPresenceLearnsNothing()
    {
        var catalog = silo.Services.GetRequiredService<TwinCatalog>();
        using var admin = silo.CreateClientAs(TestAccounts.Admin);
        // Six consenting children of one school: five go to one cell, one elsewhere alone.
        var school = catalog.Schools.Where(s => catalog.DevicesIn(s.District).Count(d => d.School == s.Id && d.Consent) >= 6).Skip(10).First();
        var children = catalog.DevicesIn(school.District).Where(d => d.School == school.Id && d.Consent).Take(6).ToList();
        var (group, alone) = (children.Take(5).ToList(), children[5]);
        var district = school.District;
        var childIds = catalog.Devices.Where(d => d.Kind == DeviceKind.ChildTracker).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

        // Listeners first: MQTT as an observer subscribed to everything it may ask for, and the hub as every role it admits.
        var heard = new List<(string Topic, string Payload)>();
        var deadLetters = new TaskCompletionSource();
        using var observer = await silo.ConnectObserverAsync();
        observer.ApplicationMessageReceivedAsync += e =>
        {
            lock (heard)
            {
                heard.Add((e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString()));
                if (heard.Count(h => h.Topic == PrivacySiloFixture.DeadLetterTopic) == 2)
                {
                    deadLetters.TrySetResult();
                }
            }
            return Task.CompletedTask;
        };
        var subscribed = await observer.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("#")
            .WithTopicFilter("toyama/#").WithTopicFilter("toyama/alarms/#")
            .WithTopicFilter(PrivacySiloFixture.DeadLetterTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), Ct);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, subscribed.Items.Single(i => i.TopicFilter.Topic == "#").ResultCode);

        var viewers = new List<TestViewer>();
        foreach (var account in new[] { TestAccounts.Operator, TestAccounts.Manager, TestAccounts.Planner, TestAccounts.Admin })
        {
            var viewer = await TestViewer.ConnectAsync(silo, account);
            viewers.Add(viewer);
            await viewer.Hub.InvokeAsync("SubscribeCity", Ct);
            await viewer.Hub.InvokeAsync("SubscribeDistrict", district, Ct);
            if (account != TestAccounts.Planner)
            {
                await viewer.Hub.InvokeAsync("SubscribeAlarms", Ct);
            }
            foreach (var child in children)
            {
                // For every role, a child's subscription is refused.
                await Assert.ThrowsAsync<HubException>(() => viewer.Hub.InvokeAsync("SubscribeDevice", child.Id, Ct));
            }
        }
        var adminViewer = viewers[^1];

        // The children report over MQTT: at school, then away.
        foreach (var child in children)
        {
            var (lat, lon) = child == alone ? (AloneLat, AloneLon) : (GroupLat, GroupLon);
            using var device = await silo.ConnectDeviceAsync(child.Id);
            Assert.Equal(MqttClientPublishReasonCode.Success, (await PublishAsync(device, child.Id, 1, school.Position.Lat, school.Position.Lon, -120)).ReasonCode);
            Assert.Equal(MqttClientPublishReasonCode.Success, (await PublishAsync(device, child.Id, 2, lat, lon, -60)).ReasonCode);
        }
        var groupCell = Mesh.QuarterMeshCode(GroupLat, GroupLon);
        await adminViewer.NextAsync("district", d => Cells(d).Any(c => c.Cell == groupCell && c.Count == 5), Wait);

        // A malformed child message and a withdrawn child's reading go to the dead-letter topic.
        using (var device = await silo.ConnectDeviceAsync(alone.Id))
        {
            var malformed = await TwinAppFixture.PublishAsync(device, $"toyama/child-tracker/{alone.Id}/up",
                $$"""{"ts":"{{DateTimeOffset.UtcNow:O}}","seq":3,"lat":{{MalformedLat}},"lon":"east"}""");
            Assert.NotEqual(MqttClientPublishReasonCode.Success, malformed.ReasonCode);
            using var revoke = await admin.PutAsJsonAsync($"/api/children/{alone.Id}/consent", new { granted = false, basis = "withdrawn in writing" }, Ct);
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, (await PublishAsync(device, alone.Id, 4, RefusedLat, RefusedLon, -60)).ReasonCode);
        }
        await deadLetters.Task.WaitAsync(Wait, Ct);

        // One of the five walks off: the cell of four disappears on the next cadence (ChildCadenceTests: not on the move).
        using (var device = await silo.ConnectDeviceAsync(group[0].Id))
        {
            var from = adminViewer.Count;
            Assert.Equal(MqttClientPublishReasonCode.Success, (await PublishAsync(device, group[0].Id, 3, AloneLat, AloneLon, -60)).ReasonCode);
            await adminViewer.NextAsync("district", d => !Cells(d).Any(c => c.Cell == groupCell), Wait, from);
        }

        // Every REST endpoint as every role (and anonymously), JSON and CSV.
        var rest = new List<(string Who, string Url, HttpStatusCode Status, string Body)>();
        var child0 = group[1].Id;
        string[] urls =
        [
            "/api/city", "/api/districts", $"/api/districts/{district}", $"/api/districts/{district}/children/cells",
            "/api/devices", "/api/devices?kind=child-tracker", $"/api/devices?kind=child-tracker&district={district}",
            $"/api/devices/{child0}", $"/api/devices/{alone.Id}", $"/api/devices/{child0}/history", $"/api/devices/{child0}/history?step=PT5M",
            "/api/public/city", "/api/public/districts", "/api/public/rivers", "/api/layers", "/api/layers/districts", "/api/rivers",
            "/api/alarms", "/metrics", $"/api/children/{child0}/consent",
        ];
        foreach (var who in TestAccounts.All.Append("anonymous"))
        {
            using var http = who == "anonymous" ? silo.CreateClient() : silo.CreateClientAs(who);
            foreach (var url in urls)
            {
                using var response = await http.GetAsync(url, Ct);
                rest.Add((who, url, response.StatusCode, await response.Content.ReadAsStringAsync(Ct)));
            }
            using var csv = new HttpRequestMessage(HttpMethod.Get, $"/api/devices/{child0}/history");
            csv.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
            using var csvResponse = await http.SendAsync(csv, Ct);
            rest.Add((who, "history.csv", csvResponse.StatusCode, await csvResponse.Content.ReadAsStringAsync(Ct)));
        }

        // Nothing anywhere holds a child's position.
        var hub = viewers.SelectMany(v => v.Messages()).Select(m => (m.Method, Text: m.Payload.GetRawText())).ToList();
        List<(string Topic, string Payload)> mqtt;
        lock (heard)
        {
            mqtt = [.. heard];
        }
        var everything = rest.Select(r => r.Body).Concat(hub.Select(h => h.Text)).Concat(mqtt.Select(m => m.Topic + " " + m.Payload)).ToList();
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(everything, text => text.Contains(secret, StringComparison.Ordinal));
        }

        // No child id on the hub, on MQTT or in /metrics; in REST only the listings, in their allowed shape.
        Assert.DoesNotContain(hub, h => childIds.Any(id => h.Text.Contains(id, StringComparison.Ordinal)));
        Assert.DoesNotContain(mqtt, m => childIds.Any(id => m.Topic.Contains(id, StringComparison.Ordinal) || m.Payload.Contains(id, StringComparison.Ordinal)));
        Assert.DoesNotContain(mqtt, m => m.Topic.StartsWith("toyama/child-tracker/", StringComparison.Ordinal));
        Assert.All(rest.Where(r => r.Url == "/metrics"), r => Assert.DoesNotContain(childIds, id => r.Body.Contains(id, StringComparison.Ordinal)));
        foreach (var r in rest.Where(r => r.Status == HttpStatusCode.OK && r.Url.StartsWith("/api/devices", StringComparison.Ordinal)))
        {
            using var json = JsonDocument.Parse(r.Body);
            var entries = json.RootElement.ValueKind == JsonValueKind.Array ? [.. json.RootElement.EnumerateArray()] : new[] { json.RootElement };
            foreach (var entry in entries.Where(e => e.GetProperty("kind").GetString() == "child-tracker"))
            {
                Assert.Equal(ListingFields, entry.EnumerateObject().Select(p => p.Name));
                Assert.Equal(["granted"], entry.GetProperty("consent").EnumerateObject().Select(p => p.Name));
                Assert.DoesNotContain(school.Name, entry.GetProperty("name").GetString(), StringComparison.Ordinal);
            }
        }
        Assert.Contains(rest, r => r.Url == "/api/devices?kind=child-tracker" && r.Status == HttpStatusCode.OK);
        Assert.Contains(rest, r => r.Url == $"/api/devices/{alone.Id}" && r.Status == HttpStatusCode.OK && r.Body.Contains("\"granted\":false", StringComparison.Ordinal));
        Assert.All(rest.Where(r => r.Url.Contains("/history", StringComparison.Ordinal) || r.Url == "history.csv"),
            r => Assert.True(r.Status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, $"{r.Who} {r.Url}: {r.Status}"));
        Assert.All(rest.Where(r => r.Url.EndsWith("/consent", StringComparison.Ordinal)),
            r => Assert.True(r.Status != HttpStatusCode.OK || r.Who is TestAccounts.Admin, $"{r.Who} {r.Url}: {r.Status}"));

        // Children only as counts: cells of five or more, district counts under five as null (REST, hub, metrics).
        foreach (var text in rest.Where(r => r.Status == HttpStatusCode.OK && r.Url.StartsWith("/api/", StringComparison.Ordinal)).Select(r => r.Body).Concat(hub.Select(h => h.Text)))
        {
            using var json = JsonDocument.Parse(text);
            AssertChildCountsAreSafe(json.RootElement);
        }
        Assert.All(rest.Where(r => r.Url == "/metrics" && r.Status == HttpStatusCode.OK).SelectMany(r => r.Body.Split('\n'))
                .Where(l => l.StartsWith("twin_children_out", StringComparison.Ordinal) || (l.StartsWith("twin_devices{", StringComparison.Ordinal) && l.Contains("child-tracker", StringComparison.Ordinal))),
            l => Assert.True(l.EndsWith(" NaN", StringComparison.Ordinal) || double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture) >= 5, l));
        Assert.Contains(rest, r => r.Url == "/metrics" && r.Status == HttpStatusCode.OK);

        // Dead letters of children: what and why, not who, where or what was sent.
        var letters = mqtt.Where(m => m.Topic == PrivacySiloFixture.DeadLetterTopic).Select(m => JsonDocument.Parse(m.Payload).RootElement).ToList();
        Assert.Equal(2, letters.Count);
        Assert.All(letters, l =>
        {
            Assert.Equal("toyama/child-tracker/+/up", l.GetProperty("topic").GetString());
            Assert.Equal(JsonValueKind.Null, l.GetProperty("payload").ValueKind);
            Assert.Equal(JsonValueKind.Null, l.GetProperty("detail").ValueKind);
        });
        Assert.Contains(letters, l => l.GetProperty("reason").GetString() == "no-consent");

        // Reads of child cells are audited, by whom.
        var audit = await admin.GetFromJsonAsync<JsonElement[]>($"/api/audit?actor={TestAccounts.Operator}", Ct);
        Assert.Contains(audit!, a => a.GetProperty("action").GetString() == "children.cells.read" && a.GetProperty("target").GetString() == district);
        foreach (var viewer in viewers)
        {
            await viewer.DisposeAsync();
        }
    }

    /// <summary>Walks a JSON document: every child cell counts five or more; every count of children is null or five or more.</summary>
    private static void AssertChildCountsAreSafe(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name == "children" && p.Value.ValueKind == JsonValueKind.Object)
                    {
                        Assert.All(p.Value.EnumerateObject(), c => Assert.True(c.Value.ValueKind == JsonValueKind.Null || c.Value.GetInt32() >= 5, $"children.{c.Name} = {c.Value}"));
                    }
                    else if (p.Name == "child-tracker" && p.Value.ValueKind == JsonValueKind.Object)
                    {
                        Assert.All(p.Value.EnumerateObject(), c => Assert.True(c.Value.ValueKind == JsonValueKind.Null || c.Value.GetInt32() >= 5, $"child-tracker.{c.Name} = {c.Value}"));
                    }
                    else if (p.Name == "childCells")
                    {
                        Assert.All(p.Value.EnumerateArray(), c => Assert.True(c.GetProperty("count").GetInt32() >= 5));
                    }
                    AssertChildCountsAreSafe(p.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    // A cells endpoint's array.
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("cell", out _) && item.TryGetProperty("count", out var count))
                    {
                        Assert.True(count.GetInt32() >= 5);
                    }
                    AssertChildCountsAreSafe(item);
                }
                break;
        }
    }

    private static IEnumerable<(string Cell, int Count)> Cells(JsonElement district) =>
        district.TryGetProperty("childCells", out var cells) && cells.ValueKind == JsonValueKind.Array
            ? cells.EnumerateArray().Select(c => (c.GetProperty("cell").GetString()!, c.GetProperty("count").GetInt32()))
            : [];

    private static Task<MqttClientPublishResult> PublishAsync(IMqttClient device, string id, long seq, double lat, double lon, int secondsAgo) =>
        TwinAppFixture.PublishAsync(device, $"toyama/child-tracker/{id}/up", string.Create(CultureInfo.InvariantCulture,
            $$"""{"ts":"{{DateTimeOffset.UtcNow.AddSeconds(secondsAgo):O}}","seq":{{seq}},"lat":{{lat}},"lon":{{lon}},"battery_pct":80}"""));
}
