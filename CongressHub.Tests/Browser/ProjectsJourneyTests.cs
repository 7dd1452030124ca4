using CongressHub.Domain.Common;
using CongressHub.Domain.Projects;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// Next year's livelihood projects from their published candidates to the public projects page: the convener puts the
/// round to a session's secret ballot at a desk, two delegates mark three projects each on 360 px phones (the rest of
/// the hall votes too), the console closes and publishes it, and a resident reads each project's marks and outcome.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ProjectsJourneyTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    [Fact]
    public async Task TheCandidates_GoToTheCongresssBallot_AndTheResultReachesThePublicProjectsPage()
    {
        var convenerActor = await SignInTests.ActorOf(browser.App, "convener");
        var sessions = browser.App.Services.GetRequiredService<SessionService>();
        var session = await sessions.CreateSessionAsync(convenerActor, new SessionInput(SessionKind.Extraordinary, "民生实事项目票决会议", DateTime.UtcNow, "街道市民活动中心"), withTemplate: false);
        await sessions.AddItemAsync(convenerActor, session, new AgendaItemInput(AgendaItemType.Other, "票决明年民生实事项目", null, null, 30));
        await sessions.PublishAsync(convenerActor, session);
        await sessions.StartAsync(convenerActor, session);
        await sessions.MarkRestPresentAsync(convenerActor, session);
        var projects = browser.App.Services.GetRequiredService<ProjectService>();
        var round = (await projects.ListRoundsAsync(convenerActor)).Single(r => r.Year == SessionTime.Local(DateTime.UtcNow).Year + 1);

        // The convener opens the round and puts it to the session's ballot.
        await using var deskContext = await browser.NewContextAsync();
        var desk = await deskContext.NewPageAsync();
        await desk.SignInAsync("convener");
        await desk.GotoAsync("/projects");
        await desk.WaitForCircuitAsync();
        await desk.Locator($"[data-round='{round.Id}']").GetByRole(AriaRole.Link).ClickAsync();
        await desk.ArriveAtAsync($"**/projects/{round.Id}");
        await desk.WaitForCircuitAsync();
        await Assertions.Expect(desk.Locator("#candidates [data-project]")).ToHaveCountAsync(5);
        await desk.GetByLabel("会议").ClickAsync();
        await desk.GetByRole(AriaRole.Option, new() { Name = "民生实事项目票决会议", Exact = false }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
        await desk.AssertAccessibleAsync();
        await desk.ScreenshotAsync("projects-round-desktop");
        await desk.Locator("#put-to-ballot").ClickAsync();
        await desk.ArriveAtAsync($"**/sessions/{session}/console");
        await desk.WaitForCircuitAsync();
        var open = desk.Locator("[data-open-vote]").First;
        var voteId = int.Parse((await open.GetAttributeAsync("data-open-vote"))!, System.Globalization.CultureInfo.InvariantCulture);
        await open.ClickAsync();

        // Two delegates mark three projects on their phones; a fourth mark is not offered once three are ticked.
        foreach (var user in new[] { "delegate01", "delegate02" })
        {
            await using var context = await browser.NewContextAsync(phone: true);
            var phone = await context.NewPageAsync();
            await phone.SignInAsync(user);
            await phone.GotoAsync($"/sessions/{session}");
            await phone.WaitForCircuitAsync();
            await phone.GetByLabel("老旧小区电梯维保与加装").CheckAsync();
            await phone.GetByLabel("社区老年食堂").CheckAsync();
            await phone.GetByLabel("口袋公园建设").CheckAsync();
            if (user == "delegate01")
            {
                await phone.AssertAccessibleAsync();
                await phone.AssertNoSidewaysScrollAsync("marking livelihood projects");
                await phone.ScreenshotAsync("projects-ballot-phone-360");
            }
            await phone.Locator("#cast-marks").ClickAsync();
            await Assertions.Expect(phone.Locator("#ballot-done")).ToBeVisibleAsync();
        }
        // The rest of the hall: 22 more ballots for the lifts, the canteens and the street lights.
        var voting = browser.App.Services.GetRequiredService<VotingService>();
        var candidates = (await voting.GetAsync(convenerActor, voteId)).Candidates;
        int Id(string name) => candidates.Single(c => c.Name == name).Id;
        for (var d = 3; d <= 24; d++)
        {
            await voting.CastMarksAsync(await SignInTests.ActorOf(browser.App, $"delegate{d:00}"), voteId, [Id("老旧小区电梯维保与加装"), Id("社区老年食堂"), Id("背街小巷路灯改造")]);
        }
        await desk.Locator($"[data-close-vote='{voteId}']").ClickAsync();
        await desk.GetByRole(AriaRole.Button, new() { Name = "结束选举", Exact = true }).Last.ClickAsync();
        await desk.Locator($"[data-publish-vote='{voteId}']").ClickAsync();

        // A resident reads the result: of 40 delegates, more than 20 marks pass; within 2,000,000 yuan the lifts and
        // the canteens (24 each) are adopted, the street lights (22) no longer fit.
        await using var residentContext = await browser.NewContextAsync(phone: true);
        var resident = await residentContext.NewPageAsync();
        await resident.GotoAsync($"/s/shiyan/projects/{round.Year}");
        await Assertions.Expect(resident.Locator("#projects-stage")).ToHaveAttributeAsync("data-state", "Decided");
        var list = resident.Locator("#public-candidates");
        await Assertions.Expect(list.Locator("[data-outcome='Adopted']")).ToHaveCountAsync(2);
        await Assertions.Expect(list.Locator("[data-outcome='OverBudget']")).ToContainTextAsync("背街小巷路灯改造");
        await Assertions.Expect(list.Locator("[data-outcome='Rejected']")).ToHaveCountAsync(2);
        await Assertions.Expect(resident.Locator("#ballot-result")).ToBeVisibleAsync();
        await resident.AssertAccessibleAsync();
        await resident.AssertNoSidewaysScrollAsync("the public projects page");
        await resident.ScreenshotAsync("projects-public-phone-360");
    }

    [Fact]
    public async Task ThisYearsProjects_AreCarriedOutStepByStep_AndResidentsFollowTheirProgress()
    {
        var convenerActor = await SignInTests.ActorOf(browser.App, "convener");
        var projects = browser.App.Services.GetRequiredService<ProjectService>();
        var year = SessionTime.Local(DateTime.UtcNow).Year;
        var round = (await projects.ListRoundsAsync(convenerActor)).Single(r => r.Year == year);
        var care = (await projects.GetRoundAsync(convenerActor, round.Id)).Projects.Single(p => p.Title == "社区养老服务驿站");

        // The civil-affairs officer, on a phone, finds the care station behind its plan and marks the late step reached.
        await using var officerContext = await browser.NewContextAsync(phone: true);
        var officer = await officerContext.NewPageAsync();
        await officer.SignInAsync("officer03");
        await officer.GotoAsync($"/projects/{round.Id}");
        await officer.WaitForCircuitAsync();
        var work = officer.Locator($"#work-{care.Id}");
        await Assertions.Expect(work.Locator(".project-progress")).ToHaveAttributeAsync("data-progress", "20");
        await Assertions.Expect(work).ToContainTextAsync("落后于计划");
        // Another department's project offers this officer nothing to mark.
        var fire = (await projects.GetRoundAsync(convenerActor, round.Id)).Projects.Single(p => p.Title == "老旧小区消防设施更新");
        await Assertions.Expect(officer.Locator($"#work-{fire.Id} [id^='reach-']")).ToHaveCountAsync(0);
        await officer.AssertAccessibleAsync();
        await officer.AssertNoSidewaysScrollAsync("an adopted project's steps");
        await officer.ScreenshotAsync("projects-work-officer-phone-360");
        var late = care.Work!.Milestones.Single(m => m.Title == "东风社区驿站装修完成");
        await officer.Locator($"#reach-{late.Id}").ClickAsync();
        await Assertions.Expect(work.Locator(".project-progress")).ToHaveAttributeAsync("data-progress", "60");
        await Assertions.Expect(work.Locator($"[data-milestone='{late.Id}']")).ToHaveAttributeAsync("data-reached", "true");

        // A resident follows the year's projects: progress against plan, steps, and the photo of the fire-safety work.
        await using var residentContext = await browser.NewContextAsync(phone: true);
        var resident = await residentContext.NewPageAsync();
        await resident.GotoAsync($"/s/shiyan/projects/{year}");
        await Assertions.Expect(resident.Locator("#progress-chart")).ToBeVisibleAsync();
        var shown = resident.Locator($"[data-project='{care.Id}'] .project-work");
        await Assertions.Expect(shown).ToHaveAttributeAsync("data-progress", "60");
        // Done (or, once a session's follow-up report has carried it, reported back).
        await Assertions.Expect(resident.Locator($"[data-project='{fire.Id}'] .project-work")).ToHaveAttributeAsync("data-progress", "100");
        await Assertions.Expect(resident.Locator($"[data-project='{fire.Id}'] .project-photos img")).ToHaveCountAsync(1);
        await Assertions.Expect(resident.Locator("[data-outcome='Rejected']")).ToContainTextAsync("社区图书角");
        await resident.AssertAccessibleAsync();
        await resident.AssertNoSidewaysScrollAsync("this year's projects in progress");
        await resident.ScreenshotAsync("projects-progress-public-phone-360");
    }

    [Fact]
    public async Task ResidentsComment_WhileTheCandidatesArePublished_AndTheConvenersReplyIsPublic()
    {
        var convenerActor = await SignInTests.ActorOf(browser.App, "convener");
        var projects = browser.App.Services.GetRequiredService<ProjectService>();
        var year = SessionTime.Local(DateTime.UtcNow).Year + 3;
        var department = (await browser.App.Services.GetRequiredService<Domain.Tracking.TrackingService>().ChoicesAsync(convenerActor)).Departments[0].Id;
        var round = await projects.CreateRoundAsync(convenerActor, new ProjectRoundInput(year, $"{year}年民生实事项目", 1));
        await projects.ProposeAsync(convenerActor, round, new ProjectInput("社区助浴点", "为失能老人提供助浴服务。", 200_000, department, ProjectSource.Department));
        await projects.ProposeAsync(convenerActor, round, new ProjectInput("小区充电桩", "在三个小区增设电动自行车充电桩。", 300_000, department, ProjectSource.Department));
        await projects.PublishAsync(convenerActor, round, DateOnly.FromDateTime(SessionTime.Local(DateTime.UtcNow)).AddDays(14));

        await using var residentContext = await browser.NewContextAsync(phone: true);
        var resident = await residentContext.NewPageAsync();
        await resident.GotoAsync($"/s/shiyan/projects/{year}");
        await resident.Locator("#comment-about").SelectOptionAsync(new SelectOptionValue { Label = "小区充电桩" });
        await resident.Locator("#comment-text").FillAsync("充电桩请装在楼外空地，不要进楼道。");
        await resident.Locator("#check-answer").FillAsync(await PublicOpinionTests.AnswerAsync(resident));
        await resident.AssertAccessibleAsync();
        await resident.AssertNoSidewaysScrollAsync("commenting on the candidates");
        await resident.ScreenshotAsync("projects-comment-phone-360");
        await resident.Locator("#submit-comment").ClickAsync();
        await Assertions.Expect(resident.Locator("#comment-sent")).ToBeVisibleAsync();
        // Held for the convener: not shown yet.
        await Assertions.Expect(resident.Locator("#no-comments")).ToBeVisibleAsync();

        await using var deskContext = await browser.NewContextAsync();
        var desk = await deskContext.NewPageAsync();
        await desk.SignInAsync("convener");
        await desk.GotoAsync($"/projects/{round}");
        await desk.WaitForCircuitAsync();
        var comment = desk.Locator("#comments-panel [data-comment]");
        await Assertions.Expect(comment).ToContainTextAsync("【小区充电桩】充电桩请装在楼外空地");
        var id = await comment.GetAttributeAsync("data-comment");
        await desk.Locator($"#reply-{id}").FillAsync("已转城市管理科，充电桩统一设在楼外。");
        await desk.Locator($"#approve-{id}").ClickAsync();
        await Assertions.Expect(comment).ToHaveAttributeAsync("data-status", "Approved");
        await desk.AssertAccessibleAsync();

        await resident.GotoAsync($"/s/shiyan/projects/{year}");
        await Assertions.Expect(resident.Locator("#comments .comment")).ToContainTextAsync("已转城市管理科，充电桩统一设在楼外。");
    }
}
