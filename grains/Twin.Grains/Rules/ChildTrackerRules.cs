using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Grains.Rules;

/// <summary>Child tracker rules: whether a child is out and about, and a low battery. Positions never leave the grain.</summary>
public static class ChildTrackerRules
{
    /// <summary>A child farther than this from school is out and about.</summary>
    public const double AtSchoolRadiusM = 200;

    /// <summary>A child who moved at least this far between two readings is on the move.</summary>
    public const double MovedM = 50;

    /// <summary>A child who has not moved for this long is staying put (at home, at a friend's), not out and about.</summary>
    public static readonly TimeSpan StillAfter = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Out and about: away from school and on the move recently. The twin knows no homes (by design), so a child
    /// who stays put somewhere is not counted; one walking to or from school is.
    /// </summary>
    public static bool IsOutAndAbout(GeoPoint school, double lat, double lon, DateTimeOffset? lastMovedAt, DateTimeOffset now) =>
        IsOut(school, lat, lon) && lastMovedAt is { } moved && now - moved <= StillAfter;

    /// <summary>Below this battery percentage the family should charge the device.</summary>
    public const double LowBatteryPct = 15;

    /// <summary>Whether the child is away from school.</summary>
    public static bool IsOut(GeoPoint school, double lat, double lon) =>
        Geo.DistanceM(school.Lat, school.Lon, lat, lon) > AtSchoolRadiusM;

    /// <summary>The tracker's verdict: normal, advisory on a low battery.</summary>
    public static Verdict Evaluate(double? batteryPct) =>
        batteryPct < LowBatteryPct
            ? new Verdict(TwinStatus.Advisory, [AnomalyNames.BatteryLow], ImmutableDictionary<string, double>.Empty)
            : Verdict.Of(TwinStatus.Normal);
}
