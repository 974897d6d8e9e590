using System.Text.Json;

namespace Twin.Simulation.Reports;

/// <summary>A GeoJSON FeatureCollection of points (affected.geojson), written deterministically: features in the order added, properties sorted.</summary>
public sealed class PointFeatures
{
    private readonly List<Feature> _features = [];

    /// <summary>Adds a point with its properties (numbers, text, booleans).</summary>
    public PointFeatures Add(double lat, double lon, IReadOnlyDictionary<string, object?> properties)
    {
        _features.Add(new Feature("Feature", new Geometry("Point", [Math.Round(lon, 6), Math.Round(lat, 6)]),
            new SortedDictionary<string, object?>(properties.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal)));
        return this;
    }

    public string Build(string attribution) =>
        JsonSerializer.Serialize(new Collection("FeatureCollection", attribution, _features), SimulationJson.Options).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

    private sealed record Collection(string Type, string Attribution, IReadOnlyList<Feature> Features);

    private sealed record Feature(string Type, Geometry Geometry, SortedDictionary<string, object?> Properties);

    private sealed record Geometry(string Type, double[] Coordinates);
}
