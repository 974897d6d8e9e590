using Microsoft.Extensions.Options;
using Twin.Storage.Tests.Infrastructure;

namespace Twin.Storage.Tests;

/// <summary>Wrong settings fail at start with messages that name the key.</summary>
public sealed class TwinStorageOptionsTests
{
    [Fact]
    public void DefaultsAreSqliteAndLocalhost()
    {
        var options = TwinStorageOptions.FromConfiguration(TestConfiguration.Build([]));
        Assert.Equal((TwinStorageKind.Sqlite, "data/twin.db", TwinClusteringKind.Localhost, 11111, 30000),
            (options.Storage, options.Sqlite.Path, options.Clustering, options.Silo.SiloPort, options.Silo.GatewayPort));
    }

    [Fact]
    public void PostgresWithoutAConnectionStringNamesTheKey()
    {
        var ex = Assert.Throws<OptionsValidationException>(() =>
            TwinStorageOptions.FromConfiguration(TestConfiguration.Build([("Twin:Storage", "Postgres")])));
        Assert.Contains(ex.Failures, f => f.StartsWith("ConnectionStrings:Twin is required", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnknownStorageKindSaysWhatIsAllowed()
    {
        var ex = Assert.Throws<OptionsValidationException>(() =>
            TwinStorageOptions.FromConfiguration(TestConfiguration.Build([("Twin:Storage", "Oracle")])));
        Assert.Contains("Twin:Storage must be Memory, Sqlite or Postgres", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryBadHistorySettingIsReported()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => TwinStorageOptions.FromConfiguration(TestConfiguration.Memory(
            ("Twin:History:RetentionDays", "-1"),
            ("Twin:History:MaxBatchSize", "0"),
            ("Twin:Silo:GatewayPort", "11111"))));
        Assert.Equal(3, ex.Failures.Count());
    }
}
