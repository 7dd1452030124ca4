using System.Text.RegularExpressions;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>A resident's opinion from community staff's phone to a department's answer, each person in their own browser.</summary>
[Collection(BrowserCollection.Name)]
public class TrackingJourneyTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    private TrackingService Tracking => browser.App.Services.GetRequiredService<TrackingService>();

    [Fact]
    public async Task StaffRecordOnAPhone_TheConvenerAssignsItLive_TheDepartmentsOfficerAnswers()
    {
        const string text = "春晖路口的红绿灯时间太短，老人过马路来不及。\n建议延长行人绿灯时间。";
        await using var staffContext = await browser.NewContextAsync(phone: true);
        var staff = await staffContext.NewPageAsync();
        await staff.SignInAsync("staff01");
        await staff.GotoAsync("/tracking");
        await staff.WaitForCircuitAsync();
        await using var convenerContext = await browser.NewContextAsync();
        var convener = await convenerContext.NewPageAsync();
        await convener.SignInAsync("convener");
        await convener.GotoAsync("/tracking");
        await convener.WaitForCircuitAsync();

        await staff.Locator("#record-opinion").ClickAsync();
        await staff.Locator("#opinion-category").ClickAsync();
        await staff.GetByRole(AriaRole.Option, new() { Name = "交通出行" }).ClickAsync();
        // Typing before the circuit has drawn the choice can be overwritten by that drawing; a person sees it first.
        await Assertions.Expect(staff.Locator("#opinion-category")).ToHaveValueAsync("Transport");
        await staff.Locator("#opinion-text").FillAsync(text);
        await staff.Locator("#opinion-resident").FillAsync("李大爷");
        await staff.AssertAccessibleAsync();
        await staff.ScreenshotAsync("tracking-record-dialog-phone");
        await staff.Locator("#opinion-save").ClickAsync();
        await Assertions.Expect(staff.Locator(".track-title", new() { HasText = "春晖路口" })).ToBeVisibleAsync();
        await staff.AssertAccessibleAsync();
        await staff.ScreenshotAsync("tracking-list-staff-phone");

        var row = convener.Locator(".track-title", new() { HasText = "春晖路口" });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await convener.AssertAccessibleAsync();
        await convener.ScreenshotAsync("tracking-list-desktop");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(convener.Locator("#private-data")).ToContainTextAsync("李大爷");
        await convener.AssertAccessibleAsync();
        await convener.ScreenshotAsync("tracking-item-submitted-desktop");
        await convener.Locator("#accept").ClickAsync();
        await convener.Locator("#assign-department").ClickAsync();
        await convener.GetByRole(AriaRole.Option, new() { Name = "城市管理科" }).ClickAsync();
        await Assertions.Expect(convener.Locator("#assign-due")).ToBeVisibleAsync();
        await convener.AssertAccessibleAsync();
        await convener.ScreenshotAsync("tracking-accept-dialog-desktop");
        await convener.Locator("#assign-save").ClickAsync();
        await Assertions.Expect(convener.Locator("#responsible")).ToHaveTextAsync("城市管理科");

        await using var officerContext = await browser.NewContextAsync(phone: true);
        var officer = await officerContext.NewPageAsync();
        await officer.SignInAsync("officer04");
        await officer.GotoAsync("/tracking/work");
        await officer.WaitForCircuitAsync();
        var card = officer.Locator(".work-card", new() { HasText = "春晖路口" });
        await Assertions.Expect(card).ToBeVisibleAsync();
        await officer.AssertAccessibleAsync();
        await officer.ScreenshotAsync("tracking-work-phone");
        await card.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(officer.Locator("#private-data")).ToHaveCountAsync(0);
        await officer.Locator("#answer").ClickAsync();
        await officer.Locator("#note-confirm").ClickAsync();
        await Assertions.Expect(officer.GetByRole(AriaRole.Dialog)).ToContainTextAsync("请填写“答复”");
        await officer.AssertAccessibleAsync();
        await officer.ScreenshotAsync("tracking-answer-dialog-phone");
        await officer.Locator("#note-input").FillAsync("已与交警大队沟通，下周起行人绿灯延长到 30 秒。");
        await officer.Locator("#note-confirm").ClickAsync();
        await Assertions.Expect(officer.Locator("#answer-text")).ToContainTextAsync("30 秒");
        await officer.AssertAccessibleAsync();
        await officer.ScreenshotAsync("tracking-item-answered-phone");

        await Assertions.Expect(convener.Locator("#answer-text")).ToContainTextAsync("30 秒");
        await Assertions.Expect(convener.Locator("#decide")).ToBeVisibleAsync();
        await convener.AssertAccessibleAsync();
        await convener.ScreenshotAsync("tracking-item-answered-desktop");

        await convener.GotoAsync("/tracking/grid");
        await convener.WaitForCircuitAsync();
        await Assertions.Expect(convener.Locator("#month-grid tfoot")).ToBeVisibleAsync();
        await convener.AssertAccessibleAsync();
        await convener.ScreenshotAsync("tracking-grid-desktop");
    }

    [Fact]
    public async Task Convener_MergesADuplicateFoundByItsNumber_AndDeclinesAnotherWithAReason()
    {
        var staff = await SignInTests.ActorOf(browser.App, "staff03");
        OpinionInput Opinion(string text) => new(staff.CommunityId!.Value, DateOnly.FromDateTime(DateTime.UtcNow), text, OpinionCategory.Sanitation, GovernmentLevel.Street, null, null, true);
        var first = await Tracking.RecordOpinionAsync(staff, Opinion("和平里 5 号楼垃圾桶满了没人清。"));
        var duplicate = await Tracking.RecordOpinionAsync(staff, Opinion("5 号楼垃圾没人清运，味道很大。"));
        var other = await Tracking.RecordOpinionAsync(staff, Opinion("希望小区里能养鸡。"));
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("convener");

        await page.GotoAsync($"/tracking/{duplicate}");
        await page.WaitForCircuitAsync();
        await page.Locator("#merge").ClickAsync();
        await page.Locator("#merge-target").FillAsync($"#{first}");
        await page.GetByRole(AriaRole.Option, new() { Name = $"#{first}" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("#merge-target")).ToHaveValueAsync(new Regex($"^#{first} \\S")); // the chosen item, title and all
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("tracking-merge-dialog-desktop");
        await page.Locator("#merge-save").ClickAsync();
        await Assertions.Expect(page.Locator("#merged-into")).ToContainTextAsync($"#{first}");
        await page.Locator("#merged-into a").ClickAsync();
        await Assertions.Expect(page.Locator("#merged-items")).ToContainTextAsync($"#{duplicate}");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("tracking-item-with-merged-desktop");

        await page.GotoAsync($"/tracking/{other}");
        await page.WaitForCircuitAsync();
        await page.Locator("#decline").ClickAsync();
        await page.Locator("#note-input").FillAsync("不符合城市管理规定，已向居民解释。");
        await page.Locator("#note-confirm").ClickAsync();
        await Assertions.Expect(page.Locator("#decline-reason")).ToContainTextAsync("不符合城市管理规定");
        await page.GotoAsync($"/culture/en?returnUrl={Uri.EscapeDataString($"/tracking/{other}")}");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator(".track-state")).ToHaveTextAsync("Declined");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("tracking-item-declined-desktop-en");
    }
}
