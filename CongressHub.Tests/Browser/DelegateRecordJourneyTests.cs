using CongressHub.Domain.Common;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// 码上见代表: a resident on a 360 px phone opens a delegate's public record from the street's roster, follows the
/// link beside its QR code, sends an opinion addressed to the delegate, and the convener finds it in the follow-up
/// list marked as brought through that delegate; the delegate writes a yearly summary that residents then read.
/// </summary>
[Collection(BrowserCollection.Name)]
public class DelegateRecordJourneyTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    /// <summary>The first delegate of the street's current term elected for a community.</summary>
    private async Task<(int Id, string Name, string Community)> CommunityDelegateAsync()
    {
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var term = (await browser.App.Services.GetRequiredService<Domain.Directory.DirectoryService>().GetCurrentTermAsync(convener))!.Id;
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync();
        var d = await db.Delegates.Where(x => x.TermId == term && x.CommunityId != null && x.RetiredUtc == null).OrderBy(x => x.Id).FirstAsync();
        return (d.Id, d.Name, await db.Communities.Where(c => c.Id == d.CommunityId).Select(c => c.Name).SingleAsync());
    }

    [Fact]
    public async Task ResidentOnAPhone_SendsAnOpinionThroughADelegatesQrLink_AndTheConvenerSeesWhoBroughtIt()
    {
        var (id, name, community) = await CommunityDelegateAsync();
        await using var context = await browser.NewContextAsync(phone: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/s/shiyan");
        await page.Locator($"a[data-delegate='{id}']").ClickAsync();
        await page.ArriveAtAsync($"**/s/shiyan/delegates/{id}");

        await Assertions.Expect(page.Locator("#delegate-name")).ToContainTextAsync(name);
        await Assertions.Expect(page.Locator("#delegate-qr svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#delegate-qr .qr-url")).ToContainTextAsync($"/s/shiyan/opinions/new?delegate={id}");
        await page.AssertAccessibleAsync();
        await page.AssertNoSidewaysScrollAsync("on a 360 px phone");
        await page.ScreenshotAsync("public-delegate-phone");

        await page.Locator("#opinion-link").ClickAsync();
        await page.ArriveAtAsync($"**/s/shiyan/opinions/new?delegate={id}");
        await Assertions.Expect(page.Locator("#through-delegate")).ToContainTextAsync(name);
        await Assertions.Expect(page.Locator("#community-fixed")).ToContainTextAsync(community);
        await Assertions.Expect(page.Locator("#community")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();
        await page.AssertNoSidewaysScrollAsync("on a 360 px phone");
        await page.ScreenshotAsync("public-opinion-through-delegate-phone");
        await page.SelectOptionAsync("#category", "Sanitation");
        await page.FillAsync("#opinion-text", "三号楼后面的垃圾分类点经常满溢，夏天气味很大，希望增加清运次数。");
        await page.Locator("#check-answer").FillAsync(await PublicOpinionTests.AnswerAsync(page));
        await page.Locator("#submit-opinion").ClickAsync();
        await Assertions.Expect(page.Locator("#opinion-sent")).ToContainTextAsync("您的意见已提交");
        await page.ScreenshotAsync("public-opinion-through-delegate-sent-phone");

        await using var deskContext = await browser.NewContextAsync();
        var desk = await deskContext.NewPageAsync();
        await desk.SignInAsync("convener");
        await desk.GotoAsync("/tracking");
        await desk.WaitForCircuitAsync();
        var row = desk.Locator("[data-item]").Filter(new() { HasText = "三号楼后面的垃圾分类点" });
        await Assertions.Expect(row.Locator(".brought-by")).ToHaveTextAsync($"经代表 {name} 转来");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await desk.WaitForCircuitAsync();
        await Assertions.Expect(desk.Locator("#brought-by")).ToHaveTextAsync($"经代表 {name} 转来");
        await desk.AssertAccessibleAsync();
        await desk.ScreenshotAsync("opinion-brought-through-delegate");
    }

    [Fact]
    public async Task Delegate_WritesAYearlySummary_OnTheirRecord_AndResidentsReadIt()
    {
        var id = (await SignInTests.ActorOf(browser.App, "delegate08")).DelegateId!.Value;
        await using var context = await browser.NewContextAsync(phone: true);
        var page = await context.NewPageAsync();
        await page.SignInAsync("delegate08");
        await page.GotoAsync($"/delegates/{id}/record");
        await page.WaitForCircuitAsync();

        await page.Locator("#summary-save").ClickAsync();
        await Assertions.Expect(page.Locator("#year-summary-form")).ToContainTextAsync("请填写“年度履职小结”");
        await page.Locator("#summary-text").FillAsync("今年参加了全部代表会议，走访楼组十二次，转达了加装电梯的意见。");
        await page.Locator("#summary-save").ClickAsync();
        await Assertions.Expect(page.Locator("#record-summaries [data-summary]")).ToContainTextAsync("走访楼组十二次");
        await page.AssertAccessibleAsync();
        await page.AssertNoSidewaysScrollAsync("on a 360 px phone");
        await page.ScreenshotAsync("delegate-record-summary-phone");

        await page.Locator("#record-public").ClickAsync();
        await page.ArriveAtAsync($"**/s/shiyan/delegates/{id}");
        await Assertions.Expect(page.Locator("#record-summaries")).ToContainTextAsync("走访楼组十二次");
    }
}
