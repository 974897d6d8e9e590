namespace Twin.Simulation.Reports;

/// <summary>One line of a chart: a name and a value per x position (null: no value there).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values);

/// <summary>A horizontal line across a chart (a warning level).</summary>
public sealed record ChartThreshold(string Name, double Value, string Colour);

/// <summary>A point on a report's map: where, what, and how big and which colour its dot is.</summary>
public sealed record MapPoint(double Lat, double Lon, string Label, double Radius, string Colour);
