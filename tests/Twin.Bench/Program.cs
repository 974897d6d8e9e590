using System.Globalization;
using Twin.Bench;

// One command for every figure in docs/benchmarks.md:
//   dotnet run -c Release --project tests/Twin.Bench -- all
// or one part: broker | ingest | memory | push | alarms | coverage | production   (options: --devices 100000 --db sqlite,postgres
//   --duration 30 --connections 32 --memory-devices 100000,1000000 --viewers 200 --rate 10000)
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.WriteLine(BenchOptions.Usage);
    return 2;
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"# Twin benchmark — {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}"));
var report = new Report();
try
{
    foreach (var part in options.Parts)
    {
        switch (part)
        {
            case "broker":
                await IngestBench.BrokerAloneAsync(options, report);
                break;
            case "ingest":
                foreach (var db in options.Databases)
                {
                    await IngestBench.RunAsync(options, db, report);
                }
                break;
            case "memory":
                foreach (var n in options.MemoryDevices)
                {
                    await MemoryBench.RunAsync(n, report);
                }
                break;
            case "push":
                await PushBench.RunAsync(options, report);
                break;
            case "alarms":
                await AlarmBench.RunAsync(options, report);
                break;
            case "coverage":
                await CoverageBench.RunAsync(report);
                break;
            case "production":
                await Twin.Bench.Production.ProductionBench.RunAsync(options, report);
                break;
        }
    }
}
finally
{
    Console.WriteLine();
    Console.WriteLine(report.ToMarkdown());
}
return 0;
