using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>The closed loop in the hall: a question from a phone to the projector, the follow-up report rated, the opinion report.</summary>
[Collection(BrowserCollection.Name)]
public class HallLoopTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    private SessionService Sessions => browser.App.Services.GetRequiredService<SessionService>();


    private SnapshotBuilder Snapshots => browser.App.Services.GetRequiredService<SnapshotBuilder>();

    [Fact]
    public async Task QuestionFromAPhone_GoesUpOnTheProjector_FollowUpIsRated_ReportPrints()
    {
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var id = (await Sessions.ListSessionsAsync(convener)).Single(s => s.Status == SessionStatus.Live && s.Title.Contains("季度")).Id;
        var followUp = (await Snapshots.ReadAsync(convener, id)).Items.Single(i => i.Type == AgendaItemType.FollowUpReport);
        await Sessions.MarkAttendanceAsync(convener, id, (await SignInTests.ActorOf(browser.App, "delegate15")).DelegateId!.Value, AttendanceStatus.Present);
        // An opinion heard this month, so the report of the live session's quarter has one on any day of the year
        // (the demo's opinions are two months old, in the quarter before on the first days of a quarter).
        var staff = await SignInTests.ActorOf(browser.App, "staff01");
        var thisMonth = DateOnly.FromDateTime(Domain.Common.SessionTime.Local(DateTime.UtcNow));
        await browser.App.Services.GetRequiredService<TrackingService>().RecordOpinionAsync(staff, new OpinionInput(staff.CommunityId!.Value, thisMonth,
            "社区卫生服务站周末不开门，老人看病不方便。", OpinionCategory.CivilAffairs, GovernmentLevel.Street, null, null, true));

        await using var convenerContext = await browser.NewContextAsync();
        var console = await convenerContext.NewPageAsync();
        await console.SignInAsync("convener");
        await console.GotoAsync($"/sessions/{id}/console");
        await console.WaitForCircuitAsync();
        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = await phoneContext.NewPageAsync();
        await phone.SignInAsync("delegate15");
        await phone.GotoAsync($"/sessions/{id}");
        await phone.WaitForCircuitAsync();
        await using var hallContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var projector = await hallContext.NewPageAsync();
        await projector.GotoAsync($"/projector/{await Sessions.GetProjectorTokenAsync(convener, id)}");
        await projector.WaitForCircuitAsync();

        await phone.Locator("#open-question").ClickAsync();
        await phone.Locator("#question-text").FillAsync("老旧小区加装电梯的补贴政策什么时候出台？");
        await phone.Locator("#send-question").ClickAsync();
        await Assertions.Expect(phone.Locator(".ask-question")).ToContainTextAsync("请选择向哪个科室提问");
        // The department picker opens on the phone (its popover needs the hall layout's provider) and takes the choice.
        await phone.Locator("#question-department").ClickAsync();
        await phone.GetByRole(AriaRole.Option, new() { Name = "城市管理科" }).ClickAsync();
        await Assertions.Expect(phone.Locator(".ask-question")).ToContainTextAsync("城市管理科");
        // The list closed (its choice taken by the form) before the question is sent again, as in HallAnswersTests.
        await Assertions.Expect(phone.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
        await phone.ScreenshotAsync("hall-question-department-phone");
        await phone.Locator("#send-question").ClickAsync();
        await Assertions.Expect(phone.Locator("#my-questions")).ToContainTextAsync("老旧小区加装电梯的补贴政策什么时候出台？");
        var question = console.Locator("#questions-panel .question").Filter(new() { HasText = "老旧小区加装电梯" });
        await Assertions.Expect(question).ToBeVisibleAsync();
        await question.Locator("[data-show-question]").ClickAsync();
        await Assertions.Expect(projector.Locator("#projector-question")).ToContainTextAsync("老旧小区加装电梯的补贴政策什么时候出台？");
        await projector.AssertAccessibleAsync();
        await projector.ScreenshotAsync("hall-projector-question-1920");
        await question.Locator("[data-assign-question]").ClickAsync();
        await Assertions.Expect(question).ToContainTextAsync("已交办");
        var tracking = browser.App.Services.GetRequiredService<TrackingService>();
        var asked = (await browser.App.Services.GetRequiredService<HallQuestionService>().ListHallQuestionsAsync(convener, id)).Single(q => q.Text.Contains("老旧小区加装电梯"));
        Assert.Equal("城市管理科", (await tracking.GetAsync(convener, asked.Id)).Department);

        await console.Locator($"[data-start-item='{followUp.Position}']").ClickAsync();
        var rateable = phone.Locator("#followup-card .followup-row").Filter(new() { Has = phone.Locator("[data-rate]") }).First;
        await Assertions.Expect(rateable).ToBeVisibleAsync();
        await rateable.Locator("[data-rate='1']").ClickAsync();
        await Assertions.Expect(phone.Locator("#followup-card")).ToContainTextAsync("您的评价：满意");
        await Assertions.Expect(console.Locator("#followup-panel")).ToContainTextAsync("满意 1");
        await Assertions.Expect(console.Locator("#followup-panel")).ToContainTextAsync("已逾期");
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotAsync("hall-followup-phone");
        await projector.ScreenshotAsync("hall-projector-followup-1920");
        await console.AssertAccessibleAsync();
        await console.ScreenshotAsync("hall-console");

        await console.Locator("#attach-report").ClickAsync();
        await console.GotoAsync($"/sessions/{id}/opinion-report");
        await console.WaitForCircuitAsync();
        await Assertions.Expect(console.Locator(".report-table tbody tr").First).ToBeVisibleAsync();
        await console.AssertAccessibleAsync();
        await console.ScreenshotAsync("hall-opinion-report");
        var csv = await convenerContext.APIRequest.GetAsync($"/api/sessions/{id}/opinion-report.csv");
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("id,community,month", (await csv.TextAsync()).TrimStart('\uFEFF'));
    }
}
