using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Twin.Web.Tests;

/// <summary>The planner's panel in a real browser against the real silo: start runs, watch them, open a report, compare two.</summary>
[Collection(ControlRoomCollection.Name)]
public sealed class PlannerPageTests(ControlRoomFixture app)
{
    static PlannerPageTests()
    {
        SetDefaultExpectTimeout(60_000);
    }

    [Fact]
    public async Task A_planner_starts_two_flood_runs_watches_them_complete_opens_a_report_and_compares_them()
    {
        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "ja-JP", TimezoneId = "Asia/Tokyo" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(app.BaseAddress, "/login?returnUrl=%2F%3Fplanner").ToString());
        await page.Locator("input[name=name]").FillAsync(ControlRoomFixture.Planner);
        await page.Locator("input[name=password]").FillAsync(ControlRoomFixture.PlannerPassword);
        await page.Locator("button[type=submit]").ClickAsync();

        var panel = page.Locator("#planner");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(page.Locator("#planner-scenario option[value=flood]")).ToHaveCountAsync(1);
        await page.Locator("#planner-scenario").SelectOptionAsync("flood");
        await Expect(page.Locator("#planner-options input[data-option=hours]")).ToHaveAttributeAsync("placeholder", "24");
        // A file option is the CLI's only: the page does not offer it.
        await Expect(page.Locator("#planner-options input[data-option=rain-csv]")).ToHaveCountAsync(0);

        foreach (var seed in new[] { "7", "8" })
        {
            await page.Locator("#planner-seed").FillAsync(seed);
            await page.Locator("#planner-options input[data-option=hours]").FillAsync("2");
            await page.Locator("#planner-start").ClickAsync();
        }
        var runs = page.Locator("#planner-runs tr.planner-run");
        await Expect(runs).ToHaveCountAsync(2);
        await Expect(page.Locator("#planner-runs tr.planner-run[data-status=completed]")).ToHaveCountAsync(2);

        var reportPage = await context.RunAndWaitForPageAsync(() => runs.First.Locator("a.planner-report").ClickAsync());
        await Expect(reportPage.Locator("h1")).ToContainTextAsync("Flood run");
        await Expect(reportPage.Locator("svg").First).ToBeVisibleAsync();

        await runs.Nth(0).Locator("input[type=checkbox]").CheckAsync();
        await runs.Nth(1).Locator("input[type=checkbox]").CheckAsync();
        await page.Locator("#planner-compare").ClickAsync();
        var comparePage = await context.RunAndWaitForPageAsync(() => page.Locator("#planner-compare-link").ClickAsync());
        await Expect(comparePage.Locator("h1")).ToContainTextAsync("Comparison of two flood runs");
        await Expect(comparePage.Locator("table").First).ToContainTextAsync("alarmsRaised");

        // A bad option is refused with the API's reason on the page.
        await page.Locator("#planner-options input[data-option=hours]").FillAsync("0");
        await page.Locator("#planner-start").ClickAsync();
        await Expect(page.Locator("#planner-error")).ToContainTextAsync("hours");
    }
}
