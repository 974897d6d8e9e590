using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Twin.Catalog;
using Twin.Grains;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Alarms;
using Twin.Grains.Devices;
using Twin.Storage;
using Twin.Storage.Alarms;
using Twin.Storage.History;

namespace Twin.Grains.Tests;

/// <summary>A real in-process Orleans cluster with the city catalog, memory storage and a fake clock shared by its silo.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>The clock every grain reads; tests move it forward.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 15, 6, 0, 0, TimeSpan.FromHours(9)));

    /// <summary>The reading history the device grains replay from.</summary>
    public MemoryReadingHistory History { get; } = new(new TwinStorageOptions.HistorySettings(), TimeProvider.System);

    /// <summary>Lamp commands the grains sent (the silo's MQTT sender is tested end to end elsewhere).</summary>
    public RecordingDownlinks Downlinks { get; } = new();

    /// <summary>The alarms and their outbox (nothing sends from it here: tests read what would be sent).</summary>
    public MemoryAlarmStore Alarms { get; } = new();

    /// <summary>The route the alarm tests escalate on: toyama's pumps, escalated after 15 minutes to the chief.</summary>
    public static readonly AlarmRoute PumpsRoute = new()
    {
        Name = "toyama-pumps", Districts = "toyama", Kinds = "snow-pump", Webhook = "http://hooks.test/pumps", EscalateAfterMinutes = 15, EscalateTo = "chief",
    };

    /// <summary>The city catalog the silo uses.</summary>
    public TwinCatalog Catalog { get; } = TwinCatalog.Load();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((options, silo) =>
        {
            silo.AddMemoryGrainStorage("twin");
            silo.Services.AddKeyedSingleton<TimeProvider>(TwinClock.Key, Clock);
            silo.Services.AddSingleton(Catalog);
            silo.Services.AddSingleton<IReadingHistory>(History);
            silo.Services.AddSingleton<IDownlinkSender>(Downlinks);
            silo.Services.AddTwinGrains();
            // The children's cadence of the districts, short so that tests see their counts soon (60 s in the silo).
            silo.Services.Configure<ChildPrivacyOptions>(o => o.Cadence = TimeSpan.FromMilliseconds(250));
            silo.Services.AddSingleton<IAlarmStore>(Alarms);
            silo.Services.Configure<AlarmOptions>(o =>
            {
                o.WebhookUrl = "http://hooks.test/all";
                o.Routes = [PumpsRoute, new AlarmRoute { Name = "chief", Districts = "-", Email = "chief@city.test" }];
            });
            silo.Services.AddLogging(l => l.AddFilter("Polly", LogLevel.Warning).AddFilter("Orleans", LogLevel.Warning));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

/// <summary>Tests sharing one cluster.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>Waits on a condition with a timeout, polling a grain (grain-to-grain updates are one-way and coalesced).</summary>
public static class Eventually
{
    public static async Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        T last = await probe();
        while (!condition(last))
        {
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"Condition not met in time; last value: {last}");
            }
            await Task.Delay(20, CancellationToken.None);
            last = await probe();
        }
        return last;
    }
}

/// <summary>Records lamp commands in order.</summary>
public sealed class RecordingDownlinks : IDownlinkSender
{
    private readonly List<LampCommand> _sent = [];

    public IReadOnlyList<LampCommand> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public Task SendLampAsync(LampCommand command, DateTimeOffset now)
    {
        lock (_sent)
        {
            _sent.Add(command);
        }
        return Task.CompletedTask;
    }
}
