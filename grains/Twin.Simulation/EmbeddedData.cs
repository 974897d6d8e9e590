using System.Globalization;
using System.Reflection;

namespace Twin.Simulation;

/// <summary>Reads data files embedded in an assembly: this one's <c>Data/</c> and the catalog's (with their attribution there).</summary>
internal static class EmbeddedData
{
    public static string Text(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded data file '{resourceName}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Rows of a CSV text as header name → value; '#' comment lines and blank lines are skipped.</summary>
    public static IEnumerable<Dictionary<string, string>> CsvRecords(string text)
    {
        string[]? header = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var fields = line.Split(',');
            if (header is null)
            {
                header = fields.Select(f => f.Trim()).ToArray();
                continue;
            }
            var record = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                record[header[i]] = i < fields.Length ? fields[i].Trim() : "";
            }
            yield return record;
        }
    }

    public static double Number(this Dictionary<string, string> record, string name) =>
        double.Parse(record[name], NumberStyles.Float, CultureInfo.InvariantCulture);
}
