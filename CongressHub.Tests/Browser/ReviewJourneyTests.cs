using CongressHub.Domain.Live;
using CongressHub.Domain.Reviews;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>The review in a real browser: a delegate rates on a 360 px phone, the convener reads the results at desktop width, the public sees them.</summary>
[Collection(BrowserCollection.Name)]
public class ReviewJourneyTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    private ReviewService Reviews => browser.App.Services.GetRequiredService<ReviewService>();

    [Fact]
    public async Task DelegateRatesOnThePhone_ConvenerPublishes_ResultsShowRankingsAndBars()
    {
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var sessions = browser.App.Services.GetRequiredService<SessionService>();
        var snapshots = browser.App.Services.GetRequiredService<SnapshotBuilder>();
        var session = (await sessions.ListSessionsAsync(convener)).Single(s => s.Status == SessionStatus.Live && s.Title.Contains("季度")).Id;
        var due = browser.App.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(7);
        // This year: the demo evaluated last year.
        var year = browser.App.DemoReviewYear() + 1;
        var round = await Reviews.PrepareRoundAsync(convener, new ReviewRoundInput(year, session, due, ["履职尽责", "回应群众", "廉洁自律"]));
        await Reviews.OpenReportsAsync(convener, round);
        foreach (var writer in new[] { "officer01", "officer02", "officer03", "officer04", "officer05", "officer06" })
        {
            var officer = await SignInTests.ActorOf(browser.App, writer);
            foreach (var report in (await Reviews.MyReportsAsync(officer)).Where(r => r.RoundId == round))
            {
                await Reviews.SubmitReportAsync(officer, report.Id, $"## {report.Title}年度工作\n- 办理居民诉求 120 件\n- **完成**老旧小区改造 3 个", "办结率：96%");
            }
        }
        await Reviews.ReleaseAsync(convener, round);
        await Reviews.OpenRatingAsync(convener, round);
        var reports = (await Reviews.GetRoundAsync(convener, round)).Reports;
        for (var d = 1; d <= 9; d++)
        {
            var rater = await SignInTests.ActorOf(browser.App, $"delegate{d:00}");
            await sessions.MarkAttendanceAsync(convener, session, rater.DelegateId!.Value, AttendanceStatus.Present);
            if (d == 1)
            {
                continue;
            }
            for (var i = 0; i < reports.Count; i++)
            {
                var grade = ((d + i) % 5) switch { 0 => Grade.NotSatisfied, 1 or 2 => Grade.BasicallySatisfied, _ => Grade.Satisfied };
                await Reviews.RateAsync(rater, reports[i].Id, new RatingInput(grade, [1 + (d + i) % 5, 3, 4], d % 3 == 0 ? "希望多听取居民意见" : null));
            }
        }

        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = await phoneContext.NewPageAsync();
        await phone.SignInAsync("delegate01");
        await phone.GotoAsync($"/reviews/{round}");
        await phone.WaitForCircuitAsync();
        var first = reports[0].Id;
        await phone.Locator($"label[for=grade-{first}-basicallysatisfied]").ClickAsync();
        for (var i = 0; i < 3; i++)
        {
            await phone.Locator($"label[for=score-{first}-{i}-4]").ClickAsync();
        }
        await phone.Locator($"#rating-form-{first}").ScrollIntoViewIfNeededAsync();
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotAsync("review-rating-form-360", fullPage: false);
        await phone.Locator($"#rate-{first}").ClickAsync();
        await phone.Locator($"#rated-{first}").WaitForAsync();
        await Reviews.CloseRatingAsync(convener, round);
        await Reviews.PublishAsync(convener, round);

        await using var desk = await browser.NewContextAsync();
        var page = await desk.NewPageAsync();
        await page.SignInAsync("convener");
        await page.GotoAsync($"/reviews/{round}/results");
        await page.WaitForCircuitAsync();
        await page.Locator("#rank-departments-table").WaitForAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("review-results-1280");
        var publicPage = await desk.NewPageAsync();
        await publicPage.GotoAsync($"/s/shiyan/evaluations/{year}");
        await publicPage.AssertAccessibleAsync();
        await publicPage.ScreenshotAsync("review-public-1280");

        Assert.Contains("已评议", await phone.Locator($"#rated-{first}").TextContentAsync());
        Assert.Contains("满意率", await page.Locator("#rank-departments-table").TextContentAsync());
        Assert.Contains($"{year}年度述职评议结果", await publicPage.Locator("h1").TextContentAsync());
    }

    [Fact]
    public async Task ReportItemIsCurrent_DelegateRatesItOnTheLivePage_WhenTheConvenerOpensRating()
    {
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var sessions = browser.App.Services.GetRequiredService<SessionService>();
        var snapshots = browser.App.Services.GetRequiredService<SnapshotBuilder>();
        var session = await sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.AnnualReview, "年度述职评议会议", DateTime.UtcNow, "街道会议室"), withTemplate: true);
        await sessions.PublishAsync(convener, session);
        await sessions.StartAsync(convener, session);
        var year = browser.App.DemoReviewYear() + 3;
        var round = await Reviews.PrepareRoundAsync(convener, new ReviewRoundInput(year, session, DateTime.UtcNow.AddDays(7), ["履职尽责", "回应群众"]));
        await Reviews.OpenReportsAsync(convener, round);
        var officer = await SignInTests.ActorOf(browser.App, "officer03");
        var report = (await Reviews.MyReportsAsync(officer)).Single(r => r.RoundId == round);
        await Reviews.SubmitReportAsync(officer, report.Id, "## 本年度工作\n- 办结居民诉求 86 件", "办结率：95%");
        await Reviews.ReleaseAsync(convener, round);
        var rater = await SignInTests.ActorOf(browser.App, "delegate12");
        await sessions.MarkAttendanceAsync(convener, session, rater.DelegateId!.Value, AttendanceStatus.Present);
        var item = (await snapshots.ReadAsync(convener, session)).Items.Single(i => i.Type == AgendaItemType.WorkReportReview);

        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = await phoneContext.NewPageAsync();
        await phone.SignInAsync("delegate12");
        await phone.GotoAsync($"/sessions/{session}");
        await phone.WaitForCircuitAsync();
        await sessions.StartItemAsync(convener, session, item.Id);
        await Assertions.Expect(phone.Locator("#rating-not-open")).ToBeVisibleAsync();
        await Reviews.OpenRatingAsync(convener, round);
        await phone.Locator($"label[for=grade-{report.Id}-satisfied]").ClickAsync();
        for (var i = 0; i < 2; i++)
        {
            await phone.Locator($"label[for=score-{report.Id}-{i}-5]").ClickAsync();
        }
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotAsync("live-report-rating-360");
        await phone.Locator($"#rate-{report.Id}").ClickAsync();

        await Assertions.Expect(phone.Locator($"#rated-{report.Id}")).ToContainTextAsync("已评议");
        Assert.Equal(1, (await Reviews.GetRoundAsync(convener, round)).Reports.Single(r => r.Id == report.Id).Raters);
    }

    [Fact]
    public async Task PublicRankings_OnAPhone_FitTheScreen_AndNamesReadOnOneLine()
    {
        await using var context = await browser.NewContextAsync(phone: true);
        var page = await context.NewPageAsync();

        await page.GotoAsync($"/s/shiyan/evaluations/{browser.App.DemoReviewYear()}");

        await page.ScreenshotAsync("review-public-360");
        await page.AssertAccessibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways on a 360 px phone.");
        var names = page.Locator(".ranking tbody th[scope=row]");
        Assert.True(await names.CountAsync() > 2);
        foreach (var name in await names.AllAsync())
        {
            var box = (await name.BoundingBoxAsync())!;
            var lineHeight = await name.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).lineHeight) || parseFloat(getComputedStyle(e).fontSize) * 1.6");
            Assert.True(box.Height < lineHeight * 2.5, $"“{await name.TextContentAsync()}” takes {box.Height:0} px ({box.Width:0} px wide).");
        }
    }
}
