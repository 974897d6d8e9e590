using Twin.Simulation.Reports;

namespace Twin.Simulation.Tests.Reports;

public sealed class ReportBuilderTests
{
    [Fact]
    public void A_report_is_one_self_contained_page_with_inline_svg_charts_and_escaped_text()
    {
        const string boundary = """{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[137.0,36.5],[137.4,36.5],[137.4,36.8],[137.0,36.5]]]}}""";
        var html = new ReportBuilder("Flood <run>", "seed 7")
            .LineChart("levels", ["00:00", "01:00", "02:00"], [new ChartSeries("rg-1", [0.5, 1.2, null])], [new ChartThreshold("はん濫注意", 0.8, "#e6b800")], "m")
            .BarChart("alarms", ["0", "1"], [new ChartSeries("alarms", [1, 3])], "alarms")
            .Map("places", boundary, [new MapPoint(36.7, 137.2, "town & co", 4, "#7b3294")], "attribution")
            .Build();

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split("<svg").Length - 1);
        Assert.Contains("Flood &lt;run&gt;", html, StringComparison.Ordinal);
        Assert.Contains("town &amp; co", html, StringComparison.Ordinal);
        Assert.Contains("はん濫注意", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
    }
}
