using System.Text.Json;

namespace Twin.Simulation.Tests.Flood;

public sealed class FloodScenarioTests
{
    [Fact]
    public async Task The_default_flood_run_with_one_seed_is_byte_identical_twice_and_another_seed_gives_another_result()
    {
        var first = await SimulationServices.RunAsync("flood", 7);
        var second = await SimulationServices.RunAsync("flood", 7);
        var other = await SimulationServices.RunAsync("flood", 8);

        Assert.Equal(first.ResultJson, second.ResultJson);
        Assert.Equal(first.CsvFiles["levels.csv"], second.CsvFiles["levels.csv"]);
        Assert.Equal(first.ReportHtml, second.ReportHtml);
        Assert.Equal(first.AffectedGeoJson, second.AffectedGeoJson);
        Assert.NotEqual(first.ResultJson, other.ResultJson);

        using var doc = JsonDocument.Parse(first.ResultJson);
        var root = doc.RootElement;
        Assert.Equal("flood", root.GetProperty("scenario").GetString());
        Assert.Equal("24", root.GetProperty("parameters").GetProperty("hours").GetString());
        Assert.Equal(27, root.GetProperty("summary").GetProperty("gauges").GetInt32());
        Assert.Equal(1440, first.CsvFiles["levels.csv"].Count(c => c == '\n') - 1);
    }

    [Fact]
    public async Task A_handmade_downpour_on_the_city_centre_crosses_the_caution_level_at_the_nakagawa_gauge_and_the_rules_raise_its_alarm()
    {
        var csv = await WriteCsvAsync("minute,toyama\n0,0\n60,35\n180,0\n");

        var output = await SimulationServices.RunAsync("flood", 1, ("rain-csv", csv), ("hours", "6"));

        var gauge = Gauge(output, "rg-nakagawa-01");
        var crossings = gauge.GetProperty("crossings").EnumerateArray().ToDictionary(c => c.GetProperty("level").GetString()!, c => c);
        Assert.True(crossings.ContainsKey("caution"), output.ResultJson[..2000]);
        Assert.Equal("はん濫注意水位", crossings["caution"].GetProperty("nameJa").GetString());
        // Not before the rain began: the first hour is dry.
        Assert.True(string.CompareOrdinal(crossings["caution"].GetProperty("at").GetString(), "2026-07-10T01:00+09:00") > 0);
        using var doc = JsonDocument.Parse(output.ResultJson);
        Assert.Contains(doc.RootElement.GetProperty("alarms").GetProperty("list").EnumerateArray(),
            a => a.GetProperty("source").GetString() == "rg-nakagawa-01" && a.GetProperty("type").GetString() == "river-level");
        // The Jinzu's catchment got no rain: it stays below standby.
        Assert.Empty(Gauge(output, "rg-jinzu-01").GetProperty("crossings").EnumerateArray());
    }

    [Fact]
    public async Task Raising_a_gauges_thresholds_through_the_catalog_changes_what_the_production_rules_decide_in_the_run()
    {
        var csv = await WriteCsvAsync("minute,toyama\n0,0\n60,35\n180,0\n");
        var plain = await SimulationServices.RunAsync("flood", 1, ("rain-csv", csv), ("hours", "6"));
        var raised = await SimulationServices.RunAsync("flood", 1, ("rain-csv", csv), ("hours", "6"),
            ("thresholds", "rg-nakagawa-01:standby_m=5;rg-nakagawa-01:caution_m=6;rg-nakagawa-01:evacuation_m=7;rg-nakagawa-01:danger_m=8"));

        Assert.NotEqual(plain.ResultJson, raised.ResultJson);
        var before = Gauge(plain, "rg-nakagawa-01");
        var after = Gauge(raised, "rg-nakagawa-01");
        // The river did the same: only the verdict moved.
        Assert.Equal(before.GetProperty("peakLevelM").GetDouble(), after.GetProperty("peakLevelM").GetDouble());
        Assert.NotEmpty(before.GetProperty("crossings").EnumerateArray());
        Assert.Empty(after.GetProperty("crossings").EnumerateArray());
        Assert.Equal(6, after.GetProperty("thresholds").GetProperty("caution_m").GetDouble());
        using var doc = JsonDocument.Parse(raised.ResultJson);
        Assert.DoesNotContain(doc.RootElement.GetProperty("alarms").GetProperty("list").EnumerateArray(),
            a => a.GetProperty("source").GetString() == "rg-nakagawa-01" && a.GetProperty("type").GetString() == "river-level");
    }

    [Theory]
    [InlineData("hours", "0")]
    [InlineData("hours", "many")]
    [InlineData("rain", "drizzle")]
    [InlineData("start", "2026-07-10T00:00")]
    [InlineData("thresholds", "rg-nope:caution_m=1")]
    [InlineData("thresholds", "rg-ida-02:caution=1")]
    [InlineData("colour", "blue")]
    public void A_bad_parameter_is_refused_before_the_run_with_the_option_named(string option, string value)
    {
        var request = new SimulationRequest("flood", 1, new Dictionary<string, string> { [option] = value });

        var e = Assert.Throws<ScenarioParameterException>(() => SimulationServices.Scenario("flood").Validate(request));

        Assert.Equal(option, e.Parameter);
    }

    [Fact]
    public async Task A_rainfall_csv_with_a_line_out_of_order_is_refused_naming_the_line()
    {
        var csv = await WriteCsvAsync("minute,mm_h\n0,1\n30,2\n20,3\n");

        var e = await Assert.ThrowsAsync<ScenarioParameterException>(() => SimulationServices.RunAsync("flood", 1, ("rain-csv", csv), ("hours", "1")));

        Assert.Equal("rain-csv", e.Parameter);
        Assert.Contains("line 4", e.Message, StringComparison.Ordinal);
    }

    private static JsonElement Gauge(SimulationOutput output, string id)
    {
        using var doc = JsonDocument.Parse(output.ResultJson);
        return doc.RootElement.GetProperty("gauges").EnumerateArray().Single(g => g.GetProperty("id").GetString() == id).Clone();
    }

    private static async Task<string> WriteCsvAsync(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"twin-rain-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, text, TestContext.Current.CancellationToken);
        return path;
    }
}
