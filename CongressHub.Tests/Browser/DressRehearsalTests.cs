using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// A dress rehearsal: one whole quarterly session as the seed describes it, with the convener at a desk, ten delegates
/// on 360 px phones, the projector at 1920×1080, an officer and a resident, each in their own browser. After every step
/// it checks what every screen shows as current and writes a screenshot of every screen
/// (TestResults/screenshots/rehearsal-NN-step-screen.png).
/// </summary>
[Collection(BrowserCollection.Name)]
public class DressRehearsalTests(BrowserFixture browser) : BrowserTest
{
    private const string MotionTitle = "关于在各社区设置助老服务点的议案";

    private readonly List<(string Name, IPage Page, bool FullPage)> _screens = [];
    private readonly List<IPage> _phones = [];
    private IPage _console = null!;
    private IPage _projector = null!;
    private SessionSnapshot _agenda = null!;
    private int _step;

    protected override ErrorLog Errors => browser.Errors;

    private SessionService Sessions => browser.App.Services.GetRequiredService<SessionService>();


    private SnapshotBuilder Snapshots => browser.App.Services.GetRequiredService<SnapshotBuilder>();

    [Fact]
    public async Task AQuarterlySession_RunsFromCheckInToPublishedResolution_OnEveryScreenAtOnce()
    {
        // Before the evening: the convener has built and published the agenda; a motion was admitted to it.
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var id = await Sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, "年末例会（彩排）", DateTime.UtcNow, "街道市民活动中心"), withTemplate: true);
        await AdmitMotionAsync(convener, id);
        await Sessions.AddItemAsync(convener, id, new AgendaItemInput(AgendaItemType.Election, "补选居民自治委员会委员", null, null, 20));
        await Sessions.PublishAsync(convener, id);
        _agenda = await Snapshots.ReadAsync(convener, id);
        // Every delegate of the term but one, who asked for leave, will be present (other tests may have added delegates).
        var all = _agenda.Quorum.All;
        var officer = await OfficerOfAsync("城市管理科");
        var contexts = new List<IBrowserContext>();

        try
        {
            var desk = await browser.NewContextAsync();
            contexts.Add(desk);
            _console = await desk.NewPageAsync();
            await _console.SignInAsync("convener");
            await _console.GotoAsync($"/sessions/{id}/console");
            await _console.WaitForCircuitAsync();
            _screens.Add(("console", _console, true));
            var hall = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
            contexts.Add(hall);
            _projector = await hall.NewPageAsync();
            BrowserFixture.Watch(_projector, browser.Errors);
            await _projector.GotoAsync($"/projector/{await Sessions.GetProjectorTokenAsync(convener, id)}");
            await _projector.WaitForCircuitAsync();
            _screens.Add(("projector", _projector, false));
            for (var d = 1; d <= 10; d++)
            {
                var context = await browser.NewContextAsync(phone: true);
                contexts.Add(context);
                var phone = await context.NewPageAsync();
                await phone.SignInAsync($"delegate{d:00}");
                await phone.GotoAsync($"/sessions/{id}");
                await phone.WaitForCircuitAsync();
                _phones.Add(phone);
                _screens.Add(($"delegate{d:00}", phone, false));
            }

            // 1. Doors open: the convener opens the session, delegates check in on their phones, one asked for leave,
            //    everyone else present is marked at once; the quorum shows everywhere.
            await _console.Locator("#start-session").ClickAsync();
            foreach (var phone in _phones)
            {
                await phone.Locator("#check-in").ClickAsync();
                await Assertions.Expect(phone.Locator("#checked-in")).ToBeVisibleAsync();
            }
            var onLeave = await SignInTests.ActorOf(browser.App, "delegate40");
            await _console.GetByRole(AriaRole.Button, new() { Name = $"{onLeave.DisplayName}：请假", Exact = true }).ClickAsync();
            await Assertions.Expect(_console.Locator("#attendance-table")).ToContainTextAsync("请假");
            await _console.Locator("#mark-rest-present").ClickAsync();
            await _console.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "其余代表全部记为出席" }).ClickAsync();
            foreach (var page in _phones.Append(_projector))
            {
                await Assertions.Expect(page.Locator(".quorum").First).ToContainTextAsync($"出席 {all - 1} / {all} 人");
            }
            await StepAsync("checkin", null);

            // 2. Last session's follow-up: delegates rate the answers on their phones, the console counts.
            await StartItemAsync(AgendaItemType.FollowUpReport);
            foreach (var phone in _phones.Take(6))
            {
                var row = phone.Locator("#followup-card .followup-row").Filter(new() { Has = phone.Locator("[data-rate]") }).First;
                await row.Locator("[data-rate='1']").ClickAsync();
                await Assertions.Expect(phone.Locator("#followup-card")).ToContainTextAsync("您的评价：满意");
            }
            await Assertions.Expect(_console.Locator("#followup-panel")).ToContainTextAsync("满意 6");
            await StepAsync("followup", AgendaItemType.FollowUpReport);

            // 3. The communities' opinion report, compiled and attached on the spot.
            await StartItemAsync(AgendaItemType.OpinionReport);
            await _console.Locator("#attach-report").ClickAsync();
            await Assertions.Expect(_phones[0].Locator(".current-card")).ToContainTextAsync("民意汇报");
            await StepAsync("opinions", AgendaItemType.OpinionReport);

            // 4. The floor: two delegates ask, the first is given the floor with a countdown on the projector.
            await StartItemAsync(AgendaItemType.FloorSpeeches);
            await _phones[3].Locator("#ask-floor").ClickAsync();
            await Assertions.Expect(_phones[3].Locator("#my-place")).ToContainTextAsync("第 1 位");
            await _phones[4].Locator("#ask-floor").ClickAsync();
            await Assertions.Expect(_phones[4].Locator("#my-place")).ToContainTextAsync("第 2 位");
            var speaker = await SignInTests.ActorOf(browser.App, "delegate04");
            await _console.Locator($"[data-give-floor='{speaker.DelegateId}']").ClickAsync();
            await Assertions.Expect(_projector.Locator("#projector-speaker")).ToContainTextAsync(speaker.DisplayName!);
            await Assertions.Expect(_projector.Locator(".projector-speaker [data-deadline]")).ToBeVisibleAsync();
            await Assertions.Expect(_phones[4].Locator("#my-place")).ToContainTextAsync("第 1 位");
            await StepAsync("floor", AgendaItemType.FloorSpeeches);

            // 5. Answers on the spot: a delegate asks 城市管理科 from the phone; the question goes up on the projector and
            //    to the department, whose head answers from his desk; the answer shows in the hall.
            await StartItemAsync(AgendaItemType.QuestionsAndAnswers);
            const string question = "和平路北段人行道破损，什么时候能修好？";
            var asker = _phones[5];
            await asker.Locator("#open-question").ClickAsync();
            await asker.Locator("#question-department").ClickAsync();
            await asker.GetByRole(AriaRole.Option, new() { Name = "城市管理科" }).ClickAsync();
            // The choice is the page's once the list has closed on it: typing before that can leave the question
            // without its department under load, and the form refuses it.
            await Assertions.Expect(asker.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
            await asker.Locator("#question-text").FillAsync(question);
            await asker.Locator("#send-question").ClickAsync();
            await Assertions.Expect(asker.Locator("#my-questions")).ToContainTextAsync(question);
            var onConsole = _console.Locator("#questions-panel .question").Filter(new() { HasText = question });
            await onConsole.Locator("[data-show-question]").ClickAsync();
            await Assertions.Expect(_projector.Locator("#projector-question")).ToContainTextAsync(question);
            await Assertions.Expect(_projector.Locator("#projector-question")).ToContainTextAsync("城市管理科");
            await onConsole.Locator("[data-assign-question]").ClickAsync();
            await Assertions.Expect(onConsole).ToContainTextAsync("已交办");
            var officerDesk = await browser.NewContextAsync();
            contexts.Add(officerDesk);
            var officerPage = await officerDesk.NewPageAsync();
            await officerPage.SignInAsync(officer);
            await officerPage.GotoAsync($"/tracking/{await onConsole.GetAttributeAsync("data-question")}");
            await officerPage.WaitForCircuitAsync();
            _screens.Add(("officer", officerPage, true));
            await officerPage.Locator("#answer").ClickAsync();
            await officerPage.Locator("#note-input").FillAsync("已安排施工队，本周六前修复。");
            await officerPage.Locator("#note-confirm").ClickAsync();
            await Assertions.Expect(_projector.Locator("#projector-question")).ToContainTextAsync("本周六前修复");
            await StepAsync("answer", AgendaItemType.QuestionsAndAnswers);

            // 6. The leaders' intentions and the work for communities, in their turn.
            await StartItemAsync(AgendaItemType.Other, 0);
            // The question belonged to the item before: it comes down from the projector with it.
            await Assertions.Expect(_projector.Locator("#projector-question")).ToHaveCountAsync(0);
            await StepAsync("intentions", AgendaItemType.Other, 0);
            await StartItemAsync(AgendaItemType.Other, 1);
            await StepAsync("communitywork", AgendaItemType.Other, 1);

            // 7. The motion: opening its vote makes its item current while ballots pour in from the phones and from the
            //    delegates present without the app; every screen shows the motion's item and the running count.
            await _console.Locator("#prepare-vote").ClickAsync();
            await Assertions.Expect(_console.GetByRole(AriaRole.Dialog)).ToContainTextAsync(MotionTitle);
            await _console.Locator("#vote-save").ClickAsync();
            var open = _console.Locator("[data-open-vote]").First;
            await Assertions.Expect(open).ToBeEnabledAsync();
            var voteId = int.Parse((await open.GetAttributeAsync("data-open-vote"))!, System.Globalization.CultureInfo.InvariantCulture);
            var others = await OthersPresentAsync(convener, id, 20);
            await open.ClickAsync();
            await Assertions.Expect(_console.Locator($"[data-close-vote='{voteId}']")).ToBeVisibleAsync();
            var voting = browser.App.Services.GetRequiredService<VotingService>();
            var backOffice = Task.WhenAll(others.Select(a => voting.CastAsync(a, voteId, VoteChoice.Yes)));
            foreach (var (phone, i) in _phones.Select((p, i) => (p, i)))
            {
                await Assertions.Expect(phone.Locator("#vote-question")).ToHaveTextAsync(MotionTitle);
                await phone.Locator($".ballot-choice[data-choice='{(i < 8 ? "yes" : "abstain")}']").ClickAsync();
                await phone.Locator("#confirm-ballot").ClickAsync();
            }
            await backOffice;
            foreach (var phone in _phones)
            {
                await Assertions.Expect(phone.Locator("#ballot-done")).ToBeVisibleAsync();
            }
            await Assertions.Expect(_projector.Locator("#vote-count")).ToContainTextAsync($"30 / {all - 1}");
            await StepAsync("vote-open", AgendaItemType.MotionVote, motion: true);
            await _console.Locator("[data-close-vote]").ClickAsync();
            await _console.GetByRole(AriaRole.Button, new() { Name = "结束表决", Exact = true }).Last.ClickAsync();
            foreach (var page in _phones.Append(_projector).Append(_console))
            {
                await Assertions.Expect(page.Locator("#vote-verdict").First).ToHaveTextAsync("通过");
            }
            await _console.Locator($"[data-publish-vote='{voteId}']").ClickAsync();
            await StepAsync("vote-result", AgendaItemType.MotionVote, motion: true);

            // 8. The by-election on the phones: two seats, three candidates, marked and counted at once.
            await StartItemAsync(AgendaItemType.Election);
            await _console.Locator("#prepare-election").ClickAsync();
            await _console.Locator("#election-seats").FillAsync("2");
            await _console.Locator("#election-seats").PressAsync("Tab");
            await _console.Locator("#election-others").FillAsync("赵丽华\n钱建军\n孙晓梅");
            await _console.Locator("#election-others").PressAsync("Tab");
            await _console.Locator("#election-save").ClickAsync();
            await ExpectDialogClosedAsync();
            var openElection = _console.Locator("[data-open-vote]").First;
            await Assertions.Expect(openElection).ToHaveTextAsync("开始选举");
            var electionId = await openElection.GetAttributeAsync("data-open-vote");
            await openElection.ClickAsync();
            foreach (var (phone, i) in _phones.Select((p, i) => (p, i)))
            {
                await phone.GetByLabel("赵丽华").CheckAsync();
                await phone.GetByLabel(i < 6 ? "钱建军" : "孙晓梅").CheckAsync();
                await phone.Locator("#cast-marks").ClickAsync();
                await Assertions.Expect(phone.Locator("#ballot-done")).ToBeVisibleAsync();
            }
            await _console.Locator($"[data-close-vote='{electionId}']").ClickAsync();
            await _console.GetByRole(AriaRole.Button, new() { Name = "结束选举", Exact = true }).Last.ClickAsync();
            await Assertions.Expect(_projector.Locator("#vote-verdict")).ToHaveTextAsync("选举结果已产生");
            await Assertions.Expect(_projector.Locator("#vote-verdict")).ToBeInViewportAsync(new() { Ratio = 1 });
            await Assertions.Expect(_projector.Locator(".tally-row.elected .tally-outcome")).ToHaveCountAsync(2);
            await _console.Locator($"[data-publish-vote='{electionId}']").ClickAsync();
            await StepAsync("election", AgendaItemType.Election);

            // 9. Adjournment: the template's own motion item was never needed; the convener is told before closing.
            await _console.Locator("#adjourn-session").ClickAsync();
            var confirm = _console.GetByRole(AriaRole.Dialog);
            await Assertions.Expect(confirm).ToContainTextAsync("没有进行");
            await Assertions.Expect(confirm).ToContainTextAsync(Item(AgendaItemType.MotionVote).Title);
            await _console.ScreenshotAsync($"rehearsal-{++_step:00}-adjourn-confirm-console", fullPage: false);
            await confirm.GetByRole(AriaRole.Button, new() { Name = "闭会" }).ClickAsync();
            foreach (var phone in _phones)
            {
                await Assertions.Expect(phone.Locator("#current-item")).ToHaveTextAsync("会议已结束。");
            }
            await Assertions.Expect(_projector.GetByText("已闭会", new() { Exact = true })).ToHaveCountAsync(1);
            var closed = await Snapshots.ReadAsync(convener, id);
            Assert.Equal(AgendaItemStatus.Skipped, closed.Items.Single(i => i.Id == Item(AgendaItemType.MotionVote).Id).Status);
            Assert.DoesNotContain(closed.Items, i => i.Status is AgendaItemStatus.Pending or AgendaItemStatus.Current);
            await StepAsync("adjourned", null);

            // 10. The minutes, drafted from the session's records, sent to the leaders and signed off by the director;
            // the convener's page shows the sign-off as it happens.
            await _console.GotoAsync($"/sessions/{id}/minutes");
            await _console.WaitForCircuitAsync();
            await _console.Locator("#draft-minutes").ClickAsync();
            await Assertions.Expect(_console.Locator("#minutes-text")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(MotionTitle));
            await Assertions.Expect(_console.Locator("#minutes-text")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("## 出席情况"));
            await _console.Locator("#submit-minutes").ClickAsync();
            await _console.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "送领导签发" }).ClickAsync();
            await Assertions.Expect(_console.Locator("#minutes-with-leaders")).ToBeVisibleAsync();
            await _console.ScreenshotAsync($"rehearsal-{++_step:00}-minutes-sent-console");
            var leaderDesk = await browser.NewContextAsync();
            contexts.Add(leaderDesk);
            var leader = await leaderDesk.NewPageAsync();
            await leader.SignInAsync("officer01");
            await leader.GotoAsync($"/sessions/{id}/minutes");
            await leader.WaitForCircuitAsync();
            await Assertions.Expect(leader.Locator("#minutes-preview")).ToContainTextAsync(MotionTitle);
            await leader.AssertAccessibleAsync();
            await leader.ScreenshotAsync($"rehearsal-{++_step:00}-minutes-leader");
            await leader.Locator("#sign-off-minutes").ClickAsync();
            await leader.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "签发" }).ClickAsync();
            await Assertions.Expect(leader.Locator("#minutes-signed-off")).ToBeVisibleAsync();
            await Assertions.Expect(_console.Locator("#minutes-signed-off")).ToContainTextAsync("签发");
            await _console.ScreenshotAsync($"rehearsal-{++_step:00}-minutes-console");

            // 11. The resolution's wording is checked, corrected and published, which numbers it.
            await _console.GotoAsync("/resolutions");
            await _console.WaitForCircuitAsync();
            await _console.Locator(".resolution-card.draft").Filter(new() { HasText = "助老服务点" }).Locator("a").ClickAsync();
            await _console.ArriveAtAsync(new System.Text.RegularExpressions.Regex(@"/resolutions/\d+$"));
            await _console.WaitForCircuitAsync();
            await _console.Locator("#wording-text").FillAsync("各社区在今年内设置助老服务点，提供助餐、助浴和健康咨询，由民政科牵头落实。");
            await _console.Locator("#save-wording").ClickAsync();
            await Assertions.Expect(_console.Locator("#wording-diff ins").Last).ToContainTextAsync("民政科牵头");
            await _console.ScreenshotAsync($"rehearsal-{++_step:00}-resolution-draft-console");
            await _console.Locator("#publish-resolution").ClickAsync();
            await _console.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "公布决议" }).ClickAsync();
            await Assertions.Expect(_console.Locator("#public-page")).ToBeVisibleAsync();
            var number = System.Text.RegularExpressions.Regex.Match(await _console.Locator("body").InnerTextAsync(), @"\d{4}-Q\d-\d{2}").Value;
            await _console.ScreenshotAsync($"rehearsal-{++_step:00}-resolution-published-console");

            // 12. A resident reads both on a phone, without an account.
            var street = await browser.NewContextAsync(phone: true);
            contexts.Add(street);
            var resident = await street.NewPageAsync();
            await resident.GotoAsync($"/s/shiyan/sessions/{id}/minutes");
            await Assertions.Expect(resident.Locator("h1")).ToContainTextAsync("年末例会（彩排）");
            await Assertions.Expect(resident.Locator("body")).ToContainTextAsync(MotionTitle);
            await Assertions.Expect(resident.Locator("#minutes-signature")).ToContainTextAsync("签发");
            await resident.AssertAccessibleAsync();
            await resident.ScreenshotAsync($"rehearsal-{++_step:00}-minutes-resident");
            await resident.GotoAsync($"/s/shiyan/resolutions/{number}");
            await Assertions.Expect(resident.Locator("body")).ToContainTextAsync("民政科牵头落实");
            await Assertions.Expect(resident.Locator("[data-print]")).ToBeVisibleAsync();
            await resident.AssertAccessibleAsync();
            await resident.ScreenshotAsync($"rehearsal-{++_step:00}-resolution-resident");
        }
        finally
        {
            foreach (var context in contexts)
            {
                await context.DisposeAsync();
            }
        }
    }

    /// <summary>The console's dialog closed after a save; if the form refused it instead, the failure names what it said.</summary>
    private async Task ExpectDialogClosedAsync()
    {
        var dialog = _console.GetByRole(AriaRole.Dialog);
        try
        {
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException($"The dialog stayed open, showing: {await dialog.InnerTextAsync()}", e);
        }
    }

    private AgendaItemView Item(AgendaItemType type, int nth = 0) => _agenda.Items.Where(i => i.Type == type).ElementAt(nth);

    private async Task StartItemAsync(AgendaItemType type, int nth = 0)
    {
        var item = Item(type, nth);
        await _console.Locator($"[data-start-item='{item.Position}']").ClickAsync();
        await CurrentEverywhereAsync(item);
    }

    /// <summary>Every phone, the projector and the console show this item as the current one.</summary>
    private async Task CurrentEverywhereAsync(AgendaItemView item)
    {
        foreach (var phone in _phones)
        {
            await Assertions.Expect(phone.Locator("#current-item")).ToHaveTextAsync($"{item.Position}. {item.Title}");
        }
        await Assertions.Expect(_projector.Locator(".projector-current .projector-label").First).ToContainTextAsync($"{item.Position} / {_agenda.Items.Count}");
        await Assertions.Expect(_console.Locator(".item-timer")).ToContainTextAsync(item.Title);
    }

    /// <summary>Checks what is current on every screen once more, then writes a screenshot of each.</summary>
    private async Task StepAsync(string name, AgendaItemType? current, int nth = 0, bool motion = false)
    {
        if (current is { } type)
        {
            await CurrentEverywhereAsync(motion ? _agenda.Items.Single(i => i.MotionId is not null) : Item(type, nth));
        }
        _step++;
        foreach (var (screen, page, fullPage) in _screens)
        {
            await page.ScreenshotAsync($"rehearsal-{_step:00}-{name}-{screen}", fullPage);
        }
        await _phones[0].AssertAccessibleAsync();
        await _projector.AssertAccessibleAsync();
    }

    private async Task AdmitMotionAsync(Actor convener, int sessionId)
    {
        var motions = browser.App.Services.GetRequiredService<MotionService>();
        var sponsor = await SignInTests.ActorOf(browser.App, "delegate11");
        var id = await motions.DraftAsync(sponsor, new MotionInput(MotionTitle, "各社区设置助老服务点，提供助餐和健康咨询。"));
        await motions.SubmitAsync(sponsor, id);
        for (var i = 12; i <= 16; i++)
        {
            await motions.CosignAsync(await SignInTests.ActorOf(browser.App, $"delegate{i}"), id);
        }
        await motions.AdmitAsync(convener, id, sessionId);
    }

    /// <summary>Delegates present who have no phone in this rehearsal, as actors (their ballots go through the API's service).</summary>
    private async Task<List<Actor>> OthersPresentAsync(Actor convener, int sessionId, int count)
    {
        var onPhones = new HashSet<string>(Enumerable.Range(1, 10).Select(d => $"delegate{d:00}"));
        var present = (await Sessions.ListAttendanceAsync(convener, sessionId)).Where(a => a.Status == AttendanceStatus.Present).Select(a => a.DelegateId).ToHashSet();
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync();
        var names = await db.Users.Where(u => u.DelegateId != null && u.StreetId == convener.StreetId).Select(u => new { u.UserName, u.DelegateId }).ToListAsync();
        var actors = new List<Actor>();
        foreach (var n in names.Where(n => present.Contains(n.DelegateId!.Value) && !onPhones.Contains(n.UserName!)).OrderBy(n => n.UserName).Take(count))
        {
            actors.Add(await SignInTests.ActorOf(browser.App, n.UserName!));
        }
        return actors;
    }

    private async Task<string> OfficerOfAsync(string department)
    {
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync();
        var officer = await db.Officers.Where(o => o.StreetId == 1 && db.Departments.Any(d => d.Id == o.DepartmentId && d.Name == department)).Select(o => o.Id).FirstAsync();
        return await db.Users.Where(u => u.OfficerId == officer).Select(u => u.UserName!).SingleAsync();
    }
}
