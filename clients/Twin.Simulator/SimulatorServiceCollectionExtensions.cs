using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twin.Catalog;
using Twin.Resilience;

namespace Twin.Simulator;

/// <summary>Hosts the device fleet simulator inside another process (the silo, for the demo run).</summary>
public static class SimulatorServiceCollectionExtensions
{
    /// <summary>
    /// When <c>Twin:Simulator:Enabled</c> is true, runs the simulator (options under <c>Twin:Simulator</c>: Cadence,
    /// Format, Rate, Seed, …) against the broker the host names with <paramref name="broker"/> (host, port and
    /// credentials it fills in where <c>Twin:Simulator</c> leaves them unset). Does nothing otherwise.
    /// </summary>
    public static IServiceCollection AddTwinSimulator(this IServiceCollection services, IConfiguration configuration, Action<SimulatorOptions> broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var section = configuration.GetSection("Twin:Simulator");
        if (!section.GetValue<bool>("Enabled"))
        {
            return services;
        }
        services.AddOptions<SimulatorOptions>()
            .Bind(section)
            .PostConfigure(broker)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHostedService<SimulatorHostedService>();
        return services;
    }
}

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
        var publisher = new PublisherOptions(o.Host ?? "127.0.0.1", o.Port == 0 ? 1883 : o.Port, o.Qos, o.Connections, o.MaxInFlight, o.Username, o.Password);
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
