using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>A vote in the hall: the convener opens it, delegates vote on their phones, every screen shows the result.</summary>
[Collection(BrowserCollection.Name)]
public class LiveVoteTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    private SessionService Sessions => browser.App.Services.GetRequiredService<SessionService>();


    private SnapshotBuilder Snapshots => browser.App.Services.GetRequiredService<SnapshotBuilder>();

    [Fact]
    public async Task ConvenerOpensAVote_ThreeDelegatesVote_AllScreensShowTheResult_AnAbsentDelegateIsRefused()
    {
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var id = await Sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, "表决测试会议", DateTime.UtcNow, "社区活动中心"), withTemplate: false);
        await Sessions.AddItemAsync(convener, id, new AgendaItemInput(AgendaItemType.Other, "开幕", null, null, 5));
        await Sessions.PublishAsync(convener, id);
        await Sessions.StartAsync(convener, id);
        await AdmittedMotionAsync(convener, id, "关于增设社区图书角的议案");
        string[] voters = ["delegate21", "delegate22", "delegate23"];
        var absent = "delegate24";
        var absentId = (await SignInTests.ActorOf(browser.App, absent)).DelegateId!.Value;
        var snapshot = await Snapshots.ReadAsync(convener, id);
        foreach (var a in (await Sessions.ListAttendanceAsync(convener, id)).Where(a => a.DelegateId != absentId).Take(snapshot.Quorum.Required + 1))
        {
            await Sessions.MarkAttendanceAsync(convener, id, a.DelegateId, AttendanceStatus.Present);
        }
        foreach (var v in voters)
        {
            await Sessions.MarkAttendanceAsync(convener, id, (await SignInTests.ActorOf(browser.App, v)).DelegateId!.Value, AttendanceStatus.Present);
        }

        await using var convenerContext = await browser.NewContextAsync();
        var console = await convenerContext.NewPageAsync();
        await console.SignInAsync("convener");
        await console.GotoAsync($"/sessions/{id}/console");
        await console.WaitForCircuitAsync();
        var contexts = new List<IBrowserContext>();
        var phones = new List<IPage>();
        foreach (var d in voters.Append(absent))
        {
            var context = await browser.NewContextAsync(phone: true);
            contexts.Add(context);
            var phone = await context.NewPageAsync();
            await phone.SignInAsync(d);
            await phone.GotoAsync($"/sessions/{id}");
            await phone.WaitForCircuitAsync();
            phones.Add(phone);
        }
        await using var hallContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var projector = await hallContext.NewPageAsync();
        await projector.GotoAsync($"/projector/{await Sessions.GetProjectorTokenAsync(convener, id)}");
        await projector.WaitForCircuitAsync();

        // A delegate reading further down the page when the vote opens.
        await phones[0].EvaluateAsync("window.scrollTo(0, document.body.scrollHeight)");
        await console.Locator("#prepare-vote").ClickAsync();
        await Assertions.Expect(console.GetByRole(AriaRole.Dialog)).ToContainTextAsync("议案：关于增设社区图书角的议案");
        await console.Locator("#vote-save").ClickAsync();
        var open = console.Locator("[data-open-vote]").First;
        await Assertions.Expect(open).ToBeEnabledAsync();
        await open.ClickAsync();

        await Assertions.Expect(phones[0].Locator("#vote-card")).ToBeInViewportAsync();
        foreach (var (phone, choice) in phones.Take(3).Zip(["yes", "yes", "no"]))
        {
            await Assertions.Expect(phone.Locator("#vote-question")).ToHaveTextAsync("关于增设社区图书角的议案");
            await phone.Locator($".ballot-choice[data-choice='{choice}']").ClickAsync();
            await phone.Locator("#confirm-ballot").ClickAsync();
            await Assertions.Expect(phone.Locator("#ballot-done")).ToBeVisibleAsync();
        }
        await Assertions.Expect(phones[3].Locator("#ballot-not-eligible")).ToContainTextAsync("尚未签到");
        await Assertions.Expect(projector.Locator("#vote-count")).ToContainTextAsync("3 / ");
        await phones[0].AssertAccessibleAsync();
        await phones[3].ScreenshotAsync("vote-phone-not-eligible");
        await console.ScreenshotAsync("vote-console-open");

        await console.Locator("[data-close-vote]").ClickAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = "结束表决", Exact = true }).Last.ClickAsync();

        foreach (var page in phones.Append(projector).Append(console))
        {
            await Assertions.Expect(page.Locator("#vote-verdict").First).ToHaveTextAsync("未通过");
            await Assertions.Expect(page.Locator("[data-choice='yes'] .tally-count").First).ToHaveTextAsync("2");
        }
        await projector.AssertAccessibleAsync();
        await console.AssertAccessibleAsync();
        await projector.ScreenshotAsync("vote-projector-result-1920");
        await phones[0].ScreenshotAsync("vote-phone-result");
        await console.ScreenshotAsync("vote-console-closed");
        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }
    }

    [Fact]
    public async Task Election_DelegatesMarkCandidates_ResultShowsTheElected_PublishingFillsTheCommittee()
    {
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var id = await Sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Extraordinary, "选举测试会议", DateTime.UtcNow, "社区活动中心"), withTemplate: false);
        await Sessions.AddItemAsync(convener, id, new AgendaItemInput(AgendaItemType.Election, "选举居民自治委员会", null, null, 30));
        await Sessions.PublishAsync(convener, id);
        await Sessions.StartAsync(convener, id);
        var roster = await Sessions.ListAttendanceAsync(convener, id);
        foreach (var a in roster.Take(25))
        {
            await Sessions.MarkAttendanceAsync(convener, id, a.DelegateId, AttendanceStatus.Present);
        }
        var voting = browser.App.Services.GetRequiredService<Domain.Voting.VotingService>();
        var electionId = await voting.PrepareElectionAsync(convener, id, new Domain.Voting.ElectionInput("居民自治委员会委员选举", 2, Domain.Voting.ElectionRule.MostVotes, true,
            [new("甲候选人", null), new("乙候选人", null), new("丙候选人", null)]));
        var voter = roster[0];

        await using var convenerContext = await browser.NewContextAsync();
        var console = await convenerContext.NewPageAsync();
        await console.SignInAsync("convener");
        await console.GotoAsync($"/sessions/{id}/console");
        await console.WaitForCircuitAsync();
        await Assertions.Expect(console.Locator($"[data-open-vote='{electionId}']")).ToHaveTextAsync("开始选举");
        await console.Locator($"[data-open-vote='{electionId}']").ClickAsync();
        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = await phoneContext.NewPageAsync();
        await phone.SignInAsync(UserNameOf(voter.DelegateId));
        await phone.GotoAsync($"/sessions/{id}");
        await phone.WaitForCircuitAsync();

        await phone.GetByLabel("甲候选人").CheckAsync();
        await phone.GetByLabel("丙候选人").CheckAsync();
        await Assertions.Expect(phone.GetByLabel("乙候选人")).ToBeDisabledAsync();
        await phone.Locator("#cast-marks").ClickAsync();
        await Assertions.Expect(phone.Locator("#ballot-done")).ToBeVisibleAsync();
        await phone.AssertAccessibleAsync();
        await console.Locator($"[data-close-vote='{electionId}']").ClickAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = "结束选举", Exact = true }).Last.ClickAsync();
        await Assertions.Expect(phone.Locator("#vote-verdict")).ToHaveTextAsync("选举结果已产生");
        await console.Locator($"[data-publish-vote='{electionId}']").ClickAsync();
        await phone.ScreenshotAsync("election-phone-result");

        await Assertions.Expect(console.Locator($"[data-vote='{electionId}'] .vote-state")).ToHaveTextAsync("已公布");
        var committee = await browser.NewContextAsync(phone: true);
        var page = await committee.NewPageAsync();
        await page.GotoAsync("/s/shiyan/committee");
        await Assertions.Expect(page.Locator(".committee-members")).ToContainTextAsync("甲候选人");
        await Assertions.Expect(page.Locator(".committee-members")).ToContainTextAsync("丙候选人");
        await page.ScreenshotAsync("committee-public-phone");
        await committee.DisposeAsync();
    }

    /// <summary>The demo account of a delegate.</summary>
    private string UserNameOf(int delegateId)
    {
        using var db = browser.App.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<CongressDbContext>>().CreateDbContext();
        return db.Users.Where(u => u.DelegateId == delegateId).Select(u => u.UserName!).Single();
    }

    private async Task<int> AdmittedMotionAsync(Actor convener, int sessionId, string title)
    {
        var motions = browser.App.Services.GetRequiredService<MotionService>();
        var sponsor = await SignInTests.ActorOf(browser.App, "delegate30");
        var id = await motions.DraftAsync(sponsor, new MotionInput(title, "在每个社区服务中心设立图书角。"));
        await motions.SubmitAsync(sponsor, id);
        for (var i = 31; i <= 35; i++)
        {
            await motions.CosignAsync(await SignInTests.ActorOf(browser.App, $"delegate{i}"), id);
        }
        await motions.AdmitAsync(convener, id, sessionId);
        return id;
    }
}
