using CongressHub.Domain.Seeding;
using CongressHub.Tests.Support;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>Every page built so far, as the role that uses it, on a desktop and on a 360 px phone: axe finds nothing serious.</summary>
[Collection(BrowserCollection.Name)]
public class PageSweepTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    public static TheoryData<string?, string, string> Pages => new()
    {
        { null, "/", "home" },
        { null, "/s/shiyan", "public-street" },
        { null, "/no/such/page", "not-found" },
        { null, "/card?code=", "card-signin" },
        { "convener", "/dashboard", "dashboard" },
        { "convener", "/directory/delegates", "delegates" },
        { "convener", "/directory/officers", "officers" },
        { "convener", "/directory/communities", "communities" },
        { "convener", "/directory/departments", "departments" },
        { "convener", "/directory/terms", "terms" },
        { "convener", "/directory/import", "import" },
        { "convener", "/directory/cards", "cards-empty" },
        { "convener", "/account/password", "change-password" },
        { "admin", "/admin/streets", "streets" },
        { "officer01", "/dashboard", "dashboard-officer" },
        { "delegate01", "/directory/delegates", "denied" },
        { "convener", "/sessions", "sessions" },
        { "convener", "/sessions/1/agenda", "session-agenda" },
        { "convener", "/sessions/1/console", "session-console" },
        { "convener", "/sessions/1/minutes", "session-minutes" },
        { "delegate01", "/sessions", "sessions-delegate" },
        { "delegate01", "/sessions/1", "session-live" },
        { "officer04", "/sessions/1/hall", "session-hall-officer" },
        { "officer01", "/sessions/1/hall", "session-hall-leader" },
        { "convener", "/sessions/1/sign-in-sheet", "sign-in-sheet" },
        { "convener", "/votes/{paper-election}/ballot-paper", "ballot-paper" },
        { "delegate37", "/sessions/1/count/{paper-election}", "count-teller" },
        { "delegate01", "/committee", "committee" },
        { null, "/s/shiyan/committee", "public-committee" },
        { "convener", "/reviews", "reviews" },
        { "delegate01", "/reviews", "reviews-delegate" },
        { null, "/s/shiyan/evaluations/{evaluation-year}", "public-evaluations" },
        { null, "/s/shiyan/resolutions", "public-resolutions" },
        { null, "/s/shiyan/resolutions/{resolution:1}", "public-resolution" },
        { null, "/s/shiyan/resolutions/{resolution:3}", "public-resolution-in-notice" },
        { null, "/s/shiyan/sessions/2/minutes", "public-minutes" },
        { "convener", "/audit", "audit" },
        { "convener", "/tracking", "tracking" },
        { "officer03", "/tracking/work", "tracking-work" },
        { "convener", "/tracking/grid", "tracking-grid" },
        { "convener", "/resolutions", "resolutions" },
        { "convener", "/resolutions/3", "resolution-in-notice" },
        { "convener", "/resolutions/4", "resolution-draft" },
        { "delegate01", "/resolutions", "resolutions-delegate" },
        { "delegate01", "/resolutions/3", "resolution-delegate" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_HasNoSeriousAccessibilityFindings_OnDesktopAndPhone(string? user, string path, string name)
    {
        if (name == "not-found")
        {
            // The page for an unknown address answers 404, which the browser reports.
            ExpectError("status of 404");
        }
        foreach (var phone in new[] { false, true })
        {
            await using var context = await browser.NewContextAsync(phone);
            var page = await context.NewPageAsync();
            if (user is not null)
            {
                await page.SignInAsync(user);
            }

            await page.GotoAsync(browser.App.DemoPath(path));
            if (await page.Locator("#circuit-state").CountAsync() > 0)
            {
                await page.WaitForCircuitAsync();
            }

            await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            // Dates in the app's one format, never the culture's own short date (2026/12/2, 12/2/2026).
            var shown = await page.EvaluateAsync<string>("() => [document.body.innerText, ...[...document.querySelectorAll('input')].map(i => i.value)].join('\\n')");
            Assert.DoesNotMatch(@"\b(\d{4}/\d{1,2}/\d{1,2}|\d{1,2}/\d{1,2}/\d{4})\b", shown);
            await page.ScreenshotAsync($"sweep-{name}-{(phone ? "phone" : "desktop")}");
        }
    }

    [Fact]
    public async Task EditDialog_OfACommunity_HasNoSeriousFindings_AndShowsTheServersRefusal()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("convener");
        await page.GotoAsync("/directory/communities");
        await page.WaitForCircuitAsync();

        await page.Locator("#add-community").ClickAsync();
        await page.Locator("#named-name").FillAsync("东风社区");
        await page.Locator("#named-save").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("名称“东风社区”已存在");
        await Assertions.Expect(page.Locator("#named-name")).ToBeFocusedAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("sweep-community-dialog-error");
    }

    [Fact]
    public async Task NoticeDialog_OfAResolution_HasNoSeriousFindings_AndShowsTheServersRefusalOnTheField()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("convener");
        await page.GotoAsync("/resolutions/2");
        await page.WaitForCircuitAsync();

        // Dates ahead of today, the end before the start.
        var today = Domain.Common.SessionTime.Local(DateTime.UtcNow).Date;
        await page.Locator("#set-notice").ClickAsync();
        await page.Locator("#notice-starts").FillAsync(today.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#notice-starts").PressAsync("Tab");
        await page.Locator("#notice-ends").FillAsync(today.AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#notice-ends").PressAsync("Tab");
        await page.Locator("#notice-save").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Dialog).Locator(".mud-input-helper-text.mud-input-error")).ToHaveTextAsync("公示结束日期不能早于开始日期。");
        await Assertions.Expect(page.Locator("#notice-ends")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#notice-ends")).ToHaveAccessibleDescriptionAsync("公示结束日期不能早于开始日期。");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("sweep-resolution-notice-dialog-error");
    }
}
