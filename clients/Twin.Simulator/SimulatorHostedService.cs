using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twin.Catalog;
using Twin.Resilience;

namespace Twin.Simulator;

/// <summary>Runs the simulator for the life of the host; waits for the broker, and restarts after a failure instead of stopping the host.</summary>
internal sealed class SimulatorHostedService(
    IOptions<SimulatorOptions> options,
    IServiceProvider services,
    ILogger<SimulatorHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var catalog = services.GetService<TwinCatalog>() ?? TwinCatalog.Load();
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var publisher = new PublisherOptions(o.Host ?? "127.0.0.1", o.Port == 0 ? 1883 : o.Port, o.Qos, o.Connections, o.MaxInFlight, o.Username, o.Password,
            o.PerDevice ? o.DeviceKeySecret ?? throw new InvalidOperationException("Twin:Simulator:PerDevice needs Twin:Simulator:DeviceKeySecret") : null);
        // A failed run starts again after about a second, doubling with jitter to at most a minute, until the host stops.
        var restart = TwinResilience.Retry(time, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), args =>
        {
            SimulatorLog.Failed(logger, args.RetryDelay.TotalSeconds, args.Outcome.Exception!);
            return ValueTask.CompletedTask;
        });
        try
        {
            var summary = await restart.ExecuteAsync(async ct =>
            {
                // One simulator per attempt: a restart resets the seq counters, which the twin reads as a device restart.
                var simulator = new FleetSimulator(catalog, time, o.Seed, o);
                return await SimulatorRunner.RunAsync(simulator, publisher, time, Timeout.InfiniteTimeSpan, logger,
                    s => SimulatorLog.Progress(logger, s.ToString().ReplaceLineEndings("; ")), TimeSpan.FromMinutes(1), ct);
            }, stoppingToken);
            // A bounded run is done; an open-ended one ends only when the host stops.
            SimulatorLog.Stopped(logger, summary.ToString().ReplaceLineEndings("; "));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped while waiting to restart.
        }
    }
}
