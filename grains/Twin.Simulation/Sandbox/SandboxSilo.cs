using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Twin.Catalog;
using Twin.Grains;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Devices;
using Twin.Storage.Alarms;

namespace Twin.Simulation.Sandbox;

/// <summary>
/// A run's own Orleans silo, in process: its own cluster and service id, memory grain storage, the production grain
/// classes registered as the live silo registers them (<see cref="TwinGrainsServiceCollectionExtensions.AddTwinGrains"/>),
/// and the run's own services behind them — a history in memory, an alarm store whose outbox nobody sends from, a
/// downlink sender that records, no viewer hub, no MQTT — with the rules' clock replaced by the run's
/// <see cref="SimulationClock"/>. Nothing in it can reach the live twin: it shares no grain, store or connection with it.
/// </summary>
public sealed class SandboxSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private SandboxSilo(IHost host, SimulationClock clock, MemoryAlarmStore alarms, SandboxHistory history, RecordingDownlinks downlinks, TwinCatalog catalog)
    {
        _host = host;
        Clock = clock;
        Alarms = alarms;
        History = history;
        Downlinks = downlinks;
        Catalog = catalog;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
    }

    /// <summary>The run's clock, which the rules read.</summary>
    public SimulationClock Clock { get; }

    /// <summary>The alarms the production grains raised, and the notifications they would have sent (never sent).</summary>
    public MemoryAlarmStore Alarms { get; }

    /// <summary>What the run fed its devices.</summary>
    public SandboxHistory History { get; }

    /// <summary>Lamp commands the grains would have sent.</summary>
    public RecordingDownlinks Downlinks { get; }

    /// <summary>The catalog the run's grains use (the city's, possibly with thresholds the run overrides).</summary>
    public TwinCatalog Catalog { get; }

    /// <summary>The run's grains.</summary>
    public IGrainFactory Grains { get; }

    /// <summary>Starts a silo for one run; its silo port is one the OS picked free, and it opens no gateway.</summary>
    public static async Task<SandboxSilo> StartAsync(TwinCatalog catalog, SimulationClock clock, ILoggerFactory? loggerFactory, CancellationToken ct)
    {
        // A port the OS says is free may be taken by someone else before the silo binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var alarms = new MemoryAlarmStore();
            var history = new SandboxHistory();
            var downlinks = new RecordingDownlinks();
            var id = "twin-sim-" + Guid.NewGuid().ToString("N")[..12];
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("Orleans", LogLevel.Error).AddFilter("Polly", LogLevel.Error);
            if (loggerFactory is not null)
            {
                builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
            }
            builder.UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(siloPort: FreePort(), gatewayPort: 0, serviceId: id, clusterId: id);
                silo.AddMemoryGrainStorage("twin");
                silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(2));
            });
            var services = builder.Services;
            services.AddKeyedSingleton<TimeProvider>(TwinClock.Key, clock);
            services.AddSingleton(catalog);
            services.AddSingleton<IReadingHistory>(history);
            services.AddSingleton<IDownlinkSender>(downlinks);
            services.AddSingleton<IAlarmStore>(alarms);
            services.AddSingleton<INotificationOutbox>(alarms);
            // Memory storage dies with the run: nothing to write at shutdown.
            services.AddTwinGrains(o => o.SnapshotOnShutdown = false);
            var host = builder.Build();
            try
            {
                await host.StartAsync(ct);
                return new SandboxSilo(host, clock, alarms, history, downlinks, catalog);
            }
            catch (Exception e) when (attempt < 3 && e is not OperationCanceledException)
            {
                host.Dispose();
            }
        }
    }

    /// <summary>Every alarm the run's grains raised, in any state.</summary>
    public Task<IReadOnlyList<Alarm>> AllAlarmsAsync(CancellationToken ct) =>
        Alarms.QueryAsync(new AlarmQuery { States = [.. Enum.GetValues<AlarmState>()], Limit = int.MaxValue }, ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _host.StopAsync(cts.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Hands the run silo's log lines to the host's logging (the live silo's or the CLI's).</summary>
    private sealed class ForwardingLoggerProvider(ILoggerFactory factory) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => factory.CreateLogger("Sandbox." + categoryName);

        public void Dispose()
        {
        }
    }
}
