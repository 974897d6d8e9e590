using Twin.Simulation;

namespace Twin.Simulation.Tests;

public sealed class SimulationScenariosTests
{
    private sealed class Named(string name) : ISimulationScenario
    {
        public string Name => name;
        public string Description => name;
        public IReadOnlyList<ScenarioOption> Options => [];
        public Task<SimulationOutput> RunAsync(SimulationRequest request, IProgress<double>? progress, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    [Fact]
    public void A_scenario_is_found_by_its_name_in_any_case_and_an_unknown_name_finds_none()
    {
        var scenarios = new SimulationScenarios([new Named("flood"), new Named("snowstorm")]);

        Assert.Equal("flood", scenarios.Find("FLOOD")?.Name);
        Assert.Null(scenarios.Find("drought"));
        Assert.Equal(2, scenarios.All.Count);
    }

    [Fact]
    public void A_request_gives_the_option_default_where_no_value_or_a_blank_one_was_given()
    {
        var hours = new ScenarioOption("hours", "24", "hours to run");
        var rain = new ScenarioOption("rain", "normals", "rainfall preset");
        var request = new SimulationRequest("flood", 7, new Dictionary<string, string> { ["hours"] = "72", ["rain"] = " " });

        Assert.Equal("72", request.Get(hours));
        Assert.Equal("normals", request.Get(rain));
    }
}
