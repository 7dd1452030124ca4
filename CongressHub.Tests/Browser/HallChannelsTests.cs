using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// Everyone in the hall takes part: phones, a choice recorded at a delegate's request and a show of hands in one
/// named vote; a paper election counted by two tellers on their phones while the projector shows the count.
/// </summary>
[Collection(BrowserCollection.Name)]
public class HallChannelsTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    private SessionService Sessions => browser.App.Services.GetRequiredService<SessionService>();

    private VotingService Voting => browser.App.Services.GetRequiredService<VotingService>();

    [Fact]
    public async Task The_Convener_Runs_A_Mixed_Named_Vote_While_Three_Phones_Vote()
    {
        var (convener, id) = await LiveSessionAsync("混合表决测试会议", 25, "delegate21", "delegate22", "delegate23", "delegate25");
        var voteId = await Voting.PrepareAsync(convener, id, new VoteInput(null, "通过本次会议议程", false, MajorityRule.HalfOfPresent));
        var noPhone = await SignInTests.ActorOf(browser.App, "delegate25");

        await using var convenerContext = await browser.NewContextAsync();
        var console = await convenerContext.NewPageAsync();
        await console.SignInAsync("convener");
        await console.GotoAsync($"/sessions/{id}/console");
        await console.WaitForCircuitAsync();
        var (contexts, phones) = await PhonesAsync(id, "delegate21", "delegate22", "delegate23", "delegate25");
        await using var hallContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var projector = await hallContext.NewPageAsync();
        await projector.GotoAsync($"/projector/{await Sessions.GetProjectorTokenAsync(convener, id)}");

        await console.Locator($"[data-open-vote='{voteId}']").ClickAsync();
        foreach (var (phone, choice) in phones.Take(3).Zip(["yes", "yes", "no"]))
        {
            await phone.Locator($".ballot-choice[data-choice='{choice}']").ClickAsync();
            await phone.Locator("#confirm-ballot").ClickAsync();
            await Assertions.Expect(phone.Locator("#ballot-done")).ToBeVisibleAsync();
        }

        // A delegate without a phone in hand asks the convener to record their choice.
        await console.Locator($"[data-record-for='{voteId}']").ClickAsync();
        var record = console.GetByRole(AriaRole.Dialog);
        await record.Locator($"tr[data-delegate='{noPhone.DelegateId}'] [data-record='yes']").ClickAsync();
        await Assertions.Expect(record.Locator($"tr[data-delegate='{noPhone.DelegateId}'] .recorded")).ToContainTextAsync("赞成");
        await console.ScreenshotAsync("channels-console-record");
        await record.Locator("#record-done").ClickAsync();
        // Their phone learns it at once and offers no ballot.
        await Assertions.Expect(phones[3].Locator("#ballot-recorded")).ToBeVisibleAsync();
        await phones[3].ScreenshotAsync("channels-phone-recorded");

        // The rest of the hall by a show of hands, counted by the convener.
        await console.Locator($"[data-hands-count='{voteId}']").ClickAsync();
        await console.Locator("#hands-yes").FillAsync("30");
        await console.Locator("#hands-no").FillAsync("0");
        await console.Locator("#hands-save").ClickAsync();
        await Assertions.Expect(console.GetByRole(AriaRole.Dialog).Locator(".error-summary, .mud-alert")).ToContainTextAsync("21");
        await console.Locator("#hands-yes").FillAsync("15");
        await console.Locator("#hands-no").FillAsync("4");
        await console.Locator("#hands-abstain").FillAsync("2");
        await console.Locator("#hands-save").ClickAsync();
        await Assertions.Expect(console.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await Assertions.Expect(projector.Locator("#vote-channels")).ToContainTextAsync("手机 3 · 代为登记 1 · 举手 21 · 纸质选票 0");
        await Assertions.Expect(projector.Locator("#vote-count")).ToContainTextAsync("25");
        await projector.ScreenshotAsync("channels-projector-mixed-1920");
        await console.Locator($"[data-close-vote='{voteId}']").ClickAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = "结束表决", Exact = true }).Last.ClickAsync();

        await Assertions.Expect(projector.Locator("#vote-verdict")).ToBeVisibleAsync();
        var result = await Voting.GetAsync(convener, voteId);
        Assert.Equal((VoteState.Closed, 18, 5, 2, true), (result.State, result.Yes!.Value, result.No!.Value, result.Abstain!.Value, result.Adopted!.Value));
        await Assertions.Expect(projector.Locator("#vote-channels")).ToContainTextAsync("代为登记 1");
        await console.AssertAccessibleAsync();
        await projector.ScreenshotAsync("channels-projector-result-1920");
        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_Paper_Election_Is_Counted_By_Two_Tellers_While_The_Projector_Shows_The_Count()
    {
        var (convener, id) = await LiveSessionAsync("纸质选举测试会议", 24, "delegate26", "delegate27");
        var tellers = new[] { await SignInTests.ActorOf(browser.App, "delegate26"), await SignInTests.ActorOf(browser.App, "delegate27") };
        var electionId = await Voting.PrepareElectionAsync(convener, id, new ElectionInput("居务监督委员会委员选举", 2, ElectionRule.MostVotesAndHalfOfCast, true,
            [new("周建国", null), new("吴秀英", null), new("郑海涛", null)]));
        await browser.App.Services.GetRequiredService<CountingService>().SetTellersAsync(convener, electionId, tellers.Select(t => t.DelegateId!.Value).ToList());

        await using var convenerContext = await browser.NewContextAsync();
        var console = await convenerContext.NewPageAsync();
        await console.SignInAsync("convener");
        await console.GotoAsync($"/sessions/{id}/console");
        await console.WaitForCircuitAsync();
        var (contexts, tellerPhones) = await PhonesAsync(id, "delegate26", "delegate27");
        await using var hallContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var projector = await hallContext.NewPageAsync();
        await projector.GotoAsync($"/projector/{await Sessions.GetProjectorTokenAsync(convener, id)}");

        await console.Locator($"[data-open-vote='{electionId}']").ClickAsync();
        await Assertions.Expect(projector.Locator("#vote-tellers")).ToContainTextAsync("计票人");
        await Assertions.Expect(tellerPhones[0].Locator("#teller-card")).ToBeVisibleAsync();
        // Everyone votes on paper: the convener hands ballots to all who have not voted.
        await console.Locator($"[data-issue-paper='{electionId}']").ClickAsync();
        await console.Locator("#paper-all").ClickAsync();
        await console.ScreenshotAsync("paper-console-issue");
        await console.Locator("#paper-issue").ClickAsync();
        await Assertions.Expect(console.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(tellerPhones[0].Locator("#ballot-paper")).ToBeVisibleAsync();
        await Assertions.Expect(projector.Locator("#vote-channels")).ToContainTextAsync("纸质选票 24");
        await console.Locator($"[data-start-counting='{electionId}']").ClickAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = "停止投票并计票", Exact = true }).Last.ClickAsync();
        await Assertions.Expect(projector.Locator("#paper-count")).ToContainTextAsync("等待计票人录入");

        var candidates = (await Voting.GetAsync(convener, electionId)).Candidates.ToDictionary(c => c.Name, c => c.Id);
        async Task EnterAsync(IPage phone, int returned, int zhou, int wu, int zheng, (string Name, int Marks)? writeIn)
        {
            await phone.Locator("#count-returned input, input#count-returned").First.FillAsync(returned.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await phone.Locator("#count-invalid input, input#count-invalid").First.FillAsync("1");
            foreach (var (name, marks) in new[] { ("周建国", zhou), ("吴秀英", wu), ("郑海涛", zheng) })
            {
                await phone.GetByLabel(name).FillAsync(marks.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            if (writeIn is { } w)
            {
                await phone.Locator("#count-add-writein").ClickAsync();
                await phone.GetByLabel("姓名").Last.FillAsync(w.Name);
                await phone.GetByLabel("得票").Last.FillAsync(w.Marks.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            await phone.Locator("#count-submit").ClickAsync();
        }

        await tellerPhones[0].Locator("#go-count").ClickAsync();
        await tellerPhones[0].ArriveAtAsync($"**/sessions/{id}/count/{electionId}");
        await tellerPhones[0].WaitForCircuitAsync();
        await EnterAsync(tellerPhones[0], 24, 20, 15, 6, ("王丽", 3));
        await Assertions.Expect(tellerPhones[0].Locator("#count-waiting")).ToBeVisibleAsync();
        // The hall sees the first count as it is entered (唱票).
        await Assertions.Expect(projector.Locator("#paper-count")).ToContainTextAsync("收回 24");
        await Assertions.Expect(projector.Locator("#paper-count")).ToContainTextAsync("另选他人：王丽");
        await projector.ScreenshotAsync("paper-projector-first-count-1920");
        await tellerPhones[0].ScreenshotAsync("paper-teller-waiting");

        await tellerPhones[1].Locator("#go-count").ClickAsync();
        await tellerPhones[1].ArriveAtAsync($"**/sessions/{id}/count/{electionId}");
        await tellerPhones[1].WaitForCircuitAsync();
        await EnterAsync(tellerPhones[1], 24, 20, 14, 6, ("王丽", 3));
        await Assertions.Expect(tellerPhones[1].Locator(".error-summary, .mud-alert").First).ToContainTextAsync("吴秀英");
        await tellerPhones[1].ScreenshotAsync("paper-teller-disagrees");
        await tellerPhones[1].GetByLabel("吴秀英").FillAsync("15");
        await tellerPhones[1].Locator("#count-submit").ClickAsync();

        await Assertions.Expect(tellerPhones[1].Locator("#count-agreed")).ToBeVisibleAsync();
        await Assertions.Expect(projector.Locator("#vote-verdict")).ToBeVisibleAsync();
        var view = await Voting.GetAsync(convener, electionId);
        Assert.Equal(VoteState.Closed, view.State);
        Assert.Equal(23, view.BallotsCast);
        Assert.Equal(["周建国", "吴秀英"], view.Candidates.Where(c => c.Outcome == CandidateOutcome.Elected).Select(c => c.Name));
        Assert.Contains(view.Candidates, c => c.WriteIn && c.Name == "王丽" && c.Marks == 3);
        await tellerPhones[1].AssertAccessibleAsync();
        await projector.ScreenshotAsync("paper-projector-result-1920");
        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }
    }

    /// <summary>Delegates on 360 px phones, each signed in on the session's live page.</summary>
    private async Task<(List<IBrowserContext> Contexts, List<IPage> Phones)> PhonesAsync(int sessionId, params string[] users)
    {
        var contexts = new List<IBrowserContext>();
        var phones = new List<IPage>();
        foreach (var user in users)
        {
            var context = await browser.NewContextAsync(phone: true);
            contexts.Add(context);
            var phone = await context.NewPageAsync();
            await phone.SignInAsync(user);
            await phone.GotoAsync($"/sessions/{sessionId}");
            await phone.WaitForCircuitAsync();
            phones.Add(phone);
        }
        return (contexts, phones);
    }

    /// <summary>A live session of its own with <paramref name="present"/> delegates checked in, the named ones among them.</summary>
    private async Task<(Actor Convener, int Id)> LiveSessionAsync(string title, int present, params string[] among)
    {
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var id = await Sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, title, DateTime.UtcNow, "社区活动中心"), withTemplate: false);
        await Sessions.AddItemAsync(convener, id, new AgendaItemInput(AgendaItemType.Other, "开幕", null, null, 5));
        await Sessions.PublishAsync(convener, id);
        await Sessions.StartAsync(convener, id);
        var named = new List<int>();
        foreach (var user in among)
        {
            named.Add((await SignInTests.ActorOf(browser.App, user)).DelegateId!.Value);
        }
        var roster = await Sessions.ListAttendanceAsync(convener, id);
        foreach (var delegateId in named.Concat(roster.Select(a => a.DelegateId).Except(named)).Take(present))
        {
            await Sessions.MarkAttendanceAsync(convener, id, delegateId, AttendanceStatus.Present);
        }
        return (convener, id);
    }
}
