using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Twin.Storage.Audit;
using Twin.Storage.Consent;
using Twin.Storage.Schema;

namespace Twin.Storage;

/// <summary>Registers the consent register and the audit log on the twin's database.</summary>
public static class TwinPrivacyServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IConsentStore"/> and <see cref="IAuditLog"/> for <c>Twin:Storage</c> (Sqlite, Postgres or Memory).</summary>
    public static IServiceCollection AddTwinPrivacyStores(this IServiceCollection services, IConfiguration configuration)
    {
        var options = TwinStorageOptions.FromConfiguration(configuration);
        services.AddTwinStorageOptions(configuration);
        services.TryAddSingleton<IConsentStore>(sp => options.Storage switch
        {
            TwinStorageKind.Sqlite => SqlConsentStore.Sqlite(options.Sqlite.Path, sp.GetRequiredService<SchemaInstaller>()),
            TwinStorageKind.Postgres => SqlConsentStore.Postgres(options.PostgresConnectionString!, sp.GetRequiredService<SchemaInstaller>()),
            _ => new MemoryConsentStore(),
        });
        services.TryAddSingleton<IAuditLog>(sp => options.Storage switch
        {
            TwinStorageKind.Sqlite => SqlAuditLog.Sqlite(options.Sqlite.Path, sp.GetRequiredService<SchemaInstaller>()),
            TwinStorageKind.Postgres => SqlAuditLog.Postgres(options.PostgresConnectionString!, sp.GetRequiredService<SchemaInstaller>()),
            _ => new MemoryAuditLog(),
        });
        return services;
    }
}
