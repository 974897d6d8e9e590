using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Twin.Durability.Tests.Infrastructure;

/// <summary>Where the cluster placed grains, asked of Orleans' management grain through one silo's gateway.</summary>
public static class Placement
{
    /// <summary>Device id → the silo port of the silo hosting that device's grain, for the devices that are active.</summary>
    public static async Task<Dictionary<string, int>> DeviceHostsAsync(SiloProcess gateway, IReadOnlyCollection<string> deviceIds, CancellationToken ct = default)
    {
        var wanted = deviceIds.ToHashSet(StringComparer.Ordinal);
        // A device's alarm source grain shares its key: only the device grains (types named after their class,
        // RiverGaugeGrain → "rivergauge", …) count.
        var hosts = await HostsAsync(gateway, id => id.Key.ToString() is { } key && wanted.Contains(key) && !id.Type.ToString()!.StartsWith("alarm", StringComparison.Ordinal), ct);
        return hosts.ToDictionary(h => h.Key.Key.ToString()!, h => h.Value, StringComparer.Ordinal);
    }

    /// <summary>The silo port of the silo hosting district <paramref name="districtId"/>'s grain, or null when it is not active.</summary>
    public static async Task<int?> DistrictHostAsync(SiloProcess gateway, string districtId, CancellationToken ct = default)
    {
        // Grain types are named after their class (DistrictGrain → "district"); the city grain shares the key "toyama".
        var hosts = await HostsAsync(gateway, id => id.Type.ToString() == "district" && id.Key.ToString() == districtId, ct);
        return hosts.Count == 0 ? null : hosts.Single().Value;
    }

    /// <summary>Grain id → the silo port of its host, for the active grains <paramref name="wanted"/> picks.</summary>
    private static async Task<Dictionary<GrainId, int>> HostsAsync(SiloProcess gateway, Func<GrainId, bool> wanted, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gateway.GatewayPort))
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = gateway.Settings.ClusterId;
                o.ServiceId = gateway.Settings.ServiceId;
            }));
        using var host = builder.Build();
        await host.StartAsync(ct);
        try
        {
            var management = host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
            var statistics = await management.GetDetailedGrainStatistics();
            var hosts = new Dictionary<GrainId, int>();
            foreach (var s in statistics)
            {
                if (wanted(s.GrainId))
                {
                    hosts[s.GrainId] = s.SiloAddress.Endpoint.Port;
                }
            }
            return hosts;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
