using System.Text;
using CongressHub.Domain.Seeding;
using CongressHub.Tests.Support;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>The convener's first evening with CongressHub, and a delegate's first sign-in, in real Chromium.</summary>
[Collection(BrowserCollection.Name)]
public class RosterJourneyTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    [Fact]
    public async Task Convener_ImportsRoster_FixesTheBadRow_PrintsACard_DelegateSignsInWithIt_OnAPhone()
    {
        await using var desk = await browser.NewContextAsync();
        var page = await desk.NewPageAsync();

        await page.GotoAsync("/signin");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("01-signin-desktop");
        await page.FillAsync("#username", "convener");
        await page.FillAsync("#password", DemoSeeder.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await page.ArriveAtAsync("**/dashboard");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator(".stat").First).ToContainTextAsync("40");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("02-dashboard-convener");

        await page.GotoAsync("/directory/import");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("#choose-file")).ToBeEnabledAsync();
        await page.AssertAccessibleAsync();
        await page.Locator("input[type=file]").Last.SetInputFilesAsync(Csv("roster-bad.csv",
            "姓名,类别,社区,电话\n欧阳明月,居民代表,东风社区,13966660001\n司马青山,居民代表,月亮社区,\n"));
        await Assertions.Expect(page.Locator("#preview-table")).ToContainTextAsync("本街道没有名为“月亮社区”的社区");
        await Assertions.Expect(page.Locator("#confirm-import")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("03-import-preview-with-error");

        await page.Locator("input[type=file]").Last.SetInputFilesAsync(Csv("roster-fixed.csv",
            "姓名,类别,社区,电话\n欧阳明月,居民代表,东风社区,13966660001\n司马青山,居民代表,朝阳社区,\n"));
        await page.Locator("#confirm-import").ClickAsync();
        await Assertions.Expect(page.Locator("#import-done")).ToContainTextAsync("已导入 2 位代表");
        await page.ScreenshotAsync("04-import-done");

        await page.GotoAsync("/directory/delegates");
        await page.WaitForCircuitAsync();
        await page.Locator("#delegate-search").FillAsync("司马青山");
        var row = page.Locator("#delegate-table tbody tr", new() { HasText = "司马青山" });
        await Assertions.Expect(page.Locator("#delegate-table tbody tr")).ToHaveCountAsync(1);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("05-delegates-search");
        await row.GetByRole(AriaRole.Link, new() { Name = "司马青山" }).ClickAsync();
        await page.ArriveAtAsync("**/directory/delegates/*");
        await Assertions.Expect(page.Locator("#card-state")).ToHaveTextAsync("有效");
        await page.AssertAccessibleAsync();
        await page.Locator("#print-card").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "补发" }).ClickAsync();
        await page.ArriveAtAsync("**/directory/cards");
        var code = await page.Locator(".delegate-card .card-code").GetAttributeAsync("data-code");
        Assert.Matches("^[0-9A-Z]{26}$", code);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("06-card-to-print");

        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = await phoneContext.NewPageAsync();
        await phone.GotoAsync("/card?code=" + code);
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotAsync("07-card-signin-phone");
        await phone.GetByRole(AriaRole.Button, new() { Name = "用代表证登录" }).ClickAsync();
        await phone.ArriveAtAsync("**/dashboard");
        await phone.WaitForCircuitAsync();
        await Assertions.Expect(phone.Locator("h2").First).ToContainTextAsync("您好，司马青山");
        await Assertions.Expect(phone.Locator(".facts")).ToContainTextAsync("朝阳社区");
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotAsync("08-delegate-dashboard-phone");

        await phone.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(phone.Locator("h2").First).ToContainTextAsync("Hello, 司马青山");
        await phone.WaitForCircuitAsync();
        await Assertions.Expect(phone.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotAsync("09-delegate-dashboard-phone-english");
    }

    [Fact]
    public async Task SignIn_AndOpenTheAddDelegateForm_WithTheKeyboardAlone()
    {
        await using var desk = await browser.NewContextAsync();
        var page = await desk.NewPageAsync();
        await page.GotoAsync("/signin");

        await page.Locator("#username").FocusAsync();
        await page.Keyboard.TypeAsync("convener");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(DemoSeeder.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.ArriveAtAsync("**/dashboard");
        await page.GotoAsync("/directory/delegates");
        await page.WaitForCircuitAsync();
        // The button is enabled once the page has read the current term; a key press on a disabled button does nothing.
        await Assertions.Expect(page.Locator("#add-delegate")).ToBeEnabledAsync();
        await page.Locator("#add-delegate").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#delegate-name")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("键盘代表");
        await Assertions.Expect(page.Locator("#delegate-name")).ToHaveValueAsync("键盘代表");
        await page.Keyboard.PressAsync("Escape");

        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
    }

    private static FilePayload Csv(string name, string text) =>
        new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text) };
}
