using CongressHub.Tests.Support;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>An officer has forgotten their password: the convener resets it at the desk, the officer signs in with it.</summary>
[Collection(BrowserCollection.Name)]
public class PasswordResetJourneyTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    [Fact]
    public async Task Convener_ResetsAnOfficersPassword_OfficerSignsInWithIt_AndMustChooseANewOne()
    {
        await using var desk = await browser.NewContextAsync();
        await desk.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = browser.BaseUrl });
        var page = await desk.NewPageAsync();
        await page.SignInAsync("convener2");
        await page.GotoAsync("/directory/officers");
        await page.WaitForCircuitAsync();
        var row = page.Locator("#officer-table tbody tr", new() { HasText = "officer11" });
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new("^为.+重置密码$") }).ClickAsync();

        var confirm = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(confirm).ToContainTextAsync("原密码立即失效");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("reset-01-confirm");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "重置密码", Exact = true }).ClickAsync();

        var shown = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(shown).ToContainTextAsync("请当面交给本人");
        await Assertions.Expect(shown.Locator("#reset-username")).ToHaveTextAsync("officer11");
        var oneTime = (await shown.Locator("#one-time-password").TextContentAsync())!.Trim();
        Assert.Matches("^[A-HJ-NP-Za-km-np-z2-9]{12}$", oneTime);
        await shown.GetByRole(AriaRole.Button, new() { Name = "复制密码" }).ClickAsync();
        await Assertions.Expect(shown.Locator("#copy-state")).ToHaveTextAsync("已复制。");
        Assert.Equal(oneTime, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("reset-02-one-time-password");
        await shown.GetByRole(AriaRole.Button, new() { Name = "完成" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await using var officerContext = await browser.NewContextAsync();
        var officer = await officerContext.NewPageAsync();
        await officer.GotoAsync("/signin");
        await officer.FillAsync("#username", "officer11");
        await officer.FillAsync("#password", oneTime);
        await officer.Locator("#password").PressAsync("Enter");
        await officer.ArriveAtAsync("**/account/password");
        await Assertions.Expect(officer.Locator("#must-change")).ToContainTextAsync("您的密码已被重置");
        await officer.AssertAccessibleAsync();
        await officer.ScreenshotAsync("reset-03-must-change");

        await officer.GotoAsync("/dashboard");
        await officer.ArriveAtAsync("**/account/password");
        await officer.FillAsync("#current", oneTime);
        await officer.FillAsync("#new", "Officer11Own");
        await officer.GetByRole(AriaRole.Button, new() { Name = "修改密码" }).ClickAsync();
        await Assertions.Expect(officer.GetByRole(AriaRole.Status)).ToContainTextAsync("密码已修改");
        await officer.AssertAccessibleAsync();
        await officer.ScreenshotAsync("reset-04-changed");

        await officer.GotoAsync("/dashboard");
        await officer.ArriveAtAsync("**/dashboard");
        await officer.WaitForCircuitAsync();
        await officer.AssertAccessibleAsync();
    }
}
