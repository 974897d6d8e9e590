using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Twin.Storage.Schema;

namespace Twin.Storage;

/// <summary>Wires the twin's grain storage, reminders and clustering into an Orleans silo from configuration.</summary>
public static class TwinStorageSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant for SQLite; the provider maps it to Microsoft.Data.Sqlite ("Microsoft.Data.Sqlite" itself is rejected).</summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>The ADO.NET invariant for PostgreSQL.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>Grain storage "twin", reminders and clustering per <c>Twin:Storage</c>/<c>Twin:Clustering</c>; the schema is installed before the silo starts.</summary>
    public static ISiloBuilder AddTwinStorage(this ISiloBuilder silo, IConfiguration configuration) =>
        silo.AddTwinGrainStorage(configuration).AddTwinReminders(configuration).AddTwinClustering(configuration);

    /// <summary>Grain storage named "twin": ADO.NET on SQLite or PostgreSQL (Orleans binary serializer), or memory.</summary>
    public static ISiloBuilder AddTwinGrainStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = AddCommon(silo, configuration);
        if (options.Storage == TwinStorageKind.Memory)
        {
            return silo.AddMemoryGrainStorage(TwinStorageOptions.GrainStorageName);
        }
        var (invariant, connectionString) = AdoNet(options);
        return silo.AddAdoNetGrainStorage(TwinStorageOptions.GrainStorageName, builder => builder.Configure<Serializer>((o, serializer) =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
            // The Orleans serializer honours [Id] and [GenerateSerializer] (version tolerant) and is far smaller than JSON.
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
    }

    /// <summary>Durable reminders (ADO.NET on SQLite or PostgreSQL), or in-memory reminders for <c>Twin:Storage=Memory</c>.</summary>
    public static ISiloBuilder AddTwinReminders(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = AddCommon(silo, configuration);
        if (options.Storage == TwinStorageKind.Memory)
        {
            return silo.UseInMemoryReminderService();
        }
        var (invariant, connectionString) = AdoNet(options);
        return silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
    }

    /// <summary>Localhost clustering on <c>Twin:Silo</c> ports, or the ADO.NET membership table in PostgreSQL.</summary>
    public static ISiloBuilder AddTwinClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = AddCommon(silo, configuration);
        var s = options.Silo;
        if (options.Clustering == TwinClusteringKind.Localhost)
        {
            return silo.UseLocalhostClustering(s.SiloPort, s.GatewayPort, serviceId: s.ServiceId, clusterId: s.ClusterId);
        }
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = s.ClusterId;
            o.ServiceId = s.ServiceId;
        });
        if (s.AdvertisedAddress is { Length: > 0 } address)
        {
            silo.ConfigureEndpoints(IPAddress.Parse(address), s.SiloPort, s.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.ConfigureEndpoints(s.SiloPort, s.GatewayPort);
        }
        return silo.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = options.PostgresConnectionString;
        });
    }

    private static TwinStorageOptions AddCommon(ISiloBuilder silo, IConfiguration configuration)
    {
        var options = TwinStorageOptions.FromConfiguration(configuration);
        silo.Services.AddTwinStorageOptions(configuration);
        // Stage First runs before membership, reminders and grain storage read their queries from the database.
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, SchemaInstallerLifecycle>());
        return options;
    }

    private static (string Invariant, string ConnectionString) AdoNet(TwinStorageOptions options) => options.Storage switch
    {
        TwinStorageKind.Sqlite => (SqliteInvariant, PrepareSqlite(options.Sqlite.Path)),
        TwinStorageKind.Postgres => (PostgresInvariant, options.PostgresConnectionString!),
        _ => throw new InvalidOperationException($"Twin:Storage={options.Storage} has no ADO.NET database."),
    };

    private static string PrepareSqlite(string path)
    {
        SqliteConnectionStrings.EnsureDirectory(path);
        return SqliteConnectionStrings.For(path);
    }
}
