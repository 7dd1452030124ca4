using CongressHub.Domain.Motions;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>A motion from a delegate's phone to the convener's decision, each person in their own browser.</summary>
[Collection(BrowserCollection.Name)]
public class MotionJourneyTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    private MotionService Motions => browser.App.Services.GetRequiredService<MotionService>();

    [Fact]
    public async Task DelegateDraftsOnAPhone_AnotherSeesItLiveAndCosigns_TheConvenerReturnsItWithAReason()
    {
        const string title = "关于在东风社区北门增设公共自行车站点的议案";
        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = await phoneContext.NewPageAsync();
        await phone.SignInAsync("delegate11");
        await phone.GotoAsync("/motions");
        await phone.WaitForCircuitAsync();
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotAsync("motions-list-phone");

        await using var desktopContext = await browser.NewContextAsync();
        var desktop = await desktopContext.NewPageAsync();
        await desktop.SignInAsync("delegate12");
        await desktop.GotoAsync("/motions");
        await desktop.WaitForCircuitAsync();
        await desktop.ScreenshotAsync("motions-list-desktop");
        await desktop.Locator("#new-motion").ClickAsync();
        // The dialog puts the focus in its first field once it has opened; typing into the text before that would
        // have the keys follow the focus into the title.
        await Assertions.Expect(desktop.Locator("#motion-title")).ToBeFocusedAsync();
        await desktop.Locator("#motion-text").FillAsync("## 案由\n- 第一点\n- 第二点\n\n| 项目 | 费用 |\n| --- | --- |\n| 站点 | 5 万元 |");
        await Assertions.Expect(desktop.Locator("#motion-preview table")).ToBeVisibleAsync();
        await desktop.ScreenshotAsync("motion-dialog-desktop");
        await desktop.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();

        await phone.Locator("#new-motion").ClickAsync();
        await phone.Locator("#motion-title").FillAsync(title);
        await phone.Locator("#motion-text").FillAsync("## 案由\n北门附近没有公共自行车站点，居民出行不便。\n\n## 建议\n1. 由城市管理科选址，**年内**建成。\n2. 社区在下次例会通报进展。");
        await Assertions.Expect(phone.Locator("#motion-preview h2").First).ToHaveTextAsync("案由");
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotAsync("motion-dialog-phone");
        await phone.Locator("#motion-save").ClickAsync();
        await phone.ArriveAtAsync("**/motions/*");
        await Assertions.Expect(phone.Locator("#draft-note")).ToBeVisibleAsync();
        await phone.ScreenshotAsync("motion-draft-phone");
        await phone.Locator("#submit-motion").ClickAsync();
        await Assertions.Expect(phone.Locator(".motion-status")).ToHaveTextAsync("征集附议");

        var card = desktop.Locator(".motion-card", new() { HasText = title });
        await Assertions.Expect(card).ToContainTextAsync("附议 0 / 5");
        await card.GetByRole(AriaRole.Link).ClickAsync();
        await desktop.Locator("#cosign").ClickAsync();
        await Assertions.Expect(desktop.Locator("#cosigned")).ToBeVisibleAsync();
        await desktop.AssertAccessibleAsync();
        await desktop.ScreenshotAsync("motion-cosigned-desktop");

        var cosigner = await SignInTests.ActorOf(browser.App, "delegate12");
        await Assertions.Expect(phone.Locator("#cosigners")).ToContainTextAsync(cosigner.DisplayName!);
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotAsync("motion-sponsor-phone");

        await using var convenerContext = await browser.NewContextAsync();
        var console = await convenerContext.NewPageAsync();
        await console.SignInAsync("convener");
        await console.GotoAsync(phone.Url.Replace(browser.BaseUrl, "", StringComparison.Ordinal));
        await console.WaitForCircuitAsync();
        await Assertions.Expect(console.Locator("#admit-motion")).ToBeDisabledAsync();
        await console.Locator("#return-motion").ClickAsync();
        await console.Locator("#return-confirm").ClickAsync();
        await Assertions.Expect(console.GetByRole(AriaRole.Dialog)).ToContainTextAsync("请填写“理由”");
        await console.AssertAccessibleAsync();
        await console.ScreenshotAsync("motion-return-dialog-desktop");
        await console.Locator("#return-reason-input").FillAsync("请补充选址和费用测算。");
        await console.Locator("#return-confirm").ClickAsync();
        await Assertions.Expect(console.Locator("#return-reason")).ToContainTextAsync("请补充选址和费用测算。");

        await Assertions.Expect(phone.Locator("#return-reason")).ToContainTextAsync("请补充选址和费用测算。");
        await Assertions.Expect(phone.Locator("#edit-motion")).ToBeVisibleAsync();
        await phone.ScreenshotAsync("motion-returned-phone");
    }

    [Fact]
    public async Task Convener_AdmitsAMotionWithEnoughCosigners_ToTheLiveSession()
    {
        var sponsor = await SignInTests.ActorOf(browser.App, "delegate31");
        var id = await Motions.DraftAsync(sponsor, new MotionInput("关于增设社区垃圾分类督导员的议案", "建议每个小区配备一名督导员。"));
        await Motions.SubmitAsync(sponsor, id);
        for (var i = 32; i <= 36; i++)
        {
            await Motions.CosignAsync(await SignInTests.ActorOf(browser.App, $"delegate{i}"), id);
        }
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("convener");
        await page.GotoAsync($"/motions/{id}");
        await page.WaitForCircuitAsync();
        await page.ScreenshotAsync("motion-enough-desktop");

        await page.Locator("#admit-motion").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("进行中");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("motion-admit-dialog-desktop");
        await page.Locator("#admit-confirm").ClickAsync();

        await Assertions.Expect(page.Locator("#motion-session")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".motion-status")).ToHaveTextAsync("已列入议程");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("motion-admitted-desktop");
        await page.GotoAsync($"/culture/en?returnUrl={Uri.EscapeDataString($"/motions/{id}")}");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator(".motion-status")).ToHaveTextAsync("On the agenda");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("motion-admitted-desktop-en");
    }

    [Fact]
    public async Task DelegateOnAPhone_FiltersToThoseCollectingCosigners_AndSeesTheCosignButton()
    {
        await using var context = await browser.NewContextAsync(phone: true);
        var phone = await context.NewPageAsync();
        await phone.SignInAsync("delegate37");
        await phone.GotoAsync("/motions");
        await phone.WaitForCircuitAsync();

        await phone.Locator("[data-filter='collecting']").ClickAsync();
        await Assertions.Expect(phone.Locator("[data-filter='collecting']")).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(phone.Locator(".motion-status").First).ToHaveTextAsync("征集附议");
        await phone.ScreenshotAsync("motions-collecting-phone");
        await phone.Locator(".motion-card", new() { HasText = "老年食堂" }).GetByRole(AriaRole.Link).ClickAsync();

        await Assertions.Expect(phone.Locator("#cosign")).ToBeVisibleAsync();
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotAsync("motion-cosign-phone");
    }
}
