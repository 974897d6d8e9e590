using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Twin.Web.Tests;

/// <summary>The planner's panel in a real browser: the district population chart and the coverage layer on the map.</summary>
[Collection(ControlRoomCollection.Name)]
public sealed class PlanningPanelTests(ControlRoomFixture app)
{
    static PlanningPanelTests()
    {
        SetDefaultExpectTimeout(30_000);
    }

    [Fact]
    public async Task ThePopulationChartAndTheCoverageLayerOpenForAChosenYearAndSet()
    {
        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1600, Height = 900 },
            Locale = "en-GB",
        });
        await context.AddInitScriptAsync("localStorage.setItem('twin.lang', 'en')");
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => { lock (errors) { errors.Add(e); } };
        page.Console += (_, m) => { if (m.Type == "error") { lock (errors) { errors.Add(m.Text); } } };

        await page.GotoAsync(new Uri(app.BaseAddress, "/login?returnUrl=%2F").ToString());
        await page.Locator("input[name=name]").FillAsync(ControlRoomFixture.Operator);
        await page.Locator("input[name=password]").FillAsync(ControlRoomFixture.OperatorPassword);
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#account")).ToHaveTextAsync(ControlRoomFixture.Operator);

        // The chart: one line per district, named in the legend.
        var panel = page.Locator("#planning-panel");
        await Expect(panel.Locator("#planning-chart .uplot")).ToBeVisibleAsync();
        await Expect(panel.Locator("#planning-chart .u-legend")).ToContainTextAsync("Hosoiri");
        Assert.Equal(7, await page.EvaluateAsync<int>("() => window.twinPlanning.seriesCount()"));

        // The layer: 2040, stations at their default 500 m.
        await panel.Locator("select[name=year]").SelectOptionAsync("2040");
        await panel.Locator("select[name=facilities]").SelectOptionAsync("stations");
        await panel.Locator("button[type=submit]").ClickAsync();
        await Expect(panel.Locator("#planning-summary")).ToContainTextAsync("2040, Stations, 500 m");
        var cells = page.Locator("path[data-coverage-cell]");
        await Expect(cells.First).ToBeAttachedAsync();
        Assert.True(await cells.CountAsync() > 300);
        // Most of the city is beyond 500 m of a station: some cells are all out of reach, some all covered.
        Assert.True(await page.Locator("path[data-coverage-cell][data-uncovered='0']").CountAsync() > 0);
        Assert.True(await page.Locator("path[data-coverage-cell]:not([data-uncovered='0'])").CountAsync() > 0);
        var share = double.Parse((await panel.Locator("#planning-summary").GetAttributeAsync("data-share-pct"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(share, 1, 60);

        Directory.CreateDirectory("TestResults");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine("TestResults", "planning-coverage.png") });

        // Hidden again from the panel.
        await panel.Locator("#planning-hide").ClickAsync();
        await Expect(cells).ToHaveCountAsync(0);
        Assert.True(errors.Count == 0, "Console errors:\n" + string.Join('\n', errors));
    }
}
