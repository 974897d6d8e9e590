using System.Text.Json;

namespace Twin.Simulation.Tests.Snowstorm;

public sealed class SnowstormScenarioTests
{
    [Fact]
    public async Task The_default_snowstorm_runs_over_all_300_pumps_and_the_twin_learns_of_faults_sooner_than_a_citizens_call()
    {
        var output = await SimulationServices.RunAsync("snowstorm", 7);

        using var doc = JsonDocument.Parse(output.ResultJson);
        var summary = doc.RootElement.GetProperty("summary");
        Assert.Equal(300, summary.GetProperty("pumps").GetInt32());
        Assert.Equal(72, doc.RootElement.GetProperty("districts")[0].GetProperty("demand").GetArrayLength());
        Assert.True(summary.GetProperty("faults").GetInt32() > 0);
        Assert.True(summary.GetProperty("faultsLearnedByTwin").GetInt32() > 0);
        Assert.True(summary.GetProperty("twinMedianMinutesToLearn").GetDouble() < summary.GetProperty("callMedianMinutesToLearn").GetDouble());
        // Every fault the twin learned of is an alarm the production rules raised.
        var alarms = doc.RootElement.GetProperty("alarms").GetProperty("list").EnumerateArray()
            .Select(a => (a.GetProperty("source").GetString(), a.GetProperty("type").GetString())).ToHashSet();
        foreach (var fault in doc.RootElement.GetProperty("faults").EnumerateArray().Where(f => f.TryGetProperty("twinAlarm", out _)))
        {
            Assert.Contains((fault.GetProperty("pump").GetString(), fault.GetProperty("twinAlarm").GetString()), alarms);
        }
    }

    [Fact]
    public async Task A_snowstorm_with_one_seed_is_byte_identical_twice_and_another_seed_differs()
    {
        var first = await SimulationServices.RunAsync("snowstorm", 3, ("hours", "12"), ("fault-rate-scale", "5"));
        var second = await SimulationServices.RunAsync("snowstorm", 3, ("hours", "12"), ("fault-rate-scale", "5"));
        var other = await SimulationServices.RunAsync("snowstorm", 4, ("hours", "12"), ("fault-rate-scale", "5"));

        Assert.Equal(first.ResultJson, second.ResultJson);
        Assert.Equal(first.CsvFiles["availability.csv"], second.CsvFiles["availability.csv"]);
        Assert.NotEqual(first.ResultJson, other.ResultJson);
    }

    [Fact]
    public async Task With_no_faults_every_pump_stays_available_and_no_alarm_is_raised()
    {
        var output = await SimulationServices.RunAsync("snowstorm", 1, ("hours", "6"), ("fault-rate-scale", "0"));

        using var doc = JsonDocument.Parse(output.ResultJson);
        var summary = doc.RootElement.GetProperty("summary");
        Assert.Equal(0, summary.GetProperty("faults").GetInt32());
        Assert.Equal(0, summary.GetProperty("alarmsRaised").GetInt32());
        Assert.Equal(100, summary.GetProperty("lowestAvailabilityPct").GetDouble());
    }
}
