using System.Diagnostics;
using System.Globalization;
using Twin.Simulation;
using Twin.Simulation.Coverage;

namespace Twin.Bench;

/// <summary>
/// A whole-city coverage run (the planner's <c>sim run coverage</c>) timed in process: all 1,448 towns against each
/// facility set, the what-if and the city's table, and the output (result.json, CSV, report, GeoJSON) written to text.
/// </summary>
public static class CoverageBench
{
    private const int Runs = 5;

    public static async Task RunAsync(Report report)
    {
        Console.WriteLine("## coverage: whole-city runs of the coverage scenario, in process");
        var scenario = new CoverageScenario();
        var cases = new (string Label, Dictionary<string, string> Parameters)[]
        {
            ("admin 2 km, 2020 (the default)", []),
            ("every set, 2065, closing a service centre and adding a station",
                new() { ["facilities"] = "admin,schools,junior-high,childcare,stations", ["year"] = "2065", ["remove"] = "office-4", ["add"] = "富山駅" }),
        };

        // The first run loads and parses the embedded data and projects every point: timed on its own.
        var cold = Stopwatch.StartNew();
        await scenario.RunAsync(new SimulationRequest("coverage", 1, cases[0].Parameters), null, CancellationToken.None);
        report.Add("coverage run, first in the process (data loaded and parsed)", Ms(cold.Elapsed.TotalMilliseconds));

        foreach (var (label, parameters) in cases)
        {
            var times = new List<double>();
            var bytes = 0;
            for (var i = 0; i < Runs; i++)
            {
                var watch = Stopwatch.StartNew();
                var output = await scenario.RunAsync(new SimulationRequest("coverage", 1, parameters), null, CancellationToken.None);
                times.Add(watch.Elapsed.TotalMilliseconds);
                bytes = output.ResultJson.Length;
            }
            times.Sort();
            report.Add($"coverage run: {label} (median of {Runs}, best {Ms(times[0])})", Ms(times[Runs / 2]) +
                string.Create(CultureInfo.InvariantCulture, $", result.json {bytes / 1024} KB"));
        }
    }

    private static string Ms(double ms) => string.Create(CultureInfo.InvariantCulture, $"{ms:0} ms");
}
