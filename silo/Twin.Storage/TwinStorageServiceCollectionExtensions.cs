using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Storage.Alarms;
using Twin.Storage.History;
using Twin.Storage.Schema;

namespace Twin.Storage;

/// <summary>Registers the reading history, the alarm store and its outbox, and the schema installer.</summary>
public static class TwinStorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IReadingHistory"/> and <see cref="IHistoryQuery"/> for <c>Twin:Storage</c>, its retention/downsampling service,
    /// the alarm store (<see cref="AddAlarmStore"/>), and the schema installer.</summary>
    /// <remarks>The store installs the schema itself before its first read or write, so it works whether or not the silo has started.</remarks>
    public static IServiceCollection AddReadingHistory(this IServiceCollection services, IConfiguration configuration)
    {
        var options = TwinStorageOptions.FromConfiguration(configuration);
        services.AddTwinStorageOptions(configuration);
        services.TryAddSingleton<GroupCommitReadingHistory>(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            var installer = sp.GetRequiredService<SchemaInstaller>();
            return options.Storage switch
            {
                TwinStorageKind.Sqlite => new SqliteReadingHistory(options.Sqlite.Path, installer, options.History, time, loggers.CreateLogger<SqliteReadingHistory>()),
                TwinStorageKind.Postgres => new PostgresReadingHistory(options.PostgresConnectionString!, installer, options.History, time, loggers.CreateLogger<PostgresReadingHistory>()),
                _ => new MemoryReadingHistory(options.History, time, loggers.CreateLogger<MemoryReadingHistory>()),
            };
        });
        services.TryAddSingleton<IReadingHistory>(sp => sp.GetRequiredService<GroupCommitReadingHistory>());
        services.TryAddSingleton<IHistoryMaintenance>(sp => sp.GetRequiredService<GroupCommitReadingHistory>());
        // The read side for REST, on the same database; the grains never see it.
        services.TryAddSingleton<IHistoryQuery>(sp => options.Storage switch
        {
            TwinStorageKind.Sqlite => new SqliteHistoryQuery(options.Sqlite.Path, sp.GetRequiredService<SchemaInstaller>()),
            TwinStorageKind.Postgres => new PostgresHistoryQuery(options.PostgresConnectionString!, sp.GetRequiredService<SchemaInstaller>()),
            _ => new MemoryHistoryQuery(sp.GetRequiredService<IReadingHistory>()),
        });
        services.AddHostedService<HistoryMaintenanceService>();
        services.AddAlarmStore(configuration);
        return services;
    }

    /// <summary>Registers one store as both <see cref="IAlarmStore"/> and <see cref="INotificationOutbox"/> for <c>Twin:Storage</c>.</summary>
    /// <remarks>It installs the schema itself before its first read or write, like the history.</remarks>
    public static IServiceCollection AddAlarmStore(this IServiceCollection services, IConfiguration configuration)
    {
        var options = TwinStorageOptions.FromConfiguration(configuration);
        services.AddTwinStorageOptions(configuration);
        switch (options.Storage)
        {
            case TwinStorageKind.Sqlite:
                services.TryAddSingleton<SqlAlarmStore>(sp => new SqliteAlarmStore(options.Sqlite.Path, sp.GetRequiredService<SchemaInstaller>()));
                break;
            case TwinStorageKind.Postgres:
                services.TryAddSingleton<SqlAlarmStore>(sp => new PostgresAlarmStore(options.PostgresConnectionString!, sp.GetRequiredService<SchemaInstaller>()));
                break;
            case TwinStorageKind.Memory:
                return services.AddMemoryAlarmStore(configuration);
        }
        services.TryAddSingleton<IAlarmStore>(sp => sp.GetRequiredService<SqlAlarmStore>());
        services.TryAddSingleton<INotificationOutbox>(sp => sp.GetRequiredService<SqlAlarmStore>());
        return services;
    }

    /// <summary>With <c>Twin:Storage=Memory</c>, registers <see cref="MemoryAlarmStore"/> as <see cref="IAlarmStore"/> and <see cref="INotificationOutbox"/> (one instance).</summary>
    public static IServiceCollection AddMemoryAlarmStore(this IServiceCollection services, IConfiguration configuration)
    {
        if (TwinStorageOptions.FromConfiguration(configuration).Storage != TwinStorageKind.Memory)
        {
            return services;
        }
        services.TryAddSingleton<MemoryAlarmStore>();
        services.TryAddSingleton<IAlarmStore>(sp => sp.GetRequiredService<MemoryAlarmStore>());
        services.TryAddSingleton<INotificationOutbox>(sp => sp.GetRequiredService<MemoryAlarmStore>());
        return services;
    }

    /// <summary>Binds <see cref="TwinStorageOptions"/> (validated at start) and registers the installer; safe to call more than once.</summary>
    internal static IServiceCollection AddTwinStorageOptions(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(SchemaInstaller)))
        {
            return services;
        }
        services.AddOptions<TwinStorageOptions>().Configure(o => o.BindFrom(configuration)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TwinStorageOptions>, TwinStorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SchemaInstaller>();
        return services;
    }
}
