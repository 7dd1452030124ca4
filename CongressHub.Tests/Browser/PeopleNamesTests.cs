using CongressHub.Domain.Common;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// People read as names with posts, and system text in the reader's language: community staff see one decision
/// notice that says what was decided and an item's history by name; the convener's audit page names people and
/// says what happened in words, in Chinese and in English.
/// </summary>
[Collection(BrowserCollection.Name)]
public class PeopleNamesTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    private const string Decision = "街道出资更换东门路灯，城管科两周内完成。";

    [Fact]
    public async Task Staff_SeeOneDecisionNoticeAndTheHistoryByName_TheAuditPageNamesPeopleInBothLanguages()
    {
        var tracking = browser.App.Services.GetRequiredService<TrackingService>();
        var staffActor = await SignInTests.ActorOf(browser.App, "staff01");
        var convenerActor = await SignInTests.ActorOf(browser.App, "convener");
        var today = DateOnly.FromDateTime(SessionTime.Local(DateTime.UtcNow));
        var id = await tracking.RecordOpinionAsync(staffActor, new OpinionInput(staffActor.CommunityId!.Value, today, "东门路灯坏了一个月，晚上出行不安全。",
            OpinionCategory.Safety, GovernmentLevel.Street, "王大爷", "13800001234", true));
        var (departments, _) = await tracking.ChoicesAsync(convenerActor);
        await tracking.AcceptAsync(convenerActor, id, departments[0].Id);
        await tracking.DecideAsync(convenerActor, id, Decision);

        await using var staffContext = await browser.NewContextAsync(phone: true);
        var staff = await staffContext.NewPageAsync();
        await staff.SignInAsync("staff01");
        var notice = staff.Locator(".notices li", new() { HasText = Decision[..8] });
        await Assertions.Expect(notice).ToHaveCountAsync(1);
        await staff.ScreenshotAsync("names-1-staff-notice-phone");
        await staff.GotoAsync($"/tracking/{id}");
        await staff.WaitForCircuitAsync();
        var history = staff.Locator("#history");
        await Assertions.Expect(history).ToContainTextAsync("社区工作人员 · ");
        await Assertions.Expect(history).ToContainTextAsync("召集人·示例街道");
        await Assertions.Expect(history).Not.ToContainTextAsync("staff01");
        await staff.Locator("#history").ScrollIntoViewIfNeededAsync();
        await staff.ScreenshotAsync("names-2-staff-history-phone");

        await using var convenerContext = await browser.NewContextAsync();
        var convener = await convenerContext.NewPageAsync();
        await convener.SignInAsync("convener");
        await convener.GotoAsync("/audit");
        await convener.WaitForCircuitAsync();
        var table = convener.Locator("#audit-table");
        await Assertions.Expect(table).ToContainTextAsync("召集人·示例街道");
        await Assertions.Expect(table.Locator(".audit-key").First).ToBeVisibleAsync();
        await Assertions.Expect(table.Locator(".audit-details", new() { HasText = "密码" }).First).ToBeVisibleAsync();
        await Assertions.Expect(table.Locator("tbody")).Not.ToContainTextAsync("staff01");
        await convener.ScreenshotAsync("names-3-audit-desktop", fullPage: false);
        await convener.AssertAccessibleAsync();

        await convener.GotoAsync($"/culture/en?returnUrl={Uri.EscapeDataString("/audit")}");
        await convener.ArriveAtAsync("**/audit");
        await convener.WaitForCircuitAsync();
        await Assertions.Expect(table.Locator(".audit-action", new() { HasText = "Signed in" }).First).ToBeVisibleAsync();
        await Assertions.Expect(table).ToContainTextAsync("password");
        await convener.ScreenshotAsync("names-4-audit-desktop-en", fullPage: false);
        await convener.GotoAsync($"/tracking/{id}");
        await convener.WaitForCircuitAsync();
        await Assertions.Expect(convener.Locator("#history")).ToContainTextAsync("Community staff · ");
        await Assertions.Expect(convener.Locator("#history")).ToContainTextAsync("Accepted and assigned to");
        await convener.ScreenshotAsync("names-5-history-desktop-en");
    }
}
