using System.Text;

namespace Twin.Simulation;

/// <summary>A run's folder: result.json, the CSV series, report.html and affected.geojson.</summary>
public static class SimulationFolder
{
    public const string ResultFile = "result.json";
    public const string ReportFile = "report.html";
    public const string AffectedFile = "affected.geojson";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes every file of the output into <paramref name="directory"/> (created if missing); returns the paths written, sorted.</summary>
    public static IReadOnlyList<string> Write(string directory, SimulationOutput output)
    {
        Directory.CreateDirectory(directory);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ResultFile] = output.ResultJson,
            [ReportFile] = output.ReportHtml,
            [AffectedFile] = output.AffectedGeoJson,
        };
        foreach (var (name, text) in output.CsvFiles)
        {
            files[name] = text;
        }
        var written = new List<string>();
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, text, Utf8);
            written.Add(path);
        }
        return written;
    }
}
