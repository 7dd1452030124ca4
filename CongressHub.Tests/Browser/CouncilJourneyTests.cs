using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// A community council from a resident's topic to its decision's public notice, as everyone in it does their part at
/// once: a resident proposes and supports on a 360 px phone, the community's staff accept the topic and call a decision
/// meeting at a desk, run it on the console with the hall screen at 1920×1080, two members vote on their phones and the
/// rest by a show of hands, the staff write the decision up from the vote and publish it, and the resident finds the
/// topic decided and the decision in notice.
/// </summary>
[Collection(BrowserCollection.Name)]
public class CouncilJourneyTests(BrowserFixture browser) : BrowserTest
{
    private const string Title = "北门增设智能快递柜";
    private const string Address = "council.journey@example.cn";

    protected override ErrorLog Errors => browser.Errors;

    private T Get<T>() where T : notnull => browser.App.Services.GetRequiredService<T>();

    [Fact]
    public async Task ResidentsTopic_GoesThroughADecisionMeeting_ToItsPublicNotice()
    {
        var staff = await SignInTests.ActorOf(browser.App, "staff01");
        var community = staff.CommunityId!.Value;
        List<(int Id, string? User)> members;
        await using (var db = Get<IDbContextFactory<CongressDbContext>>().CreateDbContext())
        {
            members = (await (from d in db.Delegates
                              where db.Terms.Any(t => t.Id == d.TermId && t.CommunityId == community) && d.RetiredUtc == null
                              join u in db.Users on d.UserId equals u.Id into us
                              from u in us.DefaultIfEmpty()
                              orderby d.Id
                              select new { d.Id, User = u != null ? u.UserName : null }).ToListAsync()).Select(x => (x.Id, (string?)x.User)).ToList();
        }
        var voters = members.Where(m => m.User is not null && m.User.StartsWith("delegate", StringComparison.Ordinal)).Take(2).ToList();
        Assert.Equal(2, voters.Count);

        // A resident proposes the topic on the community's page and supports it with a code sent by e-mail.
        await using var residentContext = await browser.NewContextAsync(phone: true);
        var resident = await residentContext.NewPageAsync();
        await resident.GotoAsync($"/s/shiyan/c/{community}");
        await resident.FillAsync("#topic-title", Title);
        await resident.FillAsync("#topic-description", "北门住户多，快递常堆在门卫室，建议在北门增设智能快递柜。");
        await resident.FillAsync("#proposer-label", "北门住户");
        await resident.Locator("#topic-check").FillAsync(await CommunityTopicsTests.AnswerAsync(resident, "topic-check"));
        await resident.Locator("#submit-topic").ClickAsync();
        await Assertions.Expect(resident.Locator("#topic-sent")).ToBeVisibleAsync();
        var card = resident.Locator(".topic-card", new() { HasText = Title });
        await card.GetByRole(AriaRole.Link, new() { Name = $"附议“{Title}”" }).ClickAsync();
        await resident.FillAsync("#support-contact", Address);
        await resident.Locator("#support-check").FillAsync(await CommunityTopicsTests.AnswerAsync(resident, "support-check"));
        await resident.Locator("#support-send-code").ClickAsync();
        var sent = await browser.App.Email.WaitForAsync(m => m.Address == Address && m.Notices[0].TextKey == "Notice.ContactCode", TimeSpan.FromSeconds(30));
        await resident.FillAsync("#support-code", sent.Notices[0].Args[0]);
        await resident.Locator("#support-check").FillAsync(await CommunityTopicsTests.AnswerAsync(resident, "support-check"));
        await resident.Locator("#submit-support").ClickAsync();
        await Assertions.Expect(resident.Locator(".topic-card", new() { HasText = Title })).ToContainTextAsync("附议 1 人");
        await resident.ScreenshotAsync("council-journey-1-resident-supported-phone");

        // The community's staff accept it for a decision meeting, then call the meeting with the topic on its agenda.
        await using var deskContext = await browser.NewContextAsync();
        var desk = await deskContext.NewPageAsync();
        await desk.SignInAsync("staff01");
        await desk.GotoAsync($"/communities/{community}/topics");
        await desk.WaitForCircuitAsync();
        var staffCard = desk.Locator(".topic-card", new() { HasText = Title });
        await staffCard.GetByLabel("议事会议").ClickAsync();
        await desk.GetByRole(AriaRole.Option, new() { Name = "议事决策会" }).ClickAsync();
        await staffCard.GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).ClickAsync();
        await Assertions.Expect(desk.Locator(".topic-card", new() { HasText = Title })).ToContainTextAsync("已受理");
        await desk.ScreenshotAsync("council-journey-2-topic-accepted-desk");

        await desk.GotoAsync($"/communities/{community}/council");
        await desk.WaitForCircuitAsync();
        await desk.Locator("#call-meeting").ClickAsync();
        var dialog = desk.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByLabel($"{Title}（议事决策会）")).ToBeCheckedAsync();
        await dialog.Locator("#meeting-title").FillAsync("北门快递柜议事决策会");
        await dialog.Locator("#meeting-place").FillAsync("东风社区议事厅");
        await desk.AssertAccessibleAsync();
        await desk.ScreenshotAsync("council-journey-3-call-meeting-desk");
        await dialog.Locator("#meeting-save").ClickAsync();
        await desk.ArriveAtAsync("**/sessions/*/agenda");
        var session = int.Parse(desk.Url.Split('/')[^2], System.Globalization.CultureInfo.InvariantCulture);
        await desk.WaitForCircuitAsync();
        await Assertions.Expect(desk.Locator("main")).ToContainTextAsync(Title);
        await desk.Locator("#publish-session").ClickAsync();
        await desk.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "发布会议" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#publish-session")).ToHaveCountAsync(0);

        // The meeting: everyone signs in on the sheet, the staff run it on the console with the hall screen on.
        var sessions = Get<SessionService>();
        foreach (var (id, _) in members)
        {
            await sessions.MarkAttendanceAsync(staff, session, id, AttendanceStatus.Present);
        }
        await desk.GotoAsync($"/sessions/{session}/console");
        await desk.WaitForCircuitAsync();
        await desk.Locator("#start-session").ClickAsync();
        await desk.Locator("[data-start-item='1']").ClickAsync();
        await using var hallContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var projector = await hallContext.NewPageAsync();
        BrowserFixture.Watch(projector, browser.Errors);
        await projector.GotoAsync($"/projector/{await sessions.GetProjectorTokenAsync(staff, session)}");
        await projector.WaitForCircuitAsync();
        await Assertions.Expect(projector.Locator("main")).ToContainTextAsync(Title);

        var phones = new List<IPage>();
        var phoneContexts = new List<IBrowserContext>();
        foreach (var (_, user) in voters)
        {
            var context = await browser.NewContextAsync(phone: true);
            phoneContexts.Add(context);
            var phone = await context.NewPageAsync();
            await phone.SignInAsync(user!);
            await phone.GotoAsync($"/sessions/{session}");
            await phone.WaitForCircuitAsync();
            phones.Add(phone);
        }

        await desk.Locator("#prepare-vote").ClickAsync();
        await desk.GetByRole(AriaRole.Dialog).Locator("#vote-question-input").FillAsync("同意在北门增设智能快递柜，费用由快递企业承担");
        await desk.GetByRole(AriaRole.Dialog).Locator("#vote-save").ClickAsync();
        var open = desk.Locator("[data-open-vote]").First;
        await Assertions.Expect(open).ToBeEnabledAsync();
        var voteId = int.Parse((await open.GetAttributeAsync("data-open-vote"))!, System.Globalization.CultureInfo.InvariantCulture);
        await open.ClickAsync();
        foreach (var (phone, choice) in phones.Zip(["yes", "no"]))
        {
            await Assertions.Expect(phone.Locator("#vote-question")).ToHaveTextAsync("同意在北门增设智能快递柜，费用由快递企业承担");
            await phone.Locator($".ballot-choice[data-choice='{choice}']").ClickAsync();
            await phone.Locator("#confirm-ballot").ClickAsync();
            await Assertions.Expect(phone.Locator("#ballot-done")).ToBeVisibleAsync();
        }
        await phones[0].AssertAccessibleAsync();
        await phones[0].ScreenshotAsync("council-journey-4-member-voted-phone");
        await desk.Locator($"[data-hands-count='{voteId}']").ClickAsync();
        await desk.Locator("#hands-yes").FillAsync((members.Count - 3).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await desk.Locator("#hands-no").FillAsync("0");
        await desk.Locator("#hands-abstain").FillAsync("1");
        await desk.Locator("#hands-save").ClickAsync();
        await Assertions.Expect(projector.Locator("#vote-count")).ToContainTextAsync($"{members.Count} / {members.Count}");
        await projector.ScreenshotAsync("council-journey-5-hall-screen-1920");
        await desk.ScreenshotAsync("council-journey-5-console-desk");
        await desk.Locator("[data-close-vote]").ClickAsync();
        await desk.GetByRole(AriaRole.Button, new() { Name = "结束表决", Exact = true }).Last.ClickAsync();
        foreach (var page in phones.Append(projector).Append(desk))
        {
            await Assertions.Expect(page.Locator("#vote-verdict").First).ToHaveTextAsync("通过");
        }
        await projector.AssertAccessibleAsync();
        await projector.ScreenshotAsync("council-journey-6-hall-result-1920");
        // A community's staff often run a small meeting from a phone: the console holds at 360 px.
        await using (var staffPhoneContext = await browser.NewContextAsync(phone: true))
        {
            var staffPhone = await staffPhoneContext.NewPageAsync();
            await staffPhone.SignInAsync("staff01");
            await staffPhone.GotoAsync($"/sessions/{session}/console");
            await staffPhone.WaitForCircuitAsync();
            await Assertions.Expect(staffPhone.Locator("#vote-verdict").First).ToHaveTextAsync("通过");
            await Assertions.Expect(staffPhone.Locator("#questions-panel")).ToHaveCountAsync(0);
            await staffPhone.AssertAccessibleAsync();
            await staffPhone.AssertNoSidewaysScrollAsync("the council's console on a phone");
            await staffPhone.ScreenshotAsync("council-journey-6-console-phone");
        }
        await phones[1].ScreenshotAsync("council-journey-6-member-result-phone");

        // The staff write the decision up from the vote and publish it for its notice.
        await desk.GotoAsync($"/communities/{community}/decisions");
        await desk.WaitForCircuitAsync();
        await Assertions.Expect(desk.Locator($"[data-vote='{voteId}']")).ToContainTextAsync("同意在北门增设智能快递柜");
        await desk.AssertAccessibleAsync();
        await desk.ScreenshotAsync("council-journey-7-votes-to-write-desk");
        await desk.Locator($"#draft-from-{voteId}").ClickAsync();
        var detail = desk.Locator("#decision-detail");
        await Assertions.Expect(detail).ToContainTextAsync($"赞成 {members.Count - 2}，反对 1，弃权 1");
        await Assertions.Expect(detail.Locator("h2")).ToHaveTextAsync($"关于{Title}的决定");
        await desk.Locator("#publish-decision").ClickAsync();
        await desk.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "公示", Exact = true }).ClickAsync();
        await Assertions.Expect(desk.Locator("#detail-state")).ToHaveTextAsync("公示中");
        await desk.ScreenshotAsync("council-journey-8-decision-published-desk");

        // The resident finds the topic decided, and the decision in its notice.
        await resident.GotoAsync($"/s/shiyan/c/{community}");
        var decided = resident.Locator(".topic-card", new() { HasText = Title });
        await Assertions.Expect(decided.Locator(".topic-state")).ToHaveTextAsync("已作出决定");
        await resident.AssertAccessibleAsync();
        await resident.ScreenshotAsync("council-journey-9-topic-decided-phone");
        await decided.GetByRole(AriaRole.Link, new() { Name = $"关于{Title}的决定" }).ClickAsync();
        await resident.ArriveAtAsync("**/s/shiyan/c/*/decisions/*");
        await Assertions.Expect(resident.Locator("h1")).ToHaveTextAsync($"关于{Title}的决定");
        await Assertions.Expect(resident.Locator("#decision-state")).ToHaveTextAsync("公示中");
        await Assertions.Expect(resident.Locator("main")).ToContainTextAsync("结果：通过");
        await Assertions.Expect(resident.Locator("body")).Not.ToContainTextAsync(Address);
        await resident.AssertAccessibleAsync();
        await resident.ScreenshotAsync("council-journey-10-decision-notice-phone");
        Assert.True(await resident.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The decision scrolls sideways on a phone.");

        await using var db2 = Get<IDbContextFactory<CongressDbContext>>().CreateDbContext();
        var topic = await db2.Topics.AsNoTracking().SingleAsync(t => t.Title == Title);
        var decision = await db2.CouncilDecisions.AsNoTracking().SingleAsync(d => d.VoteId == voteId);
        Assert.Equal((TopicState.Decided, decision.Id, session), (topic.State, topic.DecisionId!.Value, decision.SessionId!.Value));
        Assert.Equal(VoteState.Closed, (await db2.Votes.AsNoTracking().SingleAsync(v => v.Id == voteId)).State);
        foreach (var context in phoneContexts)
        {
            await context.DisposeAsync();
        }
    }
}
