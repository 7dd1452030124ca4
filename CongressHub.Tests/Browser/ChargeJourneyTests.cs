using CongressHub.Tests.Support;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>The officer in charge of a community, on a phone: their communities' opinions by month, and passing one on (转呈).</summary>
[Collection(BrowserCollection.Name)]
public class ChargeJourneyTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    [Fact]
    public async Task OfficerInCharge_OnAPhone_PassesAnOpinionOnToADepartment()
    {
        await using var context = await browser.NewContextAsync(phone: true);
        var page = await context.NewPageAsync();
        await page.SignInAsync("officer03");
        await page.GotoAsync("/charge");
        await page.WaitForCircuitAsync();

        var communities = page.Locator("section[data-community] h2");
        await Assertions.Expect(communities).ToHaveCountAsync(2);
        await Assertions.Expect(communities.First).ToContainTextAsync("东风社区");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("charge-officer-phone-360");
        var card = page.Locator("[data-item]").Filter(new() { Has = page.Locator("[data-passed='0']") }).First;
        var id = await card.GetAttributeAsync("data-item");

        await card.Locator("[data-pass-on]").ClickAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "科室" }).CheckAsync();
        await page.Locator("#pass-on-department").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "城市管理科" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
        await page.Locator("#pass-on-note").FillAsync("请城管科尽快处理。");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("charge-pass-on-dialog-phone-360", fullPage: false);
        await page.Locator("#pass-on-save").ClickAsync();

        await Assertions.Expect(page.Locator($"[data-item='{id}']")).ToContainTextAsync("已转呈 1 次");
        await page.GotoAsync($"/tracking/{id}");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("转呈：城市管理科");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("请城管科尽快处理。");
        await page.AssertAccessibleAsync();
    }
}
