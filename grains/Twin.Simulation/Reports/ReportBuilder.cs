using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Twin.Simulation.Reports;

/// <summary>
/// Builds a self-contained HTML report: headings, paragraphs, tables, and charts drawn as inline SVG (line series with
/// threshold lines, bars, a map of points over the city boundary). No script, no external file: it opens anywhere and
/// its bytes depend only on what was added (invariant number formatting).
/// </summary>
public sealed class ReportBuilder
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];

    private readonly StringBuilder _body = new();
    private readonly string _title;

    public ReportBuilder(string title, string subtitle)
    {
        _title = title;
        _body.Append("<h1>").Append(E(title)).Append("</h1><p class=\"sub\">").Append(E(subtitle)).Append("</p>\n");
    }

    public ReportBuilder Heading(string text)
    {
        _body.Append("<h2>").Append(E(text)).Append("</h2>\n");
        return this;
    }

    public ReportBuilder Paragraph(string text)
    {
        _body.Append("<p>").Append(E(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A table; each row's cells are shown as given.</summary>
    public ReportBuilder Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table><thead><tr>");
        foreach (var h in headers)
        {
            _body.Append("<th>").Append(E(h)).Append("</th>");
        }
        _body.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row)
            {
                _body.Append("<td>").Append(E(cell)).Append("</td>");
            }
            _body.Append("</tr>");
        }
        _body.Append("</tbody></table>\n");
        return this;
    }

    /// <summary>Lines over x positions labelled <paramref name="xLabels"/> (every n-th shown), with horizontal threshold lines.</summary>
    public ReportBuilder LineChart(string title, IReadOnlyList<string> xLabels, IReadOnlyList<ChartSeries> series, IReadOnlyList<ChartThreshold> thresholds, string unit)
    {
        const double w = 760, h = 260, left = 50, right = 150, top = 20, bottom = 30;
        var values = series.SelectMany(s => s.Values).OfType<double>().Concat(thresholds.Select(t => t.Value)).ToList();
        var min = values.Count == 0 ? 0 : Math.Min(0, values.Min());
        var max = values.Count == 0 ? 1 : values.Max();
        if (max <= min)
        {
            max = min + 1;
        }
        var n = Math.Max(2, xLabels.Count);
        double X(int i) => left + (w - left - right) * i / (n - 1);
        double Y(double v) => top + (h - top - bottom) * (1 - (v - min) / (max - min));
        var svg = Open(title, w, h);
        Axes(svg, w, h, left, right, top, bottom, min, max, unit, Y);
        var every = Math.Max(1, xLabels.Count / 8);
        for (var i = 0; i < xLabels.Count; i += every)
        {
            svg.Append(F($"<text x=\"{X(i):0.#}\" y=\"{h - 10:0.#}\" font-size=\"10\" text-anchor=\"middle\">")).Append(E(xLabels[i])).Append("</text>");
        }
        foreach (var t in thresholds)
        {
            svg.Append(F($"<line x1=\"{left}\" x2=\"{w - right:0.#}\" y1=\"{Y(t.Value):0.##}\" y2=\"{Y(t.Value):0.##}\" stroke=\"{t.Colour}\" stroke-dasharray=\"4 3\"/>"))
                .Append(F($"<text x=\"{w - right + 4:0.#}\" y=\"{Y(t.Value) + 3:0.##}\" font-size=\"10\" fill=\"{t.Colour}\">")).Append(E(t.Name)).Append("</text>");
        }
        for (var s = 0; s < series.Count; s++)
        {
            var colour = Palette[s % Palette.Length];
            var path = new StringBuilder();
            var pen = 'M';
            for (var i = 0; i < series[s].Values.Count; i++)
            {
                if (series[s].Values[i] is not { } v)
                {
                    pen = 'M';
                    continue;
                }
                path.Append(F($"{pen}{X(i):0.#} {Y(v):0.##} "));
                pen = 'L';
            }
            svg.Append(F($"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\"/>"));
            if (thresholds.Count == 0 || series.Count > 1)
            {
                svg.Append(F($"<text x=\"{w - right + 4:0.#}\" y=\"{top + 12 * (s + thresholds.Count + 1):0.#}\" font-size=\"10\" fill=\"{colour}\">")).Append(E(series[s].Name)).Append("</text>");
            }
        }
        Close(svg);
        return this;
    }

    /// <summary>Bars, one per label; several series stack.</summary>
    public ReportBuilder BarChart(string title, IReadOnlyList<string> labels, IReadOnlyList<ChartSeries> series, string unit)
    {
        const double w = 760, h = 240, left = 50, right = 150, top = 20, bottom = 30;
        var totals = Enumerable.Range(0, labels.Count).Select(i => series.Sum(s => i < s.Values.Count ? s.Values[i] ?? 0 : 0)).ToList();
        var max = totals.Count == 0 ? 1 : Math.Max(1, totals.Max());
        double Y(double v) => top + (h - top - bottom) * (1 - v / max);
        var svg = Open(title, w, h);
        Axes(svg, w, h, left, right, top, bottom, 0, max, unit, Y);
        var slot = (w - left - right) / Math.Max(1, labels.Count);
        var every = Math.Max(1, labels.Count / 12);
        for (var i = 0; i < labels.Count; i++)
        {
            var baseValue = 0.0;
            for (var s = 0; s < series.Count; s++)
            {
                var v = i < series[s].Values.Count ? series[s].Values[i] ?? 0 : 0;
                if (v > 0)
                {
                    svg.Append(F($"<rect x=\"{left + slot * i + slot * 0.1:0.##}\" y=\"{Y(baseValue + v):0.##}\" width=\"{slot * 0.8:0.##}\" height=\"{Y(baseValue) - Y(baseValue + v):0.##}\" fill=\"{Palette[s % Palette.Length]}\"/>"));
                }
                baseValue += v;
            }
            if (i % every == 0)
            {
                svg.Append(F($"<text x=\"{left + slot * (i + 0.5):0.#}\" y=\"{h - 10:0.#}\" font-size=\"10\" text-anchor=\"middle\">")).Append(E(labels[i])).Append("</text>");
            }
        }
        for (var s = 0; s < series.Count; s++)
        {
            svg.Append(F($"<text x=\"{w - right + 4:0.#}\" y=\"{top + 12 * (s + 1):0.#}\" font-size=\"10\" fill=\"{Palette[s % Palette.Length]}\">")).Append(E(series[s].Name)).Append("</text>");
        }
        Close(svg);
        return this;
    }

    /// <summary>A map: the boundary polygons of a GeoJSON (the city's) with the points over them.</summary>
    public ReportBuilder Map(string title, string boundaryGeoJson, IReadOnlyList<MapPoint> points, string attribution)
    {
        const double w = 760, h = 560, pad = 10;
        var rings = Rings(boundaryGeoJson);
        var all = rings.SelectMany(r => r).Concat(points.Select(p => (p.Lon, p.Lat))).ToList();
        var (minLon, maxLon) = (all.Min(p => p.Item1), all.Max(p => p.Item1));
        var (minLat, maxLat) = (all.Min(p => p.Item2), all.Max(p => p.Item2));
        var kx = Math.Cos((minLat + maxLat) * Math.PI / 360);
        var scale = Math.Min((w - 2 * pad) / ((maxLon - minLon) * kx), (h - 2 * pad) / (maxLat - minLat));
        double X(double lon) => pad + (lon - minLon) * kx * scale;
        double Y(double lat) => pad + (maxLat - lat) * scale;
        var svg = Open(title, w, h);
        foreach (var ring in rings)
        {
            svg.Append("<path d=\"");
            for (var i = 0; i < ring.Count; i++)
            {
                svg.Append(F($"{(i == 0 ? 'M' : 'L')}{X(ring[i].Lon):0.#} {Y(ring[i].Lat):0.#} "));
            }
            svg.Append("Z\" fill=\"#f4f4ef\" stroke=\"#888\" stroke-width=\"1\"/>");
        }
        foreach (var p in points)
        {
            svg.Append(F($"<circle cx=\"{X(p.Lon):0.#}\" cy=\"{Y(p.Lat):0.#}\" r=\"{p.Radius:0.#}\" fill=\"{p.Colour}\" fill-opacity=\"0.7\"><title>")).Append(E(p.Label)).Append("</title></circle>");
        }
        svg.Append(F($"<text x=\"{pad}\" y=\"{h - 4}\" font-size=\"9\" fill=\"#555\">")).Append(E(attribution)).Append("</text>");
        Close(svg);
        return this;
    }

    public string Build() =>
        "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>" + E(_title) + "</title><style>"
        + "body{font-family:system-ui,sans-serif;margin:24px;max-width:980px;color:#222}h1{font-size:22px}h2{font-size:17px;margin-top:28px}"
        + ".sub{color:#555}table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
        + "figure{margin:12px 0}figcaption{font-size:13px;font-weight:600}svg{background:#fff;border:1px solid #ddd}"
        + "</style></head><body>\n" + _body + "</body></html>\n";

    private StringBuilder Open(string title, double w, double h)
    {
        _body.Append("<figure><figcaption>").Append(E(title)).Append("</figcaption>");
        _body.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">"));
        return _body;
    }

    private void Close(StringBuilder svg) => svg.Append("</svg></figure>\n");

    private static void Axes(StringBuilder svg, double w, double h, double left, double right, double top, double bottom, double min, double max, string unit, Func<double, double> y)
    {
        svg.Append(F($"<line x1=\"{left}\" x2=\"{left}\" y1=\"{top}\" y2=\"{h - bottom}\" stroke=\"#444\"/><line x1=\"{left}\" x2=\"{w - right}\" y1=\"{h - bottom}\" y2=\"{h - bottom}\" stroke=\"#444\"/>"));
        for (var k = 0; k <= 4; k++)
        {
            var v = min + (max - min) * k / 4;
            svg.Append(F($"<text x=\"{left - 4}\" y=\"{y(v) + 3:0.##}\" font-size=\"10\" text-anchor=\"end\">{v:0.##}</text>"));
        }
        svg.Append(F($"<text x=\"{left - 44}\" y=\"{top - 6}\" font-size=\"10\">")).Append(E(unit)).Append("</text>");
    }

    private static List<List<(double Lon, double Lat)>> Rings(string geoJson)
    {
        var rings = new List<List<(double, double)>>();
        using var doc = JsonDocument.Parse(geoJson);
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("type", out var type) && e.TryGetProperty("coordinates", out var coords))
                {
                    switch (type.GetString())
                    {
                        case "Polygon":
                            rings.Add(Ring(coords[0]));
                            break;
                        case "MultiPolygon":
                            foreach (var polygon in coords.EnumerateArray())
                            {
                                rings.Add(Ring(polygon[0]));
                            }
                            break;
                    }
                    return;
                }
                foreach (var p in e.EnumerateObject())
                {
                    Walk(p.Value);
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item);
                }
            }
        }
        Walk(doc.RootElement);
        return rings;

        static List<(double, double)> Ring(JsonElement coords) => [.. coords.EnumerateArray().Select(c => (c[0].GetDouble(), c[1].GetDouble()))];
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
