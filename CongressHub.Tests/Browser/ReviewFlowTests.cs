using CongressHub.Domain.Reviews;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>A review round through the pages: an officer submits, the convener releases and opens rating, three delegates rate on phones, the convener closes and publishes, the public page ranks.</summary>
[Collection(BrowserCollection.Name)]
public class ReviewFlowTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    [Fact]
    public async Task OfficerSubmits_ConvenerReleases_ThreeDelegatesRate_ConvenerPublishes_PublicPageRanks()
    {
        var reviews = browser.App.Services.GetRequiredService<ReviewService>();
        var sessions = browser.App.Services.GetRequiredService<SessionService>();
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var session = (await sessions.ListSessionsAsync(convener)).Single(s => s.Status == SessionStatus.Live && s.Title.Contains("季度")).Id;
        var due = browser.App.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(7);
        // Two years after the demo's evaluation (last year): a year no other test of this app takes.
        var year = browser.App.DemoReviewYear() + 2;
        var round = await reviews.PrepareRoundAsync(convener, new ReviewRoundInput(year, session, due, ["履职尽责", "回应群众"]));
        await reviews.OpenReportsAsync(convener, round);
        var officer03 = await SignInTests.ActorOf(browser.App, "officer03");
        var mine = (await reviews.MyReportsAsync(officer03)).Single(r => r.RoundId == round);
        foreach (var other in (await reviews.GetRoundAsync(convener, round)).Reports.Where(r => r.Id != mine.Id))
        {
            await reviews.SubmitReportAsync(convener, other.Id, $"{other.Title}的述职报告。", null);
        }
        string[] raters = ["delegate36", "delegate37", "delegate38"];
        foreach (var d in raters)
        {
            await sessions.MarkAttendanceAsync(convener, session, (await SignInTests.ActorOf(browser.App, d)).DelegateId!.Value, AttendanceStatus.Present);
        }

        await using var officerContext = await browser.NewContextAsync();
        var officer = await officerContext.NewPageAsync();
        await officer.SignInAsync("officer03");
        await officer.GotoAsync($"/reviews/{round}");
        await officer.WaitForCircuitAsync();
        await officer.Locator($"#report-text-{mine.Id}").FillAsync($"## {year}年民政工作\n- 新增助餐点 4 个\n- 走访困难家庭 230 户");
        await officer.Locator($"#submit-report-{mine.Id}").ClickAsync();
        await Assertions.Expect(officer.Locator("main")).ToContainTextAsync("已于");

        await using var convenerContext = await browser.NewContextAsync();
        var desk = await convenerContext.NewPageAsync();
        await desk.SignInAsync("convener");
        await desk.GotoAsync($"/reviews/{round}");
        await desk.WaitForCircuitAsync();
        // Each irreversible step asks first and names what follows.
        await desk.Locator("#release").ClickAsync();
        var dialog = desk.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("公开后不能撤回");
        await desk.ScreenshotAsync("review-flow-release-confirm-1280", fullPage: false);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "向代表公开报告" }).ClickAsync();
        await Assertions.Expect(desk.GetByText("报告已向代表公开，并已列入议程")).ToBeVisibleAsync();
        await desk.Locator("#open-rating").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("提交后不能修改");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "开始评议（全部报告）" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#close-rating")).ToBeVisibleAsync();

        foreach (var (d, grade) in raters.Zip(["satisfied", "basicallysatisfied", "notsatisfied"]))
        {
            await using var context = await browser.NewContextAsync(phone: true);
            var phone = await context.NewPageAsync();
            await phone.SignInAsync(d);
            await phone.GotoAsync($"/reviews/{round}");
            await phone.WaitForCircuitAsync();
            await Assertions.Expect(phone.Locator("main")).ToContainTextAsync("新增助餐点 4 个");
            await phone.Locator($"label[for=grade-{mine.Id}-{grade}]").ClickAsync();
            await phone.Locator($"label[for=score-{mine.Id}-0-4]").ClickAsync();
            await phone.Locator($"label[for=score-{mine.Id}-1-3]").ClickAsync();
            await phone.Locator($"#rate-{mine.Id}").ClickAsync();
            await phone.Locator($"#rated-{mine.Id}").WaitForAsync();
        }
        await Assertions.Expect(desk.Locator("main")).ToContainTextAsync("3 人评议");

        await desk.Locator("#close-rating").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "结束评议（全部报告）" }).ClickAsync();
        await desk.Locator("#publish").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("不能撤回");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "公布结果" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#round-results")).ToBeVisibleAsync();

        var publicPage = await convenerContext.NewPageAsync();
        await publicPage.GotoAsync($"/s/shiyan/evaluations/{year}");
        var row = publicPage.Locator("#rank-departments-table tr", new() { HasText = "民政科" });
        await Assertions.Expect(row).ToContainTextAsync("66.7%");
        await publicPage.AssertAccessibleAsync();
        await publicPage.ScreenshotAsync("review-flow-public-1280");
        var csv = await convenerContext.APIRequest.GetAsync($"/api/reviews/{round}/results.csv");
        var text = await csv.TextAsync();
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("kind,rank,reporter,raters", text.TrimStart('\uFEFF'));
        Assert.Contains("民政科", text);
    }
}
