using System.Globalization;
using System.Text.Json.Serialization;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Contracts;

/// <summary>A reading under its wire field names: <c>{ts, seq, state?, level_m, …}</c>, an env sensor's <c>{ts, seq, metrics, battery_v?}</c>.</summary>
/// <remarks>
/// Not positional: the fields are the JSON's extension data, which may not be a constructor parameter or an
/// init-only property (the generated serializer binds both to its constructor). The wire only writes readings.
/// </remarks>
public sealed record ReadingDto
{
    private ReadingDto(string ts, long seq, string? state, string? flag, IReadOnlyDictionary<string, double>? metrics, IDictionary<string, object> fields)
    {
        Ts = ts;
        Seq = seq;
        State = state;
        Flag = flag;
        Metrics = metrics;
        Fields = fields;
    }

    /// <summary>When the device took the reading: ISO-8601 with seven fraction digits and the device's offset.</summary>
    public string Ts { get; }

    /// <summary>The device's counter.</summary>
    public long Seq { get; }

    /// <summary>A pump's lamp state (<c>running</c>, <c>pump_fault</c>, …); absent for other kinds.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? State { get; }

    /// <summary>Why the twin refused this reading although its history keeps it (<c>rate-limited</c>: over the flood limit); absent for a reading it took.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Flag { get; }

    /// <summary>An env sensor's metrics by name; absent for other kinds.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? Metrics { get; }

    /// <summary>The reading's numbers by wire name (<c>level_m</c>, <c>gap_mm</c>, <c>battery_v</c>, …), written after the others in ordinal order.</summary>
    [JsonExtensionData]
    public IDictionary<string, object> Fields { get; }

    /// <summary>The wire shape of a reading of a <paramref name="kind"/> device; a child's position is never written.</summary>
    public static ReadingDto From(DeviceKind kind, Reading r)
    {
        var fields = new SortedDictionary<string, object>(StringComparer.Ordinal);
        SortedDictionary<string, double>? metrics = null;
        if (kind == DeviceKind.EnvSensor)
        {
            metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var (k, v) in r.Values)
            {
                if (k == "battery_v")
                {
                    fields[k] = v;
                }
                else
                {
                    metrics[k] = v;
                }
            }
        }
        else
        {
            foreach (var (k, v) in r.Values)
            {
                // A child's position never leaves the twin, whatever the grain handed over.
                if (kind != DeviceKind.ChildTracker || k is not ("lat" or "lon"))
                {
                    fields[k] = v;
                }
            }
        }
        return new ReadingDto(r.Ts.ToString("O", CultureInfo.InvariantCulture), r.Seq, r.State, r.Flag, metrics, fields);
    }
}
