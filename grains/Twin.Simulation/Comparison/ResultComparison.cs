using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Twin.Simulation.Reports;

namespace Twin.Simulation.Comparison;

/// <summary>One number of two runs side by side.</summary>
public sealed record ComparedValue(string Name, double A, double B, double Difference);

/// <summary>One row of a scenario's table (a gauge, a district) with a number of each run.</summary>
public sealed record ComparedRow(string Table, string Key, string Field, double? A, double? B);

/// <summary>compare.json: what differs between two runs of one scenario.</summary>
public sealed record ComparisonResult(string Scenario, JsonNode? A, JsonNode? B, IReadOnlyList<ComparedValue> Summary, IReadOnlyList<ComparedRow> Rows);

/// <summary>
/// Compares two result.json of the same scenario: every numeric field of <c>summary</c> (any scenario), and the numbers
/// of each row of the tables whose rows carry an <c>id</c> or <c>district</c> (flood gauges, snowstorm districts,
/// coverage rows) — so a new scenario is compared without code here.
/// </summary>
public static class ResultComparison
{
    public static ComparisonResult Compare(string resultA, string resultB)
    {
        var a = Parse(resultA, "A");
        var b = Parse(resultB, "B");
        var scenarioA = a["scenario"]?.GetValue<string>();
        var scenarioB = b["scenario"]?.GetValue<string>();
        if (scenarioA is null || scenarioA != scenarioB)
        {
            throw new ScenarioParameterException("runs", $"Only runs of one scenario compare; got '{scenarioA}' and '{scenarioB}'.");
        }
        var summary = new List<ComparedValue>();
        if (a["summary"] is JsonObject sa && b["summary"] is JsonObject sb)
        {
            foreach (var (name, va) in sa.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (Number(va) is { } x && Number(sb[name]) is { } y)
                {
                    summary.Add(new ComparedValue(name, x, y, Math.Round(y - x, 6)));
                }
            }
        }
        var rows = new List<ComparedRow>();
        foreach (var (table, va) in a.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (va is not JsonArray arrayA || b[table] is not JsonArray arrayB)
            {
                continue;
            }
            var keyed = (JsonArray arr) => arr.OfType<JsonObject>()
                .Select(o => (Key: KeyOf(o), Row: o)).Where(x => x.Key is not null)
                .GroupBy(x => x.Key!).ToDictionary(g => g.Key, g => g.First().Row, StringComparer.Ordinal);
            var rowsA = keyed(arrayA);
            var rowsB = keyed(arrayB);
            foreach (var key in rowsA.Keys.Union(rowsB.Keys).Order(StringComparer.Ordinal))
            {
                var ra = rowsA.GetValueOrDefault(key);
                var rb = rowsB.GetValueOrDefault(key);
                var fields = (ra?.Select(p => p.Key) ?? []).Union(rb?.Select(p => p.Key) ?? []).Order(StringComparer.Ordinal);
                foreach (var field in fields)
                {
                    var x = Number(ra?[field]);
                    var y = Number(rb?[field]);
                    if ((x is not null || y is not null) && x != y)
                    {
                        rows.Add(new ComparedRow(table, key, field, x, y));
                    }
                }
            }
        }
        return new ComparisonResult(scenarioA, Describe(a), Describe(b), summary, rows);
    }

    /// <summary>The comparison as a self-contained HTML page.</summary>
    public static string Report(ComparisonResult c)
    {
        var report = new ReportBuilder($"Comparison of two {c.Scenario} runs",
            $"A: {c.A?.ToJsonString()}  B: {c.B?.ToJsonString()}");
        report.Heading("Summary").Table(["what", "A", "B", "B − A"],
            c.Summary.Select(v => (IReadOnlyList<string>)[v.Name, F(v.A), F(v.B), F(v.Difference)]));
        if (c.Summary.Count > 0)
        {
            report.BarChart("Summary, A (blue) against B (red)", [.. c.Summary.Select(v => v.Name)],
                [new ChartSeries("A", [.. c.Summary.Select(v => (double?)Math.Max(0, v.A))]), new ChartSeries("B", [.. c.Summary.Select(v => (double?)Math.Max(0, v.B))])], "");
        }
        report.Heading("Rows that differ").Table(["table", "row", "field", "A", "B"],
            c.Rows.Select(r => (IReadOnlyList<string>)[r.Table, r.Key, r.Field, r.A is { } x ? F(x) : "—", r.B is { } y ? F(y) : "—"]));
        return report.Build();
    }

    private static JsonObject Parse(string json, string which)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new ScenarioParameterException("runs", $"Run {which}'s result.json is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ScenarioParameterException("runs", $"Run {which}'s result.json is not JSON: {e.Message}");
        }
    }

    private static JsonObject Describe(JsonObject run) => new()
    {
        ["seed"] = run["seed"]?.DeepClone(),
        ["parameters"] = run["parameters"]?.DeepClone(),
    };

    private static string? KeyOf(JsonObject row) =>
        row["id"] is JsonValue id && id.TryGetValue<string>(out var s) ? s
        : row["district"] is JsonValue d && d.TryGetValue<string>(out var t) ? t + (row["zone"] is JsonValue z ? "/" + z.ToJsonString() : "")
        : row["facilityType"] is JsonValue f ? string.Join('/', row.Where(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String).Select(p => p.Value!.ToJsonString()))
            + "/" + row["radiusM"]?.ToJsonString() + "/" + row["year"]?.ToJsonString()
        : null;

    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
