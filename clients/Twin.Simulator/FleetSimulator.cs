using System.Collections.Immutable;
using Twin.Catalog;
using Twin.Grains.Abstractions;

namespace Twin.Simulator;

/// <summary>
/// The device fleet's behaviour, plain C#: what every device of the catalog would report at an instant —
/// rivers rising with rain, pumps running in snowfall and now and then failing, children walking to school
/// and home, bridge joints breathing with temperature, weather following Toyama's climate normals. Every
/// value is a pure function of (seed, device, instant), so a reading is reproducible from the seed and the
/// clock; only the per-device <c>seq</c> counters are state.
/// </summary>
public sealed class FleetSimulator
{
    private const ulong PumpFaultTag = 0x50554D50; // "PUMP"
    private const ulong SpikeTag = 0x535049; // "SPI"
    private const ulong NoiseTag = 0x4E4F4953; // "NOIS"
    private const double MetresPerDegree = 111_195;

    private static readonly string[] PumpLamps = [PumpStates.LowWater, .. PumpStates.Faults];

    private readonly TimeProvider _time;
    private readonly ulong _seed;
    private readonly RiverModel _rivers;
    private readonly Dictionary<string, School> _schools;
    private readonly Dictionary<string, int> _index;
    private readonly long[] _seq;
    private readonly HashSet<string> _rare;
    private readonly UplinkFormatter _formatter;

    /// <summary>A simulator of the catalog's fleet on the given clock; the same seed gives the same city.</summary>
    public FleetSimulator(TwinCatalog catalog, TimeProvider time, ulong seed, SimulatorOptions? options = null)
    {
        Catalog = catalog;
        Options = options ?? new SimulatorOptions();
        _time = time;
        _seed = seed;
        Weather = new CityWeather(seed);
        _rivers = new RiverModel(catalog, Weather);
        _schools = catalog.Schools.ToDictionary(s => s.Id, StringComparer.Ordinal);

        var devices = catalog.Devices;
        _index = new Dictionary<string, int>(devices.Count, StringComparer.Ordinal);
        for (var i = 0; i < devices.Count; i++)
        {
            _index[devices[i].Id] = i;
        }
        _seq = new long[devices.Count];

        // A deterministic shuffle, so a demo minute interleaves kinds and districts instead of sending all gauges first.
        var regular = devices.Where(d => d.Kind != DeviceKind.ChildTracker || d.Consent).ToList();
        Senders = [.. regular.OrderBy(d => Mix.Hash(seed, Mix.Of(d.Id))).ThenBy(d => d.Id, StringComparer.Ordinal)];
        RareSenders = [.. devices.Where(d => d.Kind == DeviceKind.ChildTracker && !d.Consent).Take(Options.NonConsentingSenders)];
        _rare = RareSenders.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        _formatter = new UplinkFormatter(catalog, Options, seed);
    }

    /// <summary>The catalog this fleet comes from.</summary>
    public TwinCatalog Catalog { get; }

    /// <summary>The options the simulator was made with.</summary>
    public SimulatorOptions Options { get; }

    /// <summary>The city's weather (the same model the weather stations, pumps, joints and rivers follow).</summary>
    public CityWeather Weather { get; }

    /// <summary>Devices that report at the cadence: everything except child trackers without a recorded consent.</summary>
    public ImmutableArray<DeviceInfo> Senders { get; }

    /// <summary>Non-consenting child trackers that send anyway at a tenth of the cadence, so the twin's rejection is visible.</summary>
    public ImmutableArray<DeviceInfo> RareSenders { get; }

    /// <summary>Whether the device is one of the <see cref="RareSenders"/>.</summary>
    public bool IsRare(DeviceInfo device) => _rare.Contains(device.Id);

    /// <summary>The next reading of a device, stamped with the clock's current time and its next seq.</summary>
    public Reading Next(DeviceInfo device)
    {
        var seq = Interlocked.Increment(ref _seq[IndexOf(device)]);
        return Sample(device, _time.GetUtcNow(), seq);
    }

    /// <summary>The device's next reading in the wire form the options choose for it.</summary>
    public Uplink NextUplink(DeviceInfo device) => _formatter.Format(device, Next(device), FormatOf(device));

    /// <summary>A reading in a given wire form (tests and tools).</summary>
    public Uplink Format(DeviceInfo device, Reading reading, UplinkFormat format) => _formatter.Format(device, reading, format);

    /// <summary>The wire form of a device: the option's, or for Mixed a fixed choice per device.</summary>
    public UplinkFormat FormatOf(DeviceInfo device) => Options.Format switch
    {
        UplinkFormat.Mixed => (Mix.Hash(_seed, Mix.Of(device.Id), 0x464D54) % 3) switch
        {
            0 => UplinkFormat.Native,
            1 => UplinkFormat.Tts,
            _ => UplinkFormat.ChirpStack,
        },
        var f => f,
    };

    /// <summary>What the device would report at <paramref name="at"/>; pure (no seq counter is touched).</summary>
    public Reading Sample(DeviceInfo device, DateTimeOffset at, long seq)
    {
        var key = Mix.Hash(_seed, Mix.Of(device.Id));
        return device.Kind switch
        {
            DeviceKind.RiverGauge => RiverGauge(device, key, at, seq),
            DeviceKind.SnowPump => SnowPump(device, key, at, seq),
            DeviceKind.BridgeJoint => BridgeJoint(device, key, at, seq),
            DeviceKind.ChildTracker => ChildTracker(device, key, at, seq),
            _ => EnvSensor(device, key, at, seq),
        };
    }

    /// <summary>The flood index at a gauge (0 dry, ~0.4 standby, 1 near caution), for tests and tools.</summary>
    public double FloodIndex(DeviceInfo gauge, DateTimeOffset at) => _rivers.FloodIndex(gauge, at);

    /// <summary>A child's home: a fixed point 300–1500 m from the school, in a direction of its own.</summary>
    public GeoPoint HomeOf(DeviceInfo child)
    {
        var school = SchoolOf(child);
        var key = Mix.Hash(_seed, Mix.Of(child.Id));
        var bearing = 2 * Math.PI * Mix.Unit(key, 0x484F4D45);
        var distance = 300 + 1200 * Mix.Unit(key, 0x44495354);
        return Offset(school, distance * Math.Cos(bearing), distance * Math.Sin(bearing));
    }

    /// <summary>The position of the child's school (its catalog position when the school is unknown).</summary>
    public GeoPoint SchoolOf(DeviceInfo child) =>
        child.School is { } id && _schools.TryGetValue(id, out var school) ? school.Position : child.Position;

    /// <summary>The lamp a pump panel shows at <paramref name="at"/> because of a fault episode, if any.</summary>
    public string? PumpFaultAt(DeviceInfo pump, DateTimeOffset at)
    {
        var key = Mix.Hash(_seed, Mix.Of(pump.Id));
        var hours = CityWeather.Hours(at);
        var week = (long)Math.Floor(hours / 168);
        // A fault episode lasts under two days and starts inside its week, so this week and the last cover now.
        for (var w = week - 1; w <= week; w++)
        {
            var h = Mix.Hash(key, PumpFaultTag, (ulong)w);
            var month = DateTimeOffset.FromUnixTimeSeconds(w * 168 * 3600).ToOffset(CityWeather.Jst).Month;
            var odds = month is 12 or 1 or 2 or 3 ? 0.05 : 0.01; // hard winter work wears pumps out
            if (Mix.Unit(h) >= odds)
            {
                continue;
            }
            var start = w * 168 + 168 * Mix.Unit(h, 1);
            var duration = 2 + 46 * Mix.Unit(h, 2);
            if (hours >= start && hours < start + duration)
            {
                var lamp = Mix.Unit(h, 3);
                return lamp switch
                {
                    < 0.45 => PumpLamps[0],
                    < 0.65 => PumpLamps[1],
                    < 0.75 => PumpLamps[2],
                    < 0.88 => PumpLamps[3],
                    _ => PumpLamps[4],
                };
            }
        }
        return null;
    }

    private int IndexOf(DeviceInfo device) =>
        _index.TryGetValue(device.Id, out var i) ? i : throw new ArgumentException($"Device '{device.Id}' is not in the catalog.", nameof(device));

    private Reading RiverGauge(DeviceInfo device, ulong key, DateTimeOffset at, long seq)
    {
        var level = _rivers.LevelM(device, key, at) + 0.004 * Mix.Gaussish(Mix.Hash(key, NoiseTag, (ulong)at.ToUnixTimeSeconds()));
        var temp = Weather.AirTempC(device.District, at);
        // A lithium cell: flat, a little lower in the cold.
        var battery = 3.6 + 0.002 * (temp - 15) - 0.02 * Mix.Unit(key, 0x424154);
        return new Reading(at, seq, Values(("level_m", Math.Round(Math.Max(0, level), 2)), ("battery_v", Math.Round(battery, 2))));
    }

    private Reading SnowPump(DeviceInfo device, ulong key, DateTimeOffset at, long seq)
    {
        // The pump's snow detector starts it; it keeps running for up to an hour after the snow stops.
        var running = false;
        for (var back = 0; back <= 60 && !running; back += 15)
        {
            running = Weather.SnowDetected(device.District, at.AddMinutes(-back));
        }
        var fault = PumpFaultAt(device, at);
        var noise = 0.012 * Mix.Gaussish(Mix.Hash(key, NoiseTag, (ulong)(at.ToUnixTimeSeconds() / 60)));
        var nominal = 0.22 + 0.18 * Mix.Unit(key, 0x5052); // each well and pipe run has its own pressure
        (string State, double? Pressure) lamp = fault switch
        {
            PumpStates.LowWater when running => (PumpStates.LowWater, 0.04 + Math.Abs(noise)),
            PumpStates.LowWater => (PumpStates.Stopped, 0.0), // the well's low-water lamp only lights when the pump draws
            PumpStates.PressureSensorFault => (fault, null),
            { } other => (other, 0.0),
            null when running => (PumpStates.Running, nominal + noise),
            null => (PumpStates.Stopped, 0.0),
        };
        var (state, pressure) = lamp;
        var values = pressure is { } p ? Values(("pressure_mpa", Math.Round(p, 3))) : ImmutableDictionary<string, double>.Empty;
        return new Reading(at, seq, values, state);
    }

    private Reading BridgeJoint(DeviceInfo device, ulong key, DateTimeOffset at, long seq)
    {
        var t = device.Thresholds;
        var min = t.GetValueOrDefault("gap_min_mm", 5);
        var max = t.GetValueOrDefault("gap_max_mm", 80);
        var accelMax = t.GetValueOrDefault("accel_max_g", 0.5);
        var jst = at.ToOffset(CityWeather.Jst);
        var hour = jst.TimeOfDay.TotalHours;

        // The deck follows the air an hour late, warmed further by the sun on a dry day; steel expands and the joint closes.
        var lagged = at.AddHours(-1);
        var deck = Weather.AirTempC(device.District, lagged)
            + (Weather.PrecipitationMmH(device.District, lagged) < 0.1 ? 4 * Math.Max(0, Math.Cos(2 * Math.PI * (hour - 13) / 24)) : 0);
        var nominal = min + (max - min) * (0.27 + 0.38 * Mix.Unit(key, 0x47415030));
        var perDegree = 0.4 + 0.4 * Mix.Unit(key, 0x434F4546); // mm/°C: 12 µm/m/°C over 35–65 m of girder
        var noise = Mix.Gaussish(Mix.Hash(key, NoiseTag, (ulong)at.ToUnixTimeSeconds()));
        var gap = Math.Clamp(nominal - perDegree * (deck - 15) + 0.05 * noise, min + 0.5, max - 0.5);

        // Traffic shakes the girder ends, more in the rush hours.
        var rush = Math.Exp(-Math.Pow((hour - 8) / 1.2, 2)) + Math.Exp(-Math.Pow((hour - 17.5) / 1.5, 2));
        var traffic = hour is > 5 and < 23 ? 0.4 + rush : 0.1;
        var accel = 0.012 + 0.045 * traffic + 0.01 * Math.Abs(noise);

        // Very rarely a bearing slips or a heavy vehicle strikes: minutes past the limits, then back.
        var hours = CityWeather.Hours(at);
        var window = (long)Math.Floor(hours / 672);
        for (var w = window - 1; w <= window; w++)
        {
            var h = Mix.Hash(key, SpikeTag, (ulong)w);
            if (Mix.Unit(h) < 0.01)
            {
                var start = w * 672 + 672 * Mix.Unit(h, 1);
                if (hours >= start && hours < start + 0.2 + 0.5 * Mix.Unit(h, 2))
                {
                    gap = max + 2 + 8 * Mix.Unit(h, 3);
                    accel = accelMax * (1.1 + 1.5 * Mix.Unit(h, 4));
                }
            }
        }
        return new Reading(at, seq, Values(("gap_mm", Math.Round(gap, 1)), ("accel_g", Math.Round(accel, 3))));
    }

    private Reading ChildTracker(DeviceInfo device, ulong key, DateTimeOffset at, long seq)
    {
        var jst = at.ToOffset(CityWeather.Jst);
        var hour = jst.TimeOfDay.TotalHours;
        var day = (ulong)(jst.Date - DateTime.UnixEpoch).TotalDays;
        var school = SchoolOf(device);
        var home = HomeOf(device);
        // Each child has a spot at school (classroom, playground) within ~60 m of the school's point.
        var spot = Offset(school, 60 * (Mix.Unit(key, 0x5350) - 0.5), 60 * (Mix.Unit(key, 0x5351) - 0.5));

        var position = home;
        if (jst.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
        {
            var speed = 1.0 + 0.3 * Mix.Unit(key, 0x535044); // m/s, a child's walk
            var (north, east) = Metres(home, spot);
            var walkH = (Math.Abs(north) + Math.Abs(east)) / speed / 3600;
            var leaveHome = 7.0 + 0.67 * Mix.Unit(key, 0x414D, day);               // 07:00–07:40, arriving by 08:15
            var leaveSchool = 14.5 + 1.5 * Mix.Unit(key, 0x4752) + 0.33 * Mix.Unit(key, 0x504D, day); // grade, then the day
            if (hour >= leaveHome && hour < leaveHome + walkH)
            {
                position = Along(home, spot, (hour - leaveHome) / walkH);
            }
            else if (hour >= leaveHome + walkH && hour < leaveSchool)
            {
                position = spot;
            }
            else if (hour >= leaveSchool && hour < leaveSchool + walkH)
            {
                position = Along(spot, home, (hour - leaveSchool) / walkH);
            }
        }

        // GPS scatter of a few metres, fresh every fix.
        var fix = Mix.Hash(key, NoiseTag, (ulong)at.ToUnixTimeSeconds());
        position = Offset(position, 5 * Mix.Gaussish(fix), 5 * Mix.Gaussish(Mix.Hash(fix, 1)));

        // Charged overnight (19:00–06:30); now and then a family forgets, and the battery runs low by evening.
        var forgot = Mix.Unit(key, 0x424154, day) < 0.03;
        var battery = hour is >= 6.5 and < 19 ? (forgot ? 55 : 100) - 3.5 * (hour - 6.5) : (forgot && hour < 6.5 ? 55 : 100);
        return new Reading(at, seq, Values(
            ("lat", Math.Round(position.Lat, 6)), ("lon", Math.Round(position.Lon, 6)), ("battery_pct", Math.Round(Math.Max(3, battery)))));
    }

    private Reading EnvSensor(DeviceInfo device, ulong key, DateTimeOffset at, long seq)
    {
        var values = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        var weather = Weather.At(device.District, at);
        foreach (var (_, name) in device.Profile.Channels.OrderBy(c => c.Key))
        {
            values[name] = UplinkFormatter.RoundForLpp(name, Metric(device, key, name, weather, at));
        }
        return new Reading(at, seq, values.ToImmutable());
    }

    private double Metric(DeviceInfo device, ulong key, string name, WeatherSample w, DateTimeOffset at)
    {
        var jst = at.ToOffset(CityWeather.Jst);
        var hour = jst.TimeOfDay.TotalHours;
        var doy = jst.DayOfYear;
        var noise = Mix.Gaussish(Mix.Hash(key, NoiseTag, Mix.Of(name), (ulong)at.ToUnixTimeSeconds()));
        var sun = Math.Max(0, Math.Cos(2 * Math.PI * (hour - 13) / 24));
        switch (name)
        {
            case "air_temp_c": return w.AirTempC;
            case "precipitation_mm_h": return w.PrecipitationMmH;
            case "snowfall_cm_h": return w.SnowfallCmH;
            case "humidity_pct": return w.HumidityPct;
            case "water_temp_c" when device.Group == "buoy":
                // Toyama Bay's surface: coldest mid-February (~10.5 °C), warmest mid-August (~26.5 °C).
                return 18.5 - 8 * Math.Cos(2 * Math.PI * (doy - 45) / 365.25) + 0.3 * sun + 0.1 * noise;
            case "salinity_psu":
                // Fresh water from the Jinzu and the snowmelt freshens the bay's surface.
                var melt = 0.6 * Math.Exp(-Math.Pow((doy - 120) / 30.0, 2));
                return 34.0 - 1.2 * Math.Min(2, RiverMouthFlood(at)) - melt - 0.2 * Mix.Unit(key, 0x53414C) + 0.03 * noise;
            case "water_level_cm":
                return Math.Max(0, PaddyWater(device.District, key, at, doy) + 0.1 * noise);
            case "water_temp_c":
                // Shallow paddy water heats in the sun; a dry field just follows the air.
                return w.AirTempC + (PaddyWater(device.District, key, at, doy) > 1 ? 1.5 + 3 * sun : 0.5 * sun);
            case "soil_moisture_pct":
                return Math.Min(48, 24 + 6 * Mix.Unit(key, 0x534D) + 2.5 * RecentRain(device.District, at, 24) + 0.2 * noise);
            case "soil_temp_c":
                return Weather.DailyMeanTempC(device.District, at) + 0.5 + 1.2 * Math.Cos(2 * Math.PI * (hour - 16) / 24) + 0.1 * noise;
            case "soil_ec_ds_m":
                // Fertiliser before planting (May) raises conductivity; rain washes it down.
                return 0.25 + 0.1 * Mix.Unit(key, 0x4543) + 0.25 * Math.Exp(-Math.Pow((doy - 130) / 20.0, 2))
                    - 0.01 * Math.Min(5, RecentRain(device.District, at, 24)) + 0.005 * noise;
            case "people_in":
            case "people_out":
                return PeopleCount(device, key, name == "people_in", jst, noise);
            default:
                return 0;
        }
    }

    /// <summary>Paddy water (cm): flooded May–August except the mid-season drainage (中干し) in early July; rain tops it up.</summary>
    private double PaddyWater(string district, ulong key, DateTimeOffset at, int doy)
    {
        var offset = 1.5 * (Mix.Unit(key, 0x5041) - 0.5);
        var flooded = doy is >= 121 and <= 243 && doy is not (>= 182 and <= 196);
        var rain = Math.Min(4, 0.3 * RecentRain(district, at, 6));
        return flooded ? Math.Max(0.5, 5 + offset + rain) : Math.Max(0, 0.3 + 0.2 * offset + rain * 0.3);
    }

    /// <summary>People passing a counter in the last minute: rush hours on weekdays, a broad midday hump at weekends; the station is closed 00:30–05:30.</summary>
    private static double PeopleCount(DeviceInfo device, ulong key, bool inbound, DateTimeOffset jst, double noise)
    {
        var hour = jst.TimeOfDay.TotalHours;
        if (hour is >= 0.5 and < 5.5)
        {
            return 0;
        }
        var weekend = jst.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        double Peak(double at, double width) => Math.Exp(-Math.Pow((hour - at) / width, 2));
        // Mornings people come out of the station into town, evenings they go in (the reverse at the north exit).
        var south = !device.Id.EndsWith('2');
        var morningIn = inbound ^ south;
        var rate = weekend
            ? 10 + 35 * Peak(13, 3.5)
            : 8 + 20 * Peak(12.5, 2.5) + (morningIn ? 25 : 75) * Peak(7.9, 0.6) + (morningIn ? 70 : 25) * Peak(18, 0.9);
        return Math.Max(0, Math.Round(rate * (0.85 + 0.3 * Mix.Unit(key, (ulong)jst.ToUnixTimeSeconds())) + noise));
    }

    /// <summary>Mean precipitation (mm/h) over the last <paramref name="hours"/> hours, hourly.</summary>
    private double RecentRain(string district, DateTimeOffset at, int hours)
    {
        var sum = 0.0;
        for (var h = 0; h < hours; h++)
        {
            sum += Weather.PrecipitationMmH(district, at.AddHours(-h));
        }
        return sum / hours;
    }

    private double RiverMouthFlood(DateTimeOffset at) =>
        Catalog.TryGetDevice("rg-jinzu-10", out var mouth) ? _rivers.FloodIndex(mouth, at) : 0;

    private static ImmutableDictionary<string, double> Values(params ReadOnlySpan<(string Name, double Value)> values)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            builder[name] = value;
        }
        return builder.ToImmutable();
    }

    private static GeoPoint Offset(GeoPoint from, double northM, double eastM) =>
        new(from.Lat + northM / MetresPerDegree, from.Lon + eastM / (MetresPerDegree * Math.Cos(from.Lat * Math.PI / 180)));

    private static (double North, double East) Metres(GeoPoint from, GeoPoint to) =>
        ((to.Lat - from.Lat) * MetresPerDegree, (to.Lon - from.Lon) * MetresPerDegree * Math.Cos(from.Lat * Math.PI / 180));

    /// <summary>A point along a walk that goes first north or south, then east or west, as streets run.</summary>
    private static GeoPoint Along(GeoPoint from, GeoPoint to, double fraction)
    {
        var (north, east) = Metres(from, to);
        var s = fraction * (Math.Abs(north) + Math.Abs(east));
        return s <= Math.Abs(north)
            ? Offset(from, Math.Sign(north) * s, 0)
            : Offset(from, north, Math.Sign(east) * (s - Math.Abs(north)));
    }
}
