using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Tests.Api;

/// <summary>
/// <c>GET /api/devices/{id}/history</c> at its edges: inputs it cannot answer, windows longer than one read, flagged readings.
/// Readings go straight into the history in January 2025, a window ingestion never writes to (it refuses readings a week old).
/// </summary>
[Collection(TwinAppCollection.Name)]
public sealed class HistoryApiTests(TwinAppFixture app)
{
    private static readonly DateTimeOffset Start = new(2025, 1, 6, 0, 0, 0, TimeSpan.FromHours(9));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TwinCatalog Catalog => app.Services.GetRequiredService<TwinCatalog>();

    private IReadingHistory History => app.Services.GetRequiredService<IReadingHistory>();

    private DeviceInfo Device(DeviceKind kind, int skip) => Catalog.Devices.Where(d => d.Kind == kind).Skip(skip).First();

    private static string Time(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));

    private Task AppendAsync(string deviceId, DateTimeOffset ts, long seq, ImmutableDictionary<string, double> values, string? state = null, string? flag = null) =>
        History.AppendAsync(new HistoryRecord(deviceId, ts, seq, new Reading(ts, seq, values, state) { Flag = flag }, ts), Ct).AsTask();

    private static ImmutableDictionary<string, double> Values(params (string Field, double Value)[] values) =>
        values.ToImmutableDictionary(v => v.Field, v => v.Value, StringComparer.Ordinal);

    [Theory]
    [InlineData("step=P99999999D")] // longer than any duration .NET can hold
    [InlineData("to=0001-01-01T00:00:00Z")] // the default from, a day earlier, is before the first representable time
    [InlineData("from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z")]
    [InlineData("from=1969-12-31T00:00:00Z&to=1970-01-02T00:00:00Z")]
    [InlineData("to=1970-01-01T12:00:00Z")] // the default from is before 1970
    [InlineData("step=1")] // 86,400 buckets in the default day
    [InlineData("from=1970-01-01T00:00:00Z&to=9999-12-31T00:00:00Z&step=P1D")] // 2.9 million buckets
    [InlineData("from=2025-01-06T00:00:00Z&to=2025-01-06T01:00:00Z&step=PT2H")] // a step longer than the window
    [InlineData("step=9999999d")]
    [InlineData("step=PT0.5S")]
    [InlineData("step=P")]
    [InlineData("step=-5m")]
    [InlineData("step=NaN")]
    [InlineData("to=tomorrow")]
    [InlineData("to=9999-12-31T23:59:59-09:00")]
    [InlineData("from=2025-01-07T00:00:00Z&to=2025-01-06T00:00:00Z")]
    public async Task QueriesTheHistoryCannotAnswerAreBadRequestsWithProblemDetails(string query)
    {
        var gauge = Device(DeviceKind.RiverGauge, 0);
        var response = await app.Http.GetAsync($"/api/devices/{gauge.Id}/history?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task AStepAveragesEveryReadingOfAWindowLongerThanOneReadLeavingOutFlaggedReadingsAndCountingDuplicatesOnce()
    {
        // 60,000 readings a minute apart (41⅔ days), more than the 50,001 a raw read may take. Values are exact in
        // binary (eighths), so every order of summation gives the same average: day + 0.4375 in each day.
        const int Count = 60_000;
        const int PerDay = 1440;
        var gauge = Device(DeviceKind.RiverGauge, 3);
        for (var i = 0; i < Count; i += 5_000)
        {
            await Task.WhenAll(Enumerable.Range(i, 5_000).Select(n =>
                AppendAsync(gauge.Id, Start.AddMinutes(n), n, Values(("level_m", (n / PerDay) + ((n % 8) * 0.125))))));
        }
        // The first reading delivered twice, and a refused reading (over the flood limit) with a wild value.
        await AppendAsync(gauge.Id, Start, 0, Values(("level_m", 0)));
        await AppendAsync(gauge.Id, Start.AddSeconds(30), 900_000, Values(("level_m", 99)), flag: "rate-limited");

        var url = $"/api/devices/{gauge.Id}/history?from={Time(Start)}&to={Time(Start.AddDays(42))}&step=P1D";
        var rows = await app.Http.GetFromJsonAsync<JsonElement>(url, Ct);

        Assert.Equal(42, rows.GetArrayLength());
        for (var day = 0; day < 42; day++)
        {
            var row = rows[day];
            Assert.Equal(Start.AddDays(day).ToString("O", CultureInfo.InvariantCulture), row.GetProperty("ts").GetString());
            Assert.Equal(Math.Min(Count, (day + 1) * PerDay) - 1, row.GetProperty("seq").GetInt64());
            Assert.Equal(day + 0.4375, row.GetProperty("level_m").GetDouble());
        }

        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, url);
        csvRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var csv = await app.Http.SendAsync(csvRequest, Ct);
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ts,seq,level_m", lines[0]);
        Assert.Equal(43, lines.Length);
        Assert.Equal($"{Start.AddDays(41):O},{Count - 1},41.4375", lines[^1]);

        // Without a step the window is still too many readings to list.
        var raw = await app.Http.GetAsync($"/api/devices/{gauge.Id}/history?from={Time(Start)}&to={Time(Start.AddDays(42))}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, raw.StatusCode);
        Assert.Contains("narrow it or give a step", (await raw.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AChildsHistoryIsRefusedAndAStepKeepsAPumpsLastState()
    {
        var child = Device(DeviceKind.ChildTracker, 2);
        await AppendAsync(child.Id, Start, 1, Values(("lat", 36.7), ("lon", 137.2), ("battery_pct", 80)));
        await AppendAsync(child.Id, Start.AddMinutes(1), 2, Values(("lat", 36.8), ("lon", 137.3), ("battery_pct", 70)));
        var pump = Device(DeviceKind.SnowPump, 5);
        await AppendAsync(pump.Id, Start, 1, Values(("pressure_mpa", 0.25)), "running");
        await AppendAsync(pump.Id, Start.AddMinutes(1), 2, Values(), "pump_fault");
        var window = $"from={Time(Start)}&to={Time(Start.AddHours(1))}&step=PT1H";

        using var childResponse = await app.Http.GetAsync($"/api/devices/{child.Id}/history?{window}", Ct);
        var pumpJson = await app.Http.GetStringAsync($"/api/devices/{pump.Id}/history?{window}", Ct);

        // Not even the battery of a child leaves the twin, not even to an admin.
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, childResponse.StatusCode);
        Assert.Equal("application/problem+json", childResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""[{"ts":"2025-01-06T00:00:00.0000000+09:00","seq":2,"state":"pump_fault","pressure_mpa":0.25}]""", pumpJson);
    }

    [Fact]
    public async Task ARawReadingRefusedOverTheFloodLimitCarriesItsFlag()
    {
        var joint = Device(DeviceKind.BridgeJoint, 4);
        await AppendAsync(joint.Id, Start, 1, Values(("gap_mm", 40)));
        await AppendAsync(joint.Id, Start.AddSeconds(1), 2, Values(("gap_mm", 41)), flag: "rate-limited");
        var window = $"from={Time(Start)}&to={Time(Start.AddHours(1))}";

        var json = await app.Http.GetStringAsync($"/api/devices/{joint.Id}/history?{window}", Ct);

        Assert.Equal(
            """[{"ts":"2025-01-06T00:00:00.0000000+09:00","seq":1,"gap_mm":40},{"ts":"2025-01-06T00:00:01.0000000+09:00","seq":2,"flag":"rate-limited","gap_mm":41}]""",
            json);
    }
}
