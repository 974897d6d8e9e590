using Twin.Simulation.Comparison;

namespace Twin.Simulation.Tests.Comparison;

public sealed class ResultComparisonTests
{
    [Fact]
    public void Two_runs_compare_by_their_summary_numbers_and_the_rows_that_differ()
    {
        const string a = """{"scenario":"flood","seed":7,"summary":{"alarmsRaised":3,"gauges":27},"gauges":[{"id":"rg-1","peakLevelM":1.5},{"id":"rg-2","peakLevelM":0.4}]}""";
        const string b = """{"scenario":"flood","seed":8,"summary":{"alarmsRaised":5,"gauges":27},"gauges":[{"id":"rg-1","peakLevelM":1.75},{"id":"rg-2","peakLevelM":0.4}]}""";

        var c = ResultComparison.Compare(a, b);

        Assert.Equal([new ComparedValue("alarmsRaised", 3, 5, 2), new ComparedValue("gauges", 27, 27, 0)], c.Summary);
        Assert.Equal([new ComparedRow("gauges", "rg-1", "peakLevelM", 1.5, 1.75)], c.Rows);
        Assert.Contains("<svg", ResultComparison.Report(c), StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_of_two_scenarios_do_not_compare()
    {
        var e = Assert.Throws<ScenarioParameterException>(() =>
            ResultComparison.Compare("""{"scenario":"flood","summary":{}}""", """{"scenario":"snowstorm","summary":{}}"""));

        Assert.Contains("one scenario", e.Message, StringComparison.Ordinal);
    }
}
