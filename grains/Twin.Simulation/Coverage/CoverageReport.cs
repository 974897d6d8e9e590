using System.Globalization;
using System.Net;
using System.Text;
using Twin.Catalog;

namespace Twin.Simulation.Coverage;

/// <summary>The run's self-contained report.html: tables and inline SVG bars, no scripts or external files.</summary>
internal static class CoverageReport
{
    private static readonly string[] Colours = ["#1c7ed6", "#e8590c", "#2f9e44", "#ae3ec9", "#f08c00", "#0c8599", "#c2255c"];

    public static string Html(CoverageResult result, IReadOnlyList<District> districts)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>Coverage ")
            .Append(result.Year.ToString(CultureInfo.InvariantCulture)).Append("</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:.25em .5em;text-align:right}td:first-child,th:first-child{text-align:left}")
            .Append(".note{color:#555;font-size:.9em}svg text{font-size:12px}</style></head><body>\n");
        sb.Append(Inv($"<h1>Facility coverage, {result.Year}</h1>\n<p class=\"note\">{E(result.PopulationBase)}. Distances in JGD2011 plane rectangular zone VII (EPSG:6675).</p>\n"));

        Population(sb, districts, result.Year);

        sb.Append("<h2>Facility sets</h2>\n<table><tr><th>set</th><th>radius m</th><th>facilities</th><th>known</th><th>approximated</th><th>city's count</th><th>gap</th><th>source</th></tr>\n");
        foreach (var f in result.Facilities)
        {
            sb.Append(Inv($"<tr><td>{E(f.FacilityType)}</td><td>{f.RadiusM}</td><td>{f.Count}</td><td>{f.Known}</td><td>{f.Approximated}</td><td>{f.CityCount?.ToString(CultureInfo.InvariantCulture) ?? "–"}</td><td>{f.GapToCity?.ToString(CultureInfo.InvariantCulture) ?? "–"}</td><td style=\"text-align:left\">{E(f.Source)}</td></tr>\n"));
        }
        sb.Append("</table>\n");

        foreach (var group in result.Rows.GroupBy(r => r.FacilityType))
        {
            sb.Append(Inv($"<h2>{E(group.Key)} within {group.First().RadiusM} m</h2>\n"));
            Bars(sb, [.. group]);
            Table(sb, [.. group]);
        }

        if (result.WhatIf is { } w)
        {
            sb.Append(Inv($"<h2>What-if: {E(w.FacilityType)}</h2>\n<p>Closed: {E(Names(w.Removed))}. Added: {E(Names(w.Added))}.</p>\n"));
            sb.Append(Inv($"<p>{w.Lost.Population} people in {w.Lost.Towns.Count} towns lose reach; {w.Gained.Population} people in {w.Gained.Towns.Count} towns gain it.</p>\n"));
            Bars(sb, [.. w.Rows]);
            Table(sb, [.. w.Rows]);
        }

        sb.Append("<h2>Against the city's table</h2>\n<table><tr><th>city's type</th><th>radius m</th><th>zone</th><th>registry</th><th>city %</th><th>ours %</th><th>difference (points)</th><th>why</th></tr>\n");
        foreach (var r in result.Reference)
        {
            var ours = r.SharePct?.ToString("0.00", CultureInfo.InvariantCulture) ?? "–";
            var diff = r.DifferencePts?.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) ?? "–";
            sb.Append(Inv($"<tr><td>{E(r.CityFacilityType)}</td><td>{r.RadiusM}</td><td>{E(r.Zone)}</td><td>{r.CityRegistryDate}</td><td>{r.CitySharePct:0.0}</td><td>{ours}</td><td>{diff}</td><td style=\"text-align:left\">{E(r.Explanation)}</td></tr>\n"));
        }
        sb.Append("</table>\n<p class=\"note\">").Append(E(string.Join(" / ", result.Attribution))).Append("</p>\n</body></html>\n");
        return sb.ToString();
    }

    /// <summary>Each district's people 2005–2065 on a log scale (Toyama's 300,000 beside Hosoiri's few hundred), the run's year marked.</summary>
    private static void Population(StringBuilder sb, IReadOnlyList<District> districts, int year)
    {
        const int width = 640, height = 320, left = 60, right = 110, top = 10, bottom = 30;
        var years = districts[0].Projection.Keys.ToArray();
        double minLog = 2, maxLog = 6; // 100 to 1,000,000 people
        double X(int y) => left + (y - years[0]) * (width - left - right) / (double)(years[^1] - years[0]);
        double Y(int people) => top + (maxLog - Math.Log10(Math.Max(people, 100))) * (height - top - bottom) / (maxLog - minLog);
        sb.Append("<h2>Population by district, 2005–2065</h2>\n<p class=\"note\">2005–2015 actual, 2020–2065 the city's projection (January 2020); log scale.</p>\n");
        sb.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\">\n"));
        for (var p = 2; p <= 6; p++)
        {
            var y = Y((int)Math.Pow(10, p));
            sb.Append(Inv($"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/><text x=\"4\" y=\"{y + 4:0.#}\">{Math.Pow(10, p):#,0}</text>\n"));
        }
        foreach (var y in years.Where(y => y % 20 == 0 || y == years[0]))
        {
            sb.Append(Inv($"<text x=\"{X(y) - 14:0.#}\" y=\"{height - 8}\">{y}</text>"));
        }
        sb.Append(Inv($"<line x1=\"{X(year):0.#}\" x2=\"{X(year):0.#}\" y1=\"{top}\" y2=\"{height - bottom}\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n"));
        // Labels at the lines' ends, top to bottom, pushed apart where two districts end close together.
        var labelY = new double[districts.Count];
        var previous = double.MinValue;
        foreach (var i in Enumerable.Range(0, districts.Count).OrderBy(i => Y(districts[i].Projection[years[^1]])).ThenBy(i => i))
        {
            labelY[i] = Math.Max(Y(districts[i].Projection[years[^1]]) + 4, previous + 14);
            previous = labelY[i];
        }
        for (var i = 0; i < districts.Count; i++)
        {
            var d = districts[i];
            var points = string.Join(' ', years.Select(y => Inv($"{X(y):0.#},{Y(d.Projection[y]):0.#}")));
            var colour = Colours[i % Colours.Length];
            sb.Append(Inv($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{points}\"/>"));
            sb.Append(Inv($"<text x=\"{width - right + 6}\" y=\"{labelY[i]:0.#}\" fill=\"{colour}\">{E(d.NameEn)} {d.Projection[years[^1]]:#,0}</text>\n"));
        }
        sb.Append("</svg>\n");
    }

    private static void Bars(StringBuilder sb, IReadOnlyList<CoverageRow> rows)
    {
        const int barWidth = 500, rowHeight = 20, label = 90;
        sb.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{label + barWidth + 70}\" height=\"{rows.Count * rowHeight + 4}\" role=\"img\">\n"));
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var y = i * rowHeight + 2;
            var w = r.SharePct / 100 * barWidth;
            sb.Append(Inv($"<text x=\"0\" y=\"{y + 14}\">{E(r.Zone)}</text><rect x=\"{label}\" y=\"{y}\" width=\"{barWidth}\" height=\"{rowHeight - 4}\" fill=\"#eee\"/>"));
            sb.Append(Inv($"<rect x=\"{label}\" y=\"{y}\" width=\"{w:0.#}\" height=\"{rowHeight - 4}\" fill=\"#2b7bb9\"/><text x=\"{label + barWidth + 6}\" y=\"{y + 14}\">{r.SharePct:0.00} %</text>\n"));
        }
        sb.Append("</svg>\n");
    }

    private static void Table(StringBuilder sb, IReadOnlyList<CoverageRow> rows)
    {
        sb.Append("<table><tr><th>zone</th><th>population</th><th>covered</th><th>share %</th></tr>\n");
        foreach (var r in rows)
        {
            sb.Append(Inv($"<tr><td>{E(r.Zone)}</td><td>{r.Population}</td><td>{r.Covered}</td><td>{r.SharePct:0.00}</td></tr>\n"));
        }
        sb.Append("</table>\n");
    }

    private static string Names(IReadOnlyList<Facility> list) => list.Count == 0 ? "none" : string.Join(", ", list.Select(f => $"{f.Name} ({f.Id})"));

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
