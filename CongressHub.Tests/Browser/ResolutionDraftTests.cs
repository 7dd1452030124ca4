using CongressHub.Tests.Support;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// The convener checks the demo's draft resolution beside the motion's text as adopted, saves a corrected wording as a
/// new version, publishes it after confirming, and residents read the published wording on a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ResolutionDraftTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    private const string Corrected = "各小区快递柜统一设置在小区出入口附近，不得占用消防通道、绿地和盲道。";

    [Fact]
    public async Task Convener_EditsTheDraftsWording_PublishesIt_AndResidentsReadThePublishedWording()
    {
        await using var desktop = await browser.NewContextAsync();
        var page = await desktop.NewPageAsync();
        await page.SignInAsync("convener");
        await page.GotoAsync("/resolutions");
        await page.WaitForCircuitAsync();
        // The demo's draft; other journeys in the same app may leave drafts of their own.
        await page.Locator(".resolution-card.draft").Filter(new() { HasText = "快递柜" }).Locator("a").ClickAsync();
        await page.ArriveAtAsync(new System.Text.RegularExpressions.Regex(@"/resolutions/\d+$"));
        await page.WaitForCircuitAsync();

        await Assertions.Expect(page.Locator("#as-adopted")).ToContainTextAsync("关于规范小区内快递柜设置的议案");
        await Assertions.Expect(page.Locator("#wording-versions li")).ToHaveCountAsync(2);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("resolution-draft-editor-desktop");

        await page.Locator("#wording-text").FillAsync(Corrected);
        await Assertions.Expect(page.Locator("#wording-preview")).ToContainTextAsync("盲道");
        await Assertions.Expect(page.Locator("#publish-resolution")).ToBeDisabledAsync();
        await page.Locator("#save-wording").ClickAsync();
        await Assertions.Expect(page.Locator("#wording-versions li")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#wording-diff ins").Last).ToContainTextAsync("盲道");
        await page.ScreenshotAsync("resolution-draft-saved-desktop");

        await page.Locator("#publish-resolution").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("不能再修改");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("resolution-publish-confirm-desktop", fullPage: false);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "公布决议" }).ClickAsync();

        await Assertions.Expect(page.Locator("#public-page")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#draft-editor")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#resolution-text")).ToContainTextAsync("盲道");
        var number = System.Text.RegularExpressions.Regex.Match(await page.Locator("body").InnerTextAsync(), @"\d{4}-Q\d-\d{2}").Value;
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("resolution-published-desktop");

        await using var phone = await browser.NewContextAsync(phone: true);
        var resident = await phone.NewPageAsync();
        await resident.GotoAsync($"/s/shiyan/resolutions/{number}");
        await Assertions.Expect(resident.Locator("h1")).ToHaveTextAsync("关于规范小区内快递柜设置的决议");
        await Assertions.Expect(resident.Locator("body")).ToContainTextAsync("盲道");
        await Assertions.Expect(resident.Locator("body")).Not.ToContainTextAsync("建议各小区快递柜");
        await resident.ScreenshotAsync("resolution-published-phone");
    }
}
