using System.Net;
using Bunit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Reviews;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using CongressHub.Web.Reviews;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Reviews;

/// <summary>The round page: the convener sees who is missing, a delegate present at the session rates on the phone.</summary>
public class ReviewPagesTests : ComponentTest
{
    private ReviewService Reviews => Db.Get<ReviewService>();

    private async Task<(int Round, int Session)> PrepareAsync(Actor convener)
    {
        var session = (await Db.Get<SessionService>().ListSessionsAsync(convener)).Single(s => s.Status == SessionStatus.Live).Id;
        var round = await Reviews.PrepareRoundAsync(convener, new ReviewRoundInput(2026, session, Db.Clock.GetUtcNow().UtcDateTime.AddDays(7), ["履职尽责", "回应群众", "廉洁自律"]));
        await Reviews.OpenReportsAsync(convener, round);
        return (round, session);
    }

    [Fact]
    public async Task ConvenerEditsTheSettings_OfARoundNotYetRated()
    {
        var convener = SignInAs("convener");
        RenderProviders();
        var (round, _) = await PrepareAsync(convener);
        var page = Render<ReviewRoundPage>(p => p.Add(x => x.Id, round));
        page.WaitForAssertion(() => page.Find("#edit-round"));

        await page.InvokeAsync(() => page.Find("#edit-round").Click());
        Dialogs.WaitForAssertion(() => Assert.Contains("廉洁自律", Dialogs.Find("#round-criteria").GetAttribute("value") ?? Dialogs.Find("#round-criteria").TextContent));
        await Dialogs.InvokeAsync(() => Dialogs.Find("#round-criteria").Change("履职尽责\n服务群众"));
        await Dialogs.InvokeAsync(() => Dialogs.Find("#round-save").Click());

        page.WaitForAssertion(() => Assert.Equal(["履职尽责", "服务群众"], Reviews.GetRoundAsync(convener, round).GetAwaiter().GetResult().Criteria));
    }

    [Fact]
    public async Task Release_WithReportsMissing_AsksFirst_NamingThoseLeftOffTheAgenda_AndCancelChangesNothing()
    {
        var convener = SignInAs("convener");
        RenderProviders();
        var (round, _) = await PrepareAsync(convener);
        var officer = await Db.ActorAsync("officer01");
        var office = (await Reviews.MyReportsAsync(officer)).First(r => r.Kind == ReporterKind.StreetOffice);
        await Reviews.SubmitReportAsync(officer, office.Id, "# 2026年工作", null);
        var total = (await Reviews.GetRoundAsync(convener, round)).Reports.Count;
        var page = Render<ReviewRoundPage>(p => p.Add(x => x.Id, round));
        page.WaitForAssertion(() => page.Find("#release"));

        page.Find("#release").Click();

        Dialogs.WaitForAssertion(() => Assert.Contains($"只有 1 / {total} 份报告已提交", Dialogs.Markup));
        Assert.Contains($"{total - 1} 份未提交的报告", Dialogs.Markup);
        await Dialogs.InvokeAsync(() => Dialogs.FindAll("button").Single(b => b.TextContent.Contains("取消")).Click());
        Assert.Equal(ReviewState.ReportsOpen, (await Reviews.GetRoundAsync(convener, round)).State);
    }

    [Fact]
    public async Task ConvenerRoundPage_ListsWhoHasNotSubmitted()
    {
        var convener = SignInAs("convener");
        RenderProviders();
        var (round, _) = await PrepareAsync(convener);
        var officer = await Db.ActorAsync("officer01");
        var office = (await Reviews.MyReportsAsync(officer)).First(r => r.Kind == ReporterKind.StreetOffice);
        await Reviews.SubmitReportAsync(officer, office.Id, "# 2026年工作\n- 完成老旧小区改造", "新增就业岗位：320");

        var page = Render<ReviewRoundPage>(p => p.Add(x => x.Id, round));

        page.WaitForAssertion(() =>
        {
            var missing = page.Find("#not-submitted").TextContent;
            Assert.Contains("尚未提交", missing);
            Assert.DoesNotContain(office.Title + "（", missing);
            // An official's report is titled with the official's name and post: the writer is not named again.
            Assert.DoesNotContain("）（", missing);
            var details = Reviews.GetRoundAsync(convener, round).GetAwaiter().GetResult();
            Assert.All(details.Reports.Where(r => !r.Submitted), r => Assert.Contains(r.Title, missing));
        });
    }

    [Fact]
    public async Task DelegatePresent_RatesAReportThroughTheForm_AndSeesRated()
    {
        var convener = await Db.ActorAsync("convener");
        var (round, session) = await PrepareAsync(convener);
        var officer = await Db.ActorAsync("officer01");
        var office = (await Reviews.MyReportsAsync(officer)).First(r => r.Kind == ReporterKind.StreetOffice);
        await Reviews.SubmitReportAsync(officer, office.Id, "# 2026年工作\n- 完成老旧小区改造", null);
        await Reviews.ReleaseAsync(convener, round);
        await Reviews.OpenRatingAsync(convener, round, office.Id);
        var delegateActor = await Db.ActorAsync("delegate01");
        await Db.Get<SessionService>().MarkAttendanceAsync(convener, session, delegateActor.DelegateId!.Value, AttendanceStatus.Present);
        SignInAs("delegate01");
        RenderProviders();
        var page = Render<ReviewRoundPage>(p => p.Add(x => x.Id, round));
        page.WaitForElement($"#rating-form-{office.Id}");

        await page.InvokeAsync(() => page.Find($"#grade-{office.Id}-satisfied").Change("Satisfied"));
        for (var i = 0; i < 3; i++)
        {
            var index = i;
            await page.InvokeAsync(() => page.Find($"#score-{office.Id}-{index}-{5 - index}").Change((5 - index).ToString()));
        }
        await page.InvokeAsync(() => page.Find($"#comment-{office.Id}").Change("希望多开居民座谈会"));
        await page.InvokeAsync(() => page.Find($"#rating-form-{office.Id}").Submit());

        page.WaitForAssertion(() => Assert.Contains("已评议", page.Find($"#rated-{office.Id}").TextContent));
        Assert.Contains("已有 1 人评议", page.Find($"#report-{office.Id}").TextContent);
        Assert.Empty(page.FindAll($"#rating-form-{office.Id}"));
    }

    [Fact]
    public async Task AReleasedReport_ShowsItsAttachedPhoto_ToADelegateReadingIt()
    {
        var convener = await Db.ActorAsync("convener");
        var (round, _) = await PrepareAsync(convener);
        var officer = await Db.ActorAsync("officer01");
        var office = (await Reviews.MyReportsAsync(officer)).First(r => r.Kind == ReporterKind.StreetOffice);
        await Reviews.SubmitReportAsync(officer, office.Id, "# 2026年工作\n- 完成老旧小区改造", null);
        await Db.Get<Domain.Attachments.AttachmentService>().AddAsync(officer, Domain.Attachments.AttachmentRecord.WorkReport, office.Id, "改造前后.jpg", Attachments.TestFiles.Jpeg(64, 48));
        await Reviews.ReleaseAsync(convener, round);
        SignInAs("delegate01");
        RenderProviders();

        var page = Render<ReviewRoundPage>(p => p.Add(x => x.Id, round));

        page.WaitForAssertion(() => Assert.Equal("改造前后.jpg", page.Find($"#report-{office.Id} .attachment-photo img").GetAttribute("alt")));
        Assert.Empty(page.FindAll($"#report-{office.Id} .attachments-panel input[type=file]"));
    }

    [Fact]
    public void Results_AReportNeverSubmitted_Reads未述职_NotUnrated()
    {
        RenderProviders();
        ReportResult Result(int id, string title, bool submitted, int raters) =>
            new(id, ReporterKind.Department, title, id, null, raters, raters, 0, 0, [], []) { Submitted = submitted };
        var view = new ReviewResultsView(1, "示例街道", "shiyan", 2026, ReviewState.Published, ["履职尽责"], 90, 60, [],
            ReviewMath.Rank([Result(1, "民政科", true, 3), Result(2, "综治办", true, 0), Result(3, "环境卫生科", false, 0)], 90, 60), [],
            new Dictionary<string, IReadOnlyList<(int Year, double? Rate)>>());

        var panel = Render<ReviewResultsPanel>(p => p.Add(x => x.View, view));

        Assert.Contains("未述职", panel.Find("tr[data-report='3']").TextContent);
        Assert.Contains("无人评议", panel.Find("tr[data-report='2']").TextContent);
        Assert.Contains("100.0%", panel.Find("tr[data-report='1']").TextContent);
    }
}

public class PublicReviewResultsTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task PublicReviewResults_Answer404UntilTheRoundIsPublished_Then200()
    {
        var reviews = App.Services.GetRequiredService<ReviewService>();
        var convener = await SignInTests.ActorOf(App, "convener");
        var due = App.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(7);
        var round = await reviews.PrepareRoundAsync(convener, new ReviewRoundInput(2030, null, due, ["履职尽责"]));

        var before = await Client.GetAsync("/s/shiyan/evaluations/2030");
        await reviews.OpenReportsAsync(convener, round);
        await reviews.ReleaseAsync(convener, round);
        await reviews.OpenRatingAsync(convener, round);
        await reviews.CloseRatingAsync(convener, round);
        await reviews.PublishAsync(convener, round);
        var after = await Client.GetAsync("/s/shiyan/evaluations/2030");
        var sitemap = await PublicSitemap.PathsAsync(Client);

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var html = await after.Content.ReadAsStringAsync();
        Assert.Contains("2030年度述职评议结果", html);
        Assert.DoesNotMatch("<script(?! src=\"/print.js\" defer></script>)", html);
        Assert.Contains("/s/shiyan/evaluations/2030", sitemap);
    }
}
