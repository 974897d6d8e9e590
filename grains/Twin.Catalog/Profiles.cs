using System.Collections.Immutable;
using Twin.Grains.Abstractions;

namespace Twin.Catalog;

/// <summary>Shared profile and threshold instances: every device of a kind points at the same objects, so a million synthetic devices cost no extra dictionaries.</summary>
internal static class Profiles
{
    private static readonly ImmutableDictionary<int, string> NoChannels = ImmutableDictionary<int, string>.Empty;

    public static readonly DeviceProfile RiverGauge = new("river-gauge", "twin-river-gauge", 600, NoChannels);
    public static readonly DeviceProfile SnowPump = new("snow-pump", "twin-snow-pump", 600, NoChannels);
    public static readonly DeviceProfile BridgeJoint = new("bridge-joint", "twin-bridge-joint", 600, NoChannels);
    public static readonly DeviceProfile ChildTracker = new("child-tracker", "twin-child-tracker", 300, NoChannels);

    public static readonly DeviceProfile Weather = Lpp("env-weather", 600,
        (1, "air_temp_c"), (2, "precipitation_mm_h"), (3, "snowfall_cm_h"), (4, "humidity_pct"));
    public static readonly DeviceProfile Paddy = Lpp("env-paddy", 600, (1, "water_level_cm"), (2, "water_temp_c"));
    public static readonly DeviceProfile Soil = Lpp("env-soil", 600, (1, "soil_moisture_pct"), (2, "soil_temp_c"), (3, "soil_ec_ds_m"));
    public static readonly DeviceProfile Buoy = Lpp("env-buoy", 900, (1, "water_temp_c"), (2, "salinity_psu"));
    public static readonly DeviceProfile PeopleCounter = Lpp("env-people-counter", 600, (1, "people_in"), (2, "people_out"));

    public static readonly ImmutableDictionary<string, double> NoThresholds = ImmutableDictionary<string, double>.Empty;

    public static readonly ImmutableDictionary<string, double> SnowPumpThresholds = ImmutableDictionary.CreateRange(
    [
        KeyValuePair.Create("min_pressure_mpa", 0.1),
        KeyValuePair.Create("max_pressure_mpa", 0.6),
    ]);

    public static readonly ImmutableDictionary<string, double> BridgeJointThresholds = ImmutableDictionary.CreateRange(
    [
        KeyValuePair.Create("gap_min_mm", 5.0),
        KeyValuePair.Create("gap_max_mm", 80.0),
        KeyValuePair.Create("accel_max_g", 0.5),
    ]);

    public static ImmutableDictionary<string, double> GaugeThresholds(Sites.GaugeLevels levels) => ImmutableDictionary.CreateRange(
    [
        KeyValuePair.Create("standby_m", levels.Standby),
        KeyValuePair.Create("caution_m", levels.Caution),
        KeyValuePair.Create("evacuation_m", levels.Evacuation),
        KeyValuePair.Create("danger_m", levels.Danger),
        KeyValuePair.Create("rise_m_per_10min", levels.RisePer10Min),
    ]);

    private static DeviceProfile Lpp(string name, int intervalS, params (int Channel, string Name)[] channels) =>
        new(name, "cayenne-lpp", intervalS, channels.ToImmutableDictionary(c => c.Channel, c => c.Name));
}
