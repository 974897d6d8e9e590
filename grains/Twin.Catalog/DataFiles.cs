using System.Text.Json;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Twin.Catalog;

/// <summary>Reads the embedded data files (Data/, see Data/README.md) and their GeoJSON features.</summary>
internal static class DataFiles
{
    // Our own geometry services with SRID 4326, so the process-wide NtsGeometryServices.Instance is left alone.
    public static readonly GeometryFactory Factory =
        new NtsGeometryServices(PrecisionModel.Floating.Value, 4326).CreateGeometryFactory(4326);

    private static readonly JsonSerializerOptions GeoJsonOptions = new()
    {
        Converters = { new GeoJsonConverterFactory(Factory) },
    };

    public static string ReadText(string fileName)
    {
        var name = "Twin.Catalog.Data." + fileName;
        using var stream = typeof(DataFiles).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded data file '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The features of a GeoJSON FeatureCollection: properties as JSON, geometry as NTS.</summary>
    public static IEnumerable<(JsonElement Properties, Geometry Geometry, string GeometryJson)> Features(string fileName)
    {
        using var doc = JsonDocument.Parse(ReadText(fileName));
        var result = new List<(JsonElement, Geometry, string)>();
        foreach (var feature in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var geometryJson = feature.GetProperty("geometry").GetRawText();
            var geometry = JsonSerializer.Deserialize<Geometry>(geometryJson, GeoJsonOptions)
                ?? throw new InvalidOperationException($"A feature of {fileName} has no geometry.");
            result.Add((feature.GetProperty("properties").Clone(), geometry, geometryJson));
        }
        return result;
    }

    /// <summary>Data lines of a CSV file, split on commas; '#' comment lines and the header are skipped.</summary>
    public static IEnumerable<string[]> CsvRows(string fileName)
    {
        var header = true;
        foreach (var line in ReadText(fileName).Split('\n'))
        {
            var text = line.TrimEnd('\r');
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }
            if (header)
            {
                header = false;
                continue;
            }
            yield return text.Split(',');
        }
    }

    public static string? Str(this JsonElement props, string name) =>
        props.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static int Int(this JsonElement props, string name) =>
        props.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
}
