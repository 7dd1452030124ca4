using CongressHub.Tests.Support;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// A department's request for communities' help, through the self-governance committee to two communities and back to
/// the department, each person in their own browser at once: the department's officer at a desk, the committee's chair
/// and the two communities' staff on 360 px phones.
/// </summary>
[Collection(BrowserCollection.Name)]
public class CommitteeJourneyTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    private const string Title = "协助排查沿街商铺占道经营";

    [Fact]
    public async Task ADepartmentsRequest_GoesThroughTheCommittee_ToTwoCommunities_AndBack()
    {
        await using var officerContext = await browser.NewContextAsync();
        var officer = await officerContext.NewPageAsync();
        await officer.SignInAsync("officer04");
        await officer.GotoAsync("/committee/work");
        await officer.WaitForCircuitAsync();

        // The department asks.
        await officer.Locator("#new-request").ClickAsync();
        await officer.Locator("#request-title").FillAsync(Title);
        await officer.Locator("#request-need").FillAsync("请各社区摸排辖区沿街商铺占道经营情况，登记点位和照片报城管科。");
        await officer.AssertAccessibleAsync();
        await officer.ScreenshotAsync("committee-request-dialog-desktop");
        await officer.Locator("#request-save").ClickAsync();
        await officer.ArriveAtAsync("**/committee/work/*");
        await Assertions.Expect(officer.Locator("h1")).ToHaveTextAsync(Title);
        await Assertions.Expect(officer.Locator(".request-state")).ToHaveAttributeAsync("data-state", "Submitted");
        await Assertions.Expect(officer.Locator("#assign-panel")).ToHaveCountAsync(0);
        var requestUrl = officer.Url;

        // The committee's chair finds it on their phone, records the discussion and assigns two communities.
        await using var chairContext = await browser.NewContextAsync(phone: true);
        var chair = await chairContext.NewPageAsync();
        await chair.SignInAsync("delegate01");
        await chair.GotoAsync("/committee");
        await chair.WaitForCircuitAsync();
        await chair.Locator("#committee-work-link").ClickAsync();
        await chair.ArriveAtAsync("**/committee/work");
        await chair.Locator(".work-card", new() { HasText = Title }).GetByRole(AriaRole.Link).ClickAsync();
        await chair.ArriveAtAsync(requestUrl);
        await chair.WaitForCircuitAsync();
        await chair.Locator("#note-text").FillAsync("先做朝阳、和平两个社区，沿街商铺最多。");
        await chair.Locator("#note-save").ClickAsync();
        await Assertions.Expect(chair.Locator("#request-notes")).ToContainTextAsync("先做朝阳、和平两个社区");
        await Assertions.Expect(officer.Locator("#request-notes")).ToContainTextAsync("先做朝阳、和平两个社区");
        await chair.Locator("#assign-way").FillAsync("网格员逐街登记，拍照留存，周五汇总报城管科。");
        await chair.GetByRole(AriaRole.Checkbox, new() { Name = "朝阳社区" }).CheckAsync();
        await chair.GetByRole(AriaRole.Checkbox, new() { Name = "和平社区" }).CheckAsync();
        await chair.AssertAccessibleAsync();
        await chair.AssertNoSidewaysScrollAsync("assigning communities");
        await chair.ScreenshotAsync("committee-assign-phone");
        await chair.Locator("#assign-save").ClickAsync();
        await Assertions.Expect(chair.Locator("#request-tasks [data-task]")).ToHaveCountAsync(2);
        await Assertions.Expect(officer.Locator(".request-state")).ToHaveAttributeAsync("data-state", "Assigned");
        await Assertions.Expect(officer.Locator("#request-tasks [data-task]")).ToHaveCountAsync(2);

        // Each community's staff member finds the task on their phone and does it; the committee chases the second.
        await DoTaskAsync("staff02", "登记占道点位 23 处。");
        await Assertions.Expect(chair.Locator("#tasks-progress")).ToContainTextAsync("1/2");
        var second = chair.Locator("#request-tasks [data-task]", new() { HasText = "和平社区" });
        await second.GetByRole(AriaRole.Button).ClickAsync();
        await chair.Locator("#note-input").FillAsync("周五前请报数。");
        await chair.Locator("#note-confirm").ClickAsync();
        await Assertions.Expect(second).ToContainTextAsync("周五前请报数。");
        await DoTaskAsync("staff03", "登记占道点位 9 处。");

        // All done: the committee closes it with a summary, which reaches the department's open page at once.
        await Assertions.Expect(chair.Locator("#tasks-progress")).ToContainTextAsync("2/2");
        await chair.Locator("#request-close").ClickAsync();
        await chair.Locator("#note-input").FillAsync("两个社区共登记占道点位 32 处，照片已交城管科。");
        await chair.Locator("#note-confirm").ClickAsync();
        await Assertions.Expect(chair.Locator(".request-state")).ToHaveAttributeAsync("data-state", "Closed");
        await chair.AssertAccessibleAsync();
        await chair.AssertNoSidewaysScrollAsync("on the closed request");
        await chair.ScreenshotAsync("committee-closed-phone");
        await Assertions.Expect(officer.Locator("#request-outcome")).ToContainTextAsync("共登记占道点位 32 处");
        await officer.AssertAccessibleAsync();
        await officer.ScreenshotAsync("committee-back-desktop");
        await officer.GotoAsync("/notices");
        await Assertions.Expect(officer.Locator("main")).ToContainTextAsync($"协办请求“{Title}”已办结");
    }

    private async Task DoTaskAsync(string user, string note)
    {
        await using var context = await browser.NewContextAsync(phone: true);
        var staff = await context.NewPageAsync();
        await staff.SignInAsync(user);
        await staff.GotoAsync("/tracking/work");
        await staff.WaitForCircuitAsync();
        await staff.Locator(".work-card", new() { HasText = Title }).GetByRole(AriaRole.Link).ClickAsync();
        await staff.ArriveAtAsync("**/tracking/*");
        await staff.WaitForCircuitAsync();
        await Assertions.Expect(staff.Locator("#item-text")).ToContainTextAsync("网格员逐街登记");
        await staff.Locator("#done").ClickAsync();
        await staff.Locator("#note-input").FillAsync(note);
        await staff.Locator("#note-confirm").ClickAsync();
        await Assertions.Expect(staff.Locator(".track-state").First).ToHaveAttributeAsync("data-state", "Done");
        await staff.AssertAccessibleAsync();
        await staff.ScreenshotAsync($"committee-task-done-{user}-phone");
    }

    [Fact]
    public async Task TheConvener_CallsACommitteeMeeting_OnAWaitingRequest_AndTheChairSeesLastMonthsMeeting()
    {
        await using var deskContext = await browser.NewContextAsync();
        var desk = await deskContext.NewPageAsync();
        await desk.SignInAsync("convener");
        await desk.GotoAsync("/committee/work");
        await desk.WaitForCircuitAsync();
        await Assertions.Expect(desk.Locator("#committee-meetings [data-meeting]", new() { HasText = "居民自治委员会第一次会议" })).ToHaveCountAsync(1);

        await desk.Locator("#new-committee-meeting").ClickAsync();
        var dialog = desk.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByLabel("垃圾分类督导志愿者招募（待商议）")).ToBeCheckedAsync();
        await dialog.Locator("#meeting-title").FillAsync("居民自治委员会第二次会议");
        await dialog.Locator("#meeting-place").FillAsync("街道会议室");
        await dialog.Locator("#meeting-items").FillAsync("下月工作安排");
        await desk.AssertAccessibleAsync();
        await desk.ScreenshotAsync("committee-meeting-call-desk");
        await dialog.Locator("#meeting-save").ClickAsync();
        await desk.ArriveAtAsync("**/sessions/*/agenda");
        await desk.WaitForCircuitAsync();
        await Assertions.Expect(desk.Locator("main")).ToContainTextAsync("协办请求：垃圾分类督导志愿者招募");

        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var chair = await phoneContext.NewPageAsync();
        await chair.SignInAsync("delegate01");
        await chair.GotoAsync("/committee/work");
        await chair.WaitForCircuitAsync();
        await Assertions.Expect(chair.Locator("#committee-meetings [data-meeting]", new() { HasText = "居民自治委员会第一次会议" })).ToHaveAttributeAsync("data-status", "MinutesPublished");
        await Assertions.Expect(chair.Locator("#committee-meetings [data-meeting]", new() { HasText = "居民自治委员会第二次会议" })).ToHaveCountAsync(0);
        await Assertions.Expect(chair.Locator("#new-committee-meeting")).ToHaveCountAsync(0);
    }
}
