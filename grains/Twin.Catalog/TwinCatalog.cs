using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using Twin.Grains.Abstractions;

[assembly: InternalsVisibleTo("Twin.Catalog.Tests")]

namespace Twin.Catalog;

/// <summary>The city catalog: districts, gateways, rivers, schools, bridges and the device fleet, loaded deterministically from embedded data.</summary>
public sealed partial class TwinCatalog
{
    // Parsing the embedded GeoJSON is the expensive part; it happens once per process and the result is immutable.
    private static readonly Lazy<TwinCatalog> BaseCatalog = new(() => new TwinCatalog(CatalogBuilder.Build(), 0));

    private readonly CatalogParts _parts;
    private readonly SyntheticFleet? _synthetic;
    private readonly IReadOnlyList<DeviceInfo> _devices;
    private readonly Dictionary<string, DeviceInfo> _byId;
    private readonly Dictionary<string, DeviceInfo> _byDevEui;
    private readonly Dictionary<string, IReadOnlyList<DeviceInfo>> _byDistrict;
    private readonly Dictionary<string, District> _districts;
    private readonly Dictionary<string, RiverSegment> _segments;
    private readonly Dictionary<string, Gateway> _gateways;

    private TwinCatalog(CatalogParts parts, int syntheticDevices, TwinCatalog? shareLookupsWith = null)
    {
        _parts = parts;
        if (shareLookupsWith is not null)
        {
            // The base lookups are immutable after construction, so a synthetic catalog reuses them.
            _byId = shareLookupsWith._byId;
            _byDevEui = shareLookupsWith._byDevEui;
            _districts = shareLookupsWith._districts;
            _segments = shareLookupsWith._segments;
            _gateways = shareLookupsWith._gateways;
        }
        else
        {
            _byId = parts.Devices.ToDictionary(d => d.Id, StringComparer.Ordinal);
            _byDevEui = parts.Devices.ToDictionary(d => d.DevEui, StringComparer.OrdinalIgnoreCase);
            _districts = parts.Districts.ToDictionary(d => d.Id, StringComparer.Ordinal);
            _segments = parts.Segments.ToDictionary(s => s.Id, StringComparer.Ordinal);
            _gateways = parts.Gateways.ToDictionary(g => g.Id, StringComparer.Ordinal);
        }

        if (syntheticDevices == 0)
        {
            _devices = parts.Devices;
            _byDistrict = parts.Districts.ToDictionary(
                d => d.Id, d => (IReadOnlyList<DeviceInfo>)parts.Devices.Where(x => x.District == d.Id).ToArray());
        }
        else
        {
            _synthetic = new SyntheticFleet(parts, syntheticDevices);
            var all = new DeviceInfo[parts.Devices.Length + syntheticDevices];
            parts.Devices.CopyTo(all);
            _synthetic.Devices.CopyTo(all, parts.Devices.Length);
            _devices = all;
            var baseByDistrict = shareLookupsWith!._byDistrict;
            _byDistrict = parts.Districts.Select((d, i) => (d.Id, i)).ToDictionary(
                x => x.Id, x => (IReadOnlyList<DeviceInfo>)[.. baseByDistrict[x.Id], .. _synthetic.ByDistrict[x.i]]);
        }
    }

    /// <summary>The catalog, with <paramref name="syntheticDevices"/> extra generated devices for scale tests (Twin:Catalog:SyntheticDevices).</summary>
    public static TwinCatalog Load(int syntheticDevices = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(syntheticDevices);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(syntheticDevices, SyntheticFleet.MaxDevices);
        var baseCatalog = BaseCatalog.Value;
        return syntheticDevices == 0 ? baseCatalog : new TwinCatalog(baseCatalog._parts, syntheticDevices, baseCatalog);
    }

    /// <summary>A fresh, uncached build (tests use it to prove the build is deterministic).</summary>
    internal static TwinCatalog BuildUncached(int syntheticDevices = 0)
    {
        var fresh = new TwinCatalog(CatalogBuilder.Build(), 0);
        return syntheticDevices == 0 ? fresh : new TwinCatalog(fresh._parts, syntheticDevices, fresh);
    }

    /// <summary>The seven districts, in DESIGN.md order.</summary>
    public IReadOnlyList<District> Districts => _parts.Districts;

    /// <summary>LoRaWAN gateways (generated positions at admin offices, stations and schools).</summary>
    public IReadOnlyList<Gateway> Gateways => _parts.Gateways;

    /// <summary>River segments, each with its gauges upstream → downstream.</summary>
    public IReadOnlyList<RiverSegment> Segments => _parts.Segments;

    /// <summary>The 66 municipal elementary schools.</summary>
    public IReadOnlyList<School> Schools => _parts.Schools;

    /// <summary>Bridges carrying girder-end joint sensors.</summary>
    public IReadOnlyList<Bridge> Bridges => _parts.Bridges;

    /// <summary>Every device: the base fleet in catalog order, then any synthetic devices.</summary>
    public IReadOnlyList<DeviceInfo> Devices => _devices;

    /// <summary>The number of synthetic devices this catalog was loaded with.</summary>
    public int SyntheticDeviceCount => _synthetic?.Devices.Length ?? 0;

    /// <summary>Attribution lines for the data this catalog is built from; show them wherever the data is shown.</summary>
    public static IReadOnlyList<string> Attributions { get; } =
    [
        CatalogBuilder.BoundaryAttribution,
        CatalogBuilder.GeoloniaAttribution,
        CatalogBuilder.TownAttribution,
        CatalogBuilder.RailAttribution,
        CatalogBuilder.SchoolAttribution,
        "デバイス位置（水位計・消雪ポンプ・橋梁・ゲートウェイ等）は本システムが生成した推定位置です / device positions are generated",
    ];

    /// <summary>The simplified N03 city boundary as GeoJSON, with its attribution.</summary>
    public string CityBoundaryGeoJson => _parts.CityBoundaryGeoJson;

    /// <summary>The approximate district polygons as GeoJSON (properties id, nameJa, nameEn, population, approximate).</summary>
    public string DistrictsGeoJson => _parts.DistrictsGeoJson;

    /// <summary>Rail and LRT lines as GeoJSON (CC BY-SA 4.0).</summary>
    public string RailLinesGeoJson => _parts.RailLinesGeoJson;

    /// <summary>Rail and LRT stations as GeoJSON (CC BY-SA 4.0).</summary>
    public string RailStationsGeoJson => _parts.RailStationsGeoJson;

    public bool TryGetDevice(string id, out DeviceInfo device)
    {
        if (_byId.TryGetValue(id, out var found) || (_synthetic?.TryGetById(id, out found) ?? false))
        {
            device = found;
            return true;
        }
        device = null!;
        return false;
    }

    /// <summary>Finds a device by DevEUI, ignoring case (network servers differ in how they spell it).</summary>
    public bool TryGetByDevEui(string devEui, out DeviceInfo device)
    {
        if (_byDevEui.TryGetValue(devEui, out var found) || (_synthetic?.TryGetByDevEui(devEui, out found) ?? false))
        {
            device = found;
            return true;
        }
        device = null!;
        return false;
    }

    /// <summary>The devices of one district; empty for an unknown id.</summary>
    public IReadOnlyList<DeviceInfo> DevicesIn(string districtId) =>
        _byDistrict.TryGetValue(districtId, out var list) ? list : [];

    public bool TryGetDistrict(string id, out District district)
    {
        var ok = _districts.TryGetValue(id, out var found);
        district = found!;
        return ok;
    }

    public bool TryGetSegment(string id, out RiverSegment segment)
    {
        var ok = _segments.TryGetValue(id, out var found);
        segment = found!;
        return ok;
    }

    public bool TryGetGateway(string id, out Gateway gateway)
    {
        var ok = _gateways.TryGetValue(id, out var found);
        gateway = found!;
        return ok;
    }

    /// <summary>The weather station at the district's centre, whose readings are the district's weather.</summary>
    public DeviceInfo? WeatherStationOf(string districtId) =>
        _byId.TryGetValue($"env-weather-{districtId}", out var device) ? device : null;

    /// <summary>The district whose approximate polygon holds the point; the nearest polygon when the point is outside them all.</summary>
    public string DistrictOf(double lat, double lon) => _parts.Shapes.DistrictOf(lat, lon);

    /// <summary>
    /// N extra devices for scale tests: round-robin over districts and over four kinds (no child trackers),
    /// built from shared per-(kind, district) templates so memory is the device records and their ids only.
    /// Looked up by parsing the id or DevEUI instead of a dictionary, for the same reason.
    /// </summary>
    private sealed class SyntheticFleet
    {
        public const int MaxDevices = int.MaxValue - 1;

        private const int PoolSize = 1024;

        private static readonly DeviceKind[] Kinds = [DeviceKind.RiverGauge, DeviceKind.SnowPump, DeviceKind.BridgeJoint, DeviceKind.EnvSensor];
        private static readonly string[] KindNamesJa = ["水位計", "消雪ポンプ", "橋梁桁端センサー", "環境センサー"];

        private readonly int _districtCount;

        public SyntheticFleet(CatalogParts parts, int count)
        {
            var districts = parts.Districts;
            _districtCount = districts.Length;
            var prefixes = Kinds.Select(k => $"syn-{k.ToWire()}-").ToArray();

            // Per district: a fixed pool of jittered positions around the centre, with their nearest gateway.
            var positions = new GeoPoint[_districtCount][];
            var gateways = new string[_districtCount][];
            for (var d = 0; d < _districtCount; d++)
            {
                var rng = new DeterministicRandom(0x53594Eu + (ulong)d); // "SYN"
                var centre = districts[d].Centre;
                positions[d] = new GeoPoint[PoolSize];
                gateways[d] = new string[PoolSize];
                for (var p = 0; p < PoolSize; p++)
                {
                    var point = new GeoPoint(
                        Math.Round(centre.Lat + rng.Between(-0.02, 0.02), 6), Math.Round(centre.Lon + rng.Between(-0.025, 0.025), 6), Generated: true);
                    positions[d][p] = point;
                    gateways[d][p] = Geo.Nearest(parts.Gateways, point.Lat, point.Lon).Id;
                }
            }

            // Per (kind, district): name, profile, thresholds and links shared by every device of that pair.
            var templates = new Template[Kinds.Length, _districtCount];
            for (var d = 0; d < _districtCount; d++)
            {
                var district = districts[d];
                var segment = parts.Segments.FirstOrDefault(s => s.District == district.Id)?.Id;
                var bridge = parts.Bridges.FirstOrDefault(b => b.District == district.Id)?.Id;
                for (var k = 0; k < Kinds.Length; k++)
                {
                    var name = $"合成 {KindNamesJa[k]} ({district.NameJa})";
                    templates[k, d] = Kinds[k] switch
                    {
                        // Synthetic gauges borrow a real segment's thresholds but join no segment: a segment
                        // grain lists its gauges upstream to downstream, which tens of thousands would drown.
                        DeviceKind.RiverGauge => new(name, Profiles.RiverGauge,
                            segment is null ? Profiles.GaugeThresholds(new(0.5, 0.8, 1.1, 1.4, 0.15)) : parts.SegmentThresholds[segment], null, null),
                        DeviceKind.SnowPump => new(name, Profiles.SnowPump, Profiles.SnowPumpThresholds, null, null),
                        DeviceKind.BridgeJoint => new(name, Profiles.BridgeJoint, Profiles.BridgeJointThresholds, null, bridge),
                        _ => new(name, Profiles.Soil, Profiles.NoThresholds, null, "soil"),
                    };
                }
            }

            Devices = new DeviceInfo[count];
            var byDistrict = new List<DeviceInfo>[_districtCount];
            for (var d = 0; d < _districtCount; d++)
            {
                byDistrict[d] = new List<DeviceInfo>(count / _districtCount + 1);
            }
            for (var i = 0; i < count; i++)
            {
                var k = i % Kinds.Length;
                var d = i % _districtCount;
                var p = i / _districtCount % PoolSize;
                var n = i + 1;
                var t = templates[k, d];
                var device = new DeviceInfo(
                    prefixes[k] + n.ToString(CultureInfo.InvariantCulture),
                    Kinds[k],
                    districts[d].Id,
                    t.Name,
                    positions[d][p],
                    string.Create(CultureInfo.InvariantCulture, $"{CatalogBuilder.SyntheticDevEuiPrefix}{(uint)n:X8}"),
                    t.Profile,
                    t.Thresholds)
                {
                    Segment = t.Segment,
                    Group = t.Group,
                    Gateway = gateways[d][p],
                };
                Devices[i] = device;
                byDistrict[d].Add(device);
            }
            ByDistrict = byDistrict;
        }

        public DeviceInfo[] Devices { get; }

        public IReadOnlyList<DeviceInfo>[] ByDistrict { get; }

        public bool TryGetById(string id, out DeviceInfo device)
        {
            device = null!;
            var dash = id.LastIndexOf('-');
            if (!id.StartsWith("syn-", StringComparison.Ordinal) || dash < 0
                || !int.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                || n < 1 || n > Devices.Length)
            {
                return false;
            }
            // Exact match only (no leading zeros, right kind): compare with the stored id.
            var candidate = Devices[n - 1];
            if (!string.Equals(candidate.Id, id, StringComparison.Ordinal))
            {
                return false;
            }
            device = candidate;
            return true;
        }

        public bool TryGetByDevEui(string devEui, out DeviceInfo device)
        {
            device = null!;
            if (devEui.Length != 16
                || !devEui.StartsWith(CatalogBuilder.SyntheticDevEuiPrefix, StringComparison.OrdinalIgnoreCase)
                || !uint.TryParse(devEui.AsSpan(8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var n)
                || n < 1 || n > (uint)Devices.Length)
            {
                return false;
            }
            device = Devices[n - 1];
            return true;
        }

        private sealed record Template(
            string Name,
            DeviceProfile Profile,
            ImmutableDictionary<string, double> Thresholds,
            string? Segment,
            string? Group);
    }
}
