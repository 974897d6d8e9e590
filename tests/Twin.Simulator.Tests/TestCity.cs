using Microsoft.Extensions.Time.Testing;
using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Simulator.Tests;

/// <summary>The catalog, a simulator on a fake clock, and Japan-time instants for the behaviour tests.</summary>
internal static class TestCity
{
    public static readonly TwinCatalog TheCatalog = TwinCatalog.Load();

    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    public static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, Jst);

    public static (FleetSimulator Simulator, FakeTimeProvider Clock) NewCity(DateTimeOffset start, ulong seed = 7, SimulatorOptions? options = null)
    {
        var clock = new FakeTimeProvider(start);
        return (new FleetSimulator(TheCatalog, clock, seed, options), clock);
    }

    public static IEnumerable<DeviceInfo> Devices(DeviceKind kind) => TheCatalog.Devices.Where(d => d.Kind == kind);

    public static double DistanceM(GeoPoint a, double lat, double lon)
    {
        var north = (lat - a.Lat) * 111_195;
        var east = (lon - a.Lon) * 111_195 * Math.Cos(a.Lat * Math.PI / 180);
        return Math.Sqrt(north * north + east * east);
    }

    public static double DistanceM(GeoPoint a, GeoPoint b) => DistanceM(a, b.Lat, b.Lon);

    public static double DistanceM(GeoPoint a, Reading r) => DistanceM(a, r.Get("lat")!.Value, r.Get("lon")!.Value);

    /// <summary>Instants from start (inclusive) to end (exclusive) every step.</summary>
    public static IEnumerable<DateTimeOffset> Every(DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        for (var t = start; t < end; t += step)
        {
            yield return t;
        }
    }
}
