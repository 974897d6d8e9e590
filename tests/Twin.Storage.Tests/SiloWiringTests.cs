using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Twin.Grains.Abstractions;
using Twin.Storage.Tests.Infrastructure;

namespace Twin.Storage.Tests;

/// <summary>The extension methods as the silo host calls them: a real host, PostgreSQL storage, clustering and history.</summary>
public sealed class SiloWiringTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task ASiloOnPostgresJoinsTheMembershipTableStoresStateAndWritesHistory()
    {
        var ct = TestContext.Current.CancellationToken;
        var configuration = TestConfiguration.Postgres(database.ConnectionString,
            ("Twin:Clustering", "Postgres"),
            ("Twin:Silo:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Twin:Silo:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Twin:Silo:ClusterId", "wiring-test"),
            ("Twin:Silo:AdvertisedAddress", "127.0.0.1"));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddReadingHistory(configuration);
        builder.UseOrleans(silo => silo.AddTwinStorage(configuration));

        using var host = builder.Build();
        await host.StartAsync(ct);
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<IStoredNoteGrain>("wired").SetAsync("ok");
            Assert.Equal("ok", (await grains.GetGrain<IStoredNoteGrain>("wired").GetAsync()).Text);

            var history = host.Services.GetRequiredService<IReadingHistory>();
            var ts = new DateTimeOffset(2026, 2, 1, 7, 0, 0, TimeSpan.FromHours(9));
            await history.AppendAsync(new HistoryRecord("wired-gauge", ts, 1,
                new Reading(ts, 1, ImmutableDictionary<string, double>.Empty.Add("level_m", 2.5)), ts), ct);
            Assert.Single(await history.ReadAsync("wired-gauge", ts, ts.AddSeconds(1), 10, ct));

            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM orleans_membership WHERE deployment_id = 'wiring-test' AND status = 3", connection);
            Assert.Equal(1L, await command.ExecuteScalarAsync(ct));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
