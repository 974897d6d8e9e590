using Microsoft.Extensions.DependencyInjection;

namespace Twin.Storage.Tests.Infrastructure;

/// <summary>The storage services a silo registers, for one <c>Twin:Storage</c>, built without opening any database.</summary>
public static class StorageServices
{
    public static ServiceProvider Build(string storage)
    {
        var configuration = TestConfiguration.Build([
            ("Twin:Storage", storage),
            ("Twin:Sqlite:Path", Path.Combine(Path.GetTempPath(), $"twin-wiring-{Guid.NewGuid():N}.db")),
            ("ConnectionStrings:Twin", "Host=127.0.0.1;Database=never_opened"),
        ]);
        var services = new ServiceCollection().AddLogging();
        services.AddReadingHistory(configuration);
        return services.BuildServiceProvider();
    }
}
