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
            var wanted = deviceIds.ToHashSet(StringComparer.Ordinal);
            var hosts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var s in statistics)
            {
                var key = s.GrainId.Key.ToString();
                if (key is not null && wanted.Contains(key))
                {
                    hosts[key] = s.SiloAddress.Endpoint.Port;
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
