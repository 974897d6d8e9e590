using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Storage.History;

namespace Twin.Silo.Tests.Privacy;

/// <summary>The silo's history maintenance applies <c>Twin:Privacy:ChildHistoryHours</c> (72) to every child tracker and to nothing else.</summary>
public sealed class ChildRetentionWiringTests(MemoryPrivacySilo silo) : IClassFixture<MemoryPrivacySilo>
{
    [Fact]
    public async Task TheSilosMaintenancePurgesChildReadingsPastSeventyTwoHours()
    {
        var ct = TestContext.Current.CancellationToken;
        var catalog = silo.Services.GetRequiredService<TwinCatalog>();
        var history = silo.Services.GetRequiredService<IReadingHistory>();
        var child = catalog.Devices.Last(d => d.Kind == DeviceKind.ChildTracker);
        var gauge = catalog.Devices.Last(d => d.Kind == DeviceKind.RiverGauge);
        var now = DateTimeOffset.UtcNow;
        foreach (var (device, hoursAgo, seq) in new[] { (child, 73, 1L), (child, 71, 2L), (gauge, 73, 1L) })
        {
            var ts = now.AddHours(-hoursAgo);
            var values = ImmutableDictionary<string, double>.Empty.Add("battery_pct", 80);
            await history.AppendAsync(new HistoryRecord(device.Id, ts, seq, new Reading(ts, seq, values), ts), ct);
        }
        var maintenance = silo.Services.GetServices<IHostedService>().OfType<HistoryMaintenanceService>().Single();

        await maintenance.RunOnceAsync(ct);

        Assert.Equal([2L], (await history.ReadAsync(child.Id, now.AddDays(-5), now, 100, ct)).Select(r => r.Seq));
        Assert.Equal([1L], (await history.ReadAsync(gauge.Id, now.AddDays(-5), now, 100, ct)).Select(r => r.Seq));
    }
}
