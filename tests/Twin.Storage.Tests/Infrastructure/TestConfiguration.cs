using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Twin.Storage.Tests.Infrastructure;

/// <summary>Builds the configuration the silo would read, for one storage backend.</summary>
public static class TestConfiguration
{
    public static IConfiguration Sqlite(string path, params (string Key, string Value)[] extra) =>
        Build([("Twin:Storage", "Sqlite"), ("Twin:Sqlite:Path", path), .. extra]);

    public static IConfiguration Postgres(string connectionString, params (string Key, string Value)[] extra) =>
        Build([("Twin:Storage", "Postgres"), ("ConnectionStrings:Twin", connectionString), .. extra]);

    public static IConfiguration Memory(params (string Key, string Value)[] extra) =>
        Build([("Twin:Storage", "Memory"), .. extra]);

    public static IConfiguration Build(IEnumerable<(string Key, string Value)> pairs) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)))
            .Build();

    public static IOptions<TwinStorageOptions> Options(IConfiguration configuration) =>
        Microsoft.Extensions.Options.Options.Create(TwinStorageOptions.FromConfiguration(configuration));
}
