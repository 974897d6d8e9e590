using System.Text.Json.Serialization;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>A device's full live state (<c>GET /api/devices/{id}</c>, the hub's <c>device</c> message).</summary>
public sealed record DeviceDto(
    string Id,
    DeviceKind Kind,
    string District,
    string Name,
    PositionDto? Position,
    string DevEui,
    TwinStatus Status,
    DeviceHealthDto Health,
    ReadingDto? Reading,
    IReadOnlyDictionary<string, double?> Thresholds,
    IReadOnlyList<string> Anomalies,
    IReadOnlyDictionary<string, double?> Derived,
    DeviceProfileDto Profile,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Segment = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Group = null)
{
    /// <summary>The wire shape of a device grain's snapshot (never of a child tracker: REST shows a child as <see cref="ChildTrackerDto"/>, the hub not at all).</summary>
    public static DeviceDto From(DeviceSnapshot s)
    {
        var info = s.Info;
        return new DeviceDto(
            info.Id,
            info.Kind,
            info.District,
            info.Name,
            PositionDto.Of(info),
            info.DevEui,
            s.Status,
            DeviceHealthDto.From(s.Health),
            s.Reading is null ? null : ReadingDto.From(info.Kind, s.Reading),
            Numbers(info.Thresholds),
            s.Anomalies,
            Numbers(s.Derived),
            DeviceProfileDto.From(info.Profile),
            info.Segment,
            info.Group);
    }

    /// <summary>Named numbers in ordinal order; a value that is not finite is written as null.</summary>
    private static SortedDictionary<string, double?> Numbers(IEnumerable<KeyValuePair<string, double>> values)
    {
        var numbers = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        foreach (var (k, v) in values)
        {
            numbers[k] = double.IsFinite(v) ? v : null;
        }
        return numbers;
    }
}
