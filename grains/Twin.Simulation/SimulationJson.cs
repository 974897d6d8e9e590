using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Twin.Simulation;

/// <summary>How result.json is written: camelCase, indented, enums as kebab-case text, Japanese kept as is, properties in declaration order.</summary>
public static class SimulationJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The result as result.json's text (LF line ends, a final newline).</summary>
    public static string Serialize<T>(T result) => JsonSerializer.Serialize(result, Options).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

    /// <summary>A time in the city's zone (JST), to the minute, for result.json and reports.</summary>
    public static string Jst(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mmzzz", System.Globalization.CultureInfo.InvariantCulture);
}
