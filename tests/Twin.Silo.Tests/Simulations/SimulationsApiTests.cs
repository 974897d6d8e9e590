using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Twin.Silo.Tests.Alarms;
using Twin.Silo.Tests.Hubs;

namespace Twin.Silo.Tests.Simulations;

/// <summary>Planner runs on a live twin: REST, and isolation (the live devices, alarms, notifications, viewers and history stay as they were).</summary>
public sealed class SimulationsApiTests(AlarmAppFixture silo) : IClassFixture<AlarmAppFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_flood_run_that_raises_alarms_in_its_sandbox_leaves_the_live_twins_devices_alarms_notifications_viewers_and_history_untouched()
    {
        var ct = TestContext.Current.CancellationToken;
        const string gauge = "rg-nakagawa-01";
        using var planner = silo.CreateClientAs(TestAccounts.Planner);
        await using var viewer = await TestViewer.ConnectAsync(silo);
        await viewer.Hub.InvokeAsync("SubscribeCity", ct);
        await viewer.Hub.InvokeAsync("SubscribeAlarms", ct);
        await viewer.NextAsync("city", _ => true, TimeSpan.FromSeconds(15));
        var alarmsBefore = await silo.Http.GetStringAsync("/api/alarms?state=active-unacknowledged,active-acknowledged,returned-unacknowledged,normal,shelved,out-of-service", ct);
        var deviceBefore = await silo.Http.GetStringAsync($"/api/devices/{gauge}", ct);
        var historyBefore = await silo.Http.GetStringAsync($"/api/devices/{gauge}/history", ct);
        var messagesBefore = viewer.Count;

        var id = await StartAsync(planner, "flood", 3, new() { ["hours"] = "8", ["rain"] = "cloudburst", ["rain-scale"] = "3" });
        var status = await CompletedAsync(planner, id);

        Assert.Equal("completed", status.GetProperty("status").GetString());
        var result = await planner.GetFromJsonAsync<JsonElement>($"/api/simulations/{id}/result", ct);
        Assert.True(result.GetProperty("summary").GetProperty("alarmsRaised").GetInt32() > 0, "the run raised no alarm in its sandbox");
        Assert.Contains(result.GetProperty("alarms").GetProperty("list").EnumerateArray(), a => a.GetProperty("source").GetString() == gauge);
        var report = await planner.GetAsync($"/api/simulations/{id}/report", ct);
        Assert.Equal("text/html", report.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await report.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        Assert.Equal(alarmsBefore, await silo.Http.GetStringAsync("/api/alarms?state=active-unacknowledged,active-acknowledged,returned-unacknowledged,normal,shelved,out-of-service", ct));
        Assert.Equal(deviceBefore, await silo.Http.GetStringAsync($"/api/devices/{gauge}", ct));
        Assert.Equal(historyBefore, await silo.Http.GetStringAsync($"/api/devices/{gauge}/history", ct));
        Assert.Empty(silo.Receiver.Requests);
        Assert.Equal(messagesBefore, viewer.Count);

        // The channels watched above are live: a real reading at はん濫注意 reaches the webhook and the viewer.
        var (exit, output) = await silo.MosquittoPubAsync($"toyama/river-gauge/{gauge}/up",
            $"{{\"ts\":\"{DateTimeOffset.UtcNow:O}\",\"seq\":1,\"level_m\":1.0}}");
        Assert.True(exit == 0, output);
        await silo.Receiver.WhenReceivedAsync(1).WaitAsync(TimeSpan.FromSeconds(15), ct);
        await viewer.NextAsync("alarm", a => a.GetProperty("source").GetString() == gauge, TimeSpan.FromSeconds(15), messagesBefore);
    }

    [Fact]
    public async Task The_api_lists_scenarios_refuses_bad_runs_with_problem_details_cancels_a_long_run_and_admits_planners_only()
    {
        var ct = TestContext.Current.CancellationToken;
        using var planner = silo.CreateClientAs(TestAccounts.Planner);

        var scenarios = await planner.GetFromJsonAsync<JsonElement>("/api/simulations/scenarios", ct);
        var names = scenarios.EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Contains("flood", names);
        Assert.Contains("snowstorm", names);
        var flood = scenarios.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "flood");
        Assert.Contains(flood.GetProperty("options").EnumerateArray(), o => o.GetProperty("name").GetString() == "hours" && o.GetProperty("default").GetString() == "24");

        foreach (var (body, parameter) in new (object Body, string Parameter)[]
        {
            (new { scenario = "drought" }, "scenario"),
            (new { scenario = "flood", parameters = new Dictionary<string, string> { ["hours"] = "-3" } }, "hours"),
            (new { scenario = "flood", parameters = new Dictionary<string, string> { ["rain-csv"] = "/etc/passwd" } }, "rain-csv"),
            (new { scenario = "snowstorm", parameters = new Dictionary<string, string> { ["colour"] = "blue" } }, "colour"),
        })
        {
            using var refused = await planner.PostAsJsonAsync("/api/simulations", body, ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"'{parameter}'", (await refused.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("title").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await planner.GetAsync("/api/simulations/no-such-run", ct)).StatusCode);

        var id = await StartAsync(planner, "snowstorm", 1, new() { ["hours"] = "168" });
        using var cancel = await planner.PostAsync($"/api/simulations/{id}/cancel", null, ct);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var status = await CompletedAsync(planner, id);
        Assert.Equal("cancelled", status.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await planner.GetAsync($"/api/simulations/{id}/result", ct)).StatusCode);
        var listed = await planner.GetFromJsonAsync<JsonElement>("/api/simulations", ct);
        Assert.Contains(listed.EnumerateArray(), r => r.GetProperty("id").GetString() == id);

        using var operatorHttp = silo.CreateClientAs(TestAccounts.Operator);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorHttp.PostAsJsonAsync("/api/simulations", new { scenario = "flood" }, ct)).StatusCode);
    }

    private static async Task<string> StartAsync(HttpClient http, string scenario, long seed, Dictionary<string, string> parameters)
    {
        using var response = await http.PostAsJsonAsync("/api/simulations", new { scenario, seed, parameters }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
        Assert.Equal($"/api/simulations/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    /// <summary>Polls the run's status until it is over (a run reports progress, not completion, so there is no signal to wait on).</summary>
    private static async Task<JsonElement> CompletedAsync(HttpClient http, string id)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(RunTimeout);
        while (true)
        {
            var status = await http.GetFromJsonAsync<JsonElement>($"/api/simulations/{id}", cts.Token);
            if (status.GetProperty("status").GetString() is "completed" or "failed" or "cancelled")
            {
                return status;
            }
            await Task.Delay(200, cts.Token);
        }
    }
}
