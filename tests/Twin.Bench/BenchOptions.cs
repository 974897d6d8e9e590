using System.Globalization;

namespace Twin.Bench;

/// <summary>The benchmark's command line.</summary>
public sealed record BenchOptions(
    IReadOnlyList<string> Parts,
    int Devices,
    IReadOnlyList<string> Databases,
    TimeSpan Duration,
    int Connections,
    IReadOnlyList<int> MemoryDevices,
    int Viewers,
    double Rate)
{
    /// <summary>Readings in each throughput run of the production part.</summary>
    public long ProductionCount { get; init; } = 20_000;

    /// <summary>Network-server connections for the production part's "many".</summary>
    public int ProductionConnections { get; init; } = 16;

    /// <summary>The production part's paced rate (latency, kill) in readings/s.</summary>
    public double ProductionRate { get; init; } = 1_000;

    public const string Usage = """
        usage: dotnet run -c Release --project tests/Twin.Bench -- all|broker|ingest|memory|push|alarms|coverage|production [...]
          --devices N          synthetic devices in the catalog for ingest and push (100000)
          --db LIST            sqlite,postgres (both); memory for the reference without a database
          --duration S         seconds each measured run lasts (30)
          --connections N      publisher MQTT connections for the throughput run (128)
          --memory-devices L   activations for the memory figure (100000,1000000)
          --viewers N          SignalR viewers for the push run (200)
          --rate N             readings/s for the latency and push runs (10000)
          --prod-count N       production: readings in each throughput run (20000)
          --prod-connections N production: network-server connections for "many" (16)
          --prod-rate N        production: paced readings/s for latency and the kill (1000)
        """;

    public static BenchOptions? Parse(string[] args)
    {
        var parts = new List<string>();
        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                o[args[i][2..]] = args[++i];
            }
            else if (args[i] is "all")
            {
                parts.AddRange(["broker", "ingest", "memory", "push", "alarms", "coverage"]);
            }
            else if (args[i] is "broker" or "ingest" or "memory" or "push" or "alarms" or "coverage" or "production")
            {
                parts.Add(args[i]);
            }
            else
            {
                return null;
            }
        }
        if (parts.Count == 0)
        {
            return null;
        }
        var c = CultureInfo.InvariantCulture;
        return new BenchOptions(
            parts,
            int.Parse(o.GetValueOrDefault("devices", "100000"), c),
            o.GetValueOrDefault("db", "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries),
            TimeSpan.FromSeconds(double.Parse(o.GetValueOrDefault("duration", "30"), c)),
            int.Parse(o.GetValueOrDefault("connections", "128"), c),
            [.. o.GetValueOrDefault("memory-devices", "100000,1000000").Split(',').Select(s => int.Parse(s, c))],
            int.Parse(o.GetValueOrDefault("viewers", "200"), c),
            double.Parse(o.GetValueOrDefault("rate", "10000"), c))
        {
            ProductionCount = long.Parse(o.GetValueOrDefault("prod-count", "20000"), c),
            ProductionConnections = Math.Max(2, int.Parse(o.GetValueOrDefault("prod-connections", "16"), c)),
            ProductionRate = double.Parse(o.GetValueOrDefault("prod-rate", "1000"), c),
        };
    }
}

/// <summary>Figures collected for the closing table.</summary>
public sealed class Report
{
    private readonly List<(string What, string Figure, string Target)> _rows = [];

    public void Add(string what, string figure, string target = "")
    {
        _rows.Add((what, figure, target));
        Console.WriteLine($"  → {what}: {figure}{(target.Length > 0 ? $"  (target {target})" : "")}");
    }

    public string ToMarkdown() =>
        "| measurement | figure | target |\n| --- | --- | --- |\n" +
        string.Join("\n", _rows.Select(r => $"| {r.What} | {r.Figure} | {r.Target} |"));
}
