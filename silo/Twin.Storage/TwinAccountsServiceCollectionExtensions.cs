using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Twin.Storage.Accounts;
using Twin.Storage.Schema;
using Twin.Storage.Secrets;

namespace Twin.Storage;

/// <summary>Registers the account store and the shared secrets on the twin's database.</summary>
public static class TwinAccountsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IAccountStore"/> and <see cref="ISecretStore"/> for <c>Twin:Storage</c> (Sqlite, Postgres or Memory).</summary>
    public static IServiceCollection AddTwinAccountStore(this IServiceCollection services, IConfiguration configuration)
    {
        var options = TwinStorageOptions.FromConfiguration(configuration);
        services.AddTwinStorageOptions(configuration);
        services.TryAddSingleton<IAccountStore>(sp => options.Storage switch
        {
            TwinStorageKind.Sqlite => SqlAccountStore.Sqlite(options.Sqlite.Path, sp.GetRequiredService<SchemaInstaller>()),
            TwinStorageKind.Postgres => SqlAccountStore.Postgres(options.PostgresConnectionString!, sp.GetRequiredService<SchemaInstaller>()),
            _ => new MemoryAccountStore(),
        });
        services.TryAddSingleton<ISecretStore>(sp => options.Storage switch
        {
            TwinStorageKind.Sqlite => FileSecretStore.Beside(options.Sqlite.Path),
            TwinStorageKind.Postgres => new PostgresSecretStore(options.PostgresConnectionString!, sp.GetRequiredService<SchemaInstaller>(), sp.GetRequiredService<TimeProvider>()),
            _ => new MemorySecretStore(),
        });
        return services;
    }
}
