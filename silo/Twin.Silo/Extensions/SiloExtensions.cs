using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Twin.Catalog;
using Twin.Codecs;
using Twin.Grains;
using Twin.Grains.Devices;
using Twin.Silo.Alarms;
using Twin.Silo.Hubs;
using Twin.Silo.Ingestion;
using Twin.Silo.Ingestion.Access;
using Twin.Simulation;
using Twin.Simulator;
using Twin.Storage;

namespace Twin.Silo.Extensions;

/// <summary>Sets up the twin's host: the Orleans silo, the catalog, MQTT ingestion, the API's JSON and errors.</summary>
public static class SiloExtensions
{
    /// <summary>Adds everything the twin's silo runs.</summary>
    public static WebApplicationBuilder AddTwinSilo(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MqttIngestOptions>().BindConfiguration("Twin:Mqtt").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<MqttIngestOptions>, MqttIngestOptionsValidator>();
        services.AddOptions<ExternalBrokerOptions>().BindConfiguration("Twin:Mqtt:External").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestionOptions>().BindConfiguration("Twin:Ingestion").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CatalogOptions>().BindConfiguration("Twin:Catalog").ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddKeyedSingleton(TwinClock.Key, TimeProvider.System);
        services.AddSingleton(sp => TwinCatalog.Load(sp.GetRequiredService<IOptions<CatalogOptions>>().Value.SyntheticDevices));

        // Storage, reminders and clustering by configuration: Sqlite (default, embedded file), Postgres or Memory;
        // Localhost clustering (default) or Postgres. The schema installs itself at start.
        services.AddReadingHistory(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.AddTwinStorage(builder.Configuration);
            // Failure detection (probe timeouts, votes) is a deployment decision: Twin:Silo:Membership.
            silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection("Twin:Silo:Membership"));
        });

        services.AddTwinGrains();
        builder.AddTwinPrivacy();
        // Memory grain storage dies with the silo: a snapshot written at shutdown keeps nothing.
        services.AddOptions<DeviceGrainOptions>().Configure<IOptions<TwinStorageOptions>>(
            (grains, storage) => grains.SnapshotOnShutdown = storage.Value.Storage != TwinStorageKind.Memory);
        services.AddSingleton<IngestionMetrics>();
        services.AddSingleton<IngestionPipeline>();
        if (MqttOptionsOf(builder.Configuration).Mode == MqttMode.External)
        {
            services.AddSingleton<ExternalBroker>();
            services.AddHostedService(sp => sp.GetRequiredService<ExternalBroker>());
            services.AddSingleton<IMqttOutbound>(sp => sp.GetRequiredService<ExternalBroker>());
        }
        else
        {
            // Who may connect, and the secret device passwords are derived from (configured, or generated beside a
            // single SQLite silo's database).
            services.AddSingleton(sp => DeviceKeySecrets.Resolve(
                sp.GetRequiredService<IOptions<MqttIngestOptions>>().Value, sp.GetRequiredService<IOptions<TwinStorageOptions>>().Value));
            services.AddSingleton<MqttAuthenticator>();
            services.AddSingleton<EmbeddedBroker>();
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
            services.AddSingleton<IMqttOutbound>(sp => sp.GetRequiredService<EmbeddedBroker>());
        }
        services.AddSingleton<IDownlinkSender, MqttDownlinkSender>();
        services.AddTwinAlarmDelivery(builder.Configuration);
        // Planner runs: each in a sandbox silo of its own (Twin.Simulation), never this one's grains or stores.
        services.AddTwinSimulations();
        // The demo fleet (off unless Twin:Simulator:Enabled): real MQTT to this silo's own broker, started after it,
        // signed in with an account the silo makes for it (native and LoRaWAN uplinks of every kind) unless
        // Twin:Simulator:Username names another.
        var simulatorAccount = new InternalMqttAccount("twin-simulator-" + Guid.NewGuid().ToString("N")[..8], DeviceKeys.NewSecret(),
            new MqttPrincipal("twin-simulator", MqttRoles.Fleet | MqttRoles.NetworkServer));
        if (MqttOptionsOf(builder.Configuration).Mode == MqttMode.Embedded && builder.Configuration.GetValue<bool>("Twin:Simulator:Enabled"))
        {
            services.AddSingleton(simulatorAccount);
        }
        services.AddTwinSimulator(builder.Configuration, simulator =>
        {
            var mqtt = MqttOptionsOf(builder.Configuration);
            var external = mqtt.Mode == MqttMode.External;
            if (string.IsNullOrEmpty(simulator.Host))
            {
                simulator.Host = external ? mqtt.External.Host : "127.0.0.1";
            }
            if (simulator.Port == 0)
            {
                simulator.Port = external ? mqtt.External.Port : mqtt.Port;
            }
            if (simulator.Username is null)
            {
                simulator.Username = external ? mqtt.External.Username : simulatorAccount.Username;
                simulator.Password = external ? mqtt.External.Password : simulatorAccount.Password;
            }
        });

        services.AddHostedService<Twin.Silo.Api.TwinStateMetrics>();
        services.AddSingleton<ViewerObserver>();
        services.AddHostedService(sp => sp.GetRequiredService<ViewerObserver>());

        // prometheus-net's .NET-meter adapter starts on its first collection: collect once now so that nothing
        // counted before the first scrape is lost, and publish only our meters, Orleans' and SignalR's (not Private.*).
        // Of Orleans' instruments only the observable ones (activations, grain counts, silo and scheduler figures,
        // read at the scrape): its per-message counters and histograms went through the adapter on every grain
        // call, about 3.5 % of the silo's CPU at full ingestion, and nothing here reads them.
        Prometheus.Metrics.ConfigureMeterAdapter(o => o.InstrumentFilterPredicate = i =>
            i.Meter.Name.StartsWith("Twin.", StringComparison.Ordinal)
            || (i.Meter.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && i.IsObservable)
            || i.Meter.Name == "Microsoft.AspNetCore.Http.Connections"); // SignalR: active connections, connection duration
        Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(Stream.Null).GetAwaiter().GetResult();

        services.AddHealthChecks()
            .AddCheck<Twin.Silo.Api.TwinHealthCheck>("grains")
            .AddCheck<Twin.Silo.Api.HistoryHealthCheck>("history")
            .AddCheck<Twin.Silo.Api.MqttHealthCheck>("mqtt");
        services.AddProblemDetails();
        services.AddHistoryRateLimiting();
        services.AddTwinWeb();
        return builder;
    }

    private static MqttIngestOptions MqttOptionsOf(IConfiguration configuration) =>
        configuration.GetSection("Twin:Mqtt").Get<MqttIngestOptions>() ?? new MqttIngestOptions();
}
