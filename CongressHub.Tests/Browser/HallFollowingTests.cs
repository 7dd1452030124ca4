using CongressHub.Domain.Accounts;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// The hall followed without sight, by keyboard alone, and with older eyes, on a delegate's phone: what changes is said
/// by one announcer, focus goes on from where an action led, and elder mode shows one action a screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public class HallFollowingTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    private SessionService Sessions => browser.App.Services.GetRequiredService<SessionService>();

    private VotingService Voting => browser.App.Services.GetRequiredService<VotingService>();

    public static TheoryData<string, string, string[]> Languages => new()
    {
        {
            "zh-CN", "delegate13",
            [
                "当前议题：第 1 项，审议社区停车方案。", "您在发言名单第 1 位。", "现在请您发言。", "表决开始：通过社区停车方案。请投票。",
                "表决结束：通过社区停车方案。通过：赞成 1 票，反对 0 票，弃权 0 票。", "结果已公布：通过社区停车方案。",
                "您的发言时间还剩 30 秒。",
            ]
        },
        {
            "en", "delegate14",
            [
                "Now: item 1, 审议社区停车方案.", "You are number 1 on the speakers' list.", "You have the floor.",
                "Voting has opened: 通过社区停车方案. Please vote.", "Voting has closed: 通过社区停车方案. Adopted: 1 for, 0 against, 0 abstaining.",
                "Result announced: 通过社区停车方案.",
                "You have 30 seconds of speaking time left.",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task The_Announcer_Says_The_Item_The_Floor_A_Vote_Opening_And_Its_Result_In_Place(string culture, string user, string[] said)
    {
        var (id, item, convener, me) = await LiveSessionAsync("停车方案会议", "审议社区停车方案", user);
        await Sessions.CheckInAsync(me, id);

        await using var context = await browser.NewContextAsync(phone: true);
        var phone = await context.NewPageAsync();
        await phone.SignInAsync(user);
        await phone.GotoAsync($"/culture/{culture}?returnUrl={Uri.EscapeDataString($"/sessions/{id}")}");
        await phone.ArriveAtAsync($"**/sessions/{id}");
        await phone.WaitForCircuitAsync();

        // The two regions are there, empty, from the start, and every later word lands in these very elements.
        var polite = phone.Locator("#announce-polite");
        var assertive = phone.Locator("#announce-assertive");
        await Assertions.Expect(polite).ToHaveAttributeAsync("aria-live", "polite");
        await Assertions.Expect(assertive).ToHaveAttributeAsync("aria-live", "assertive");
        await Assertions.Expect(polite).ToHaveTextAsync("");
        var regions = await phone.EvaluateHandleAsync("() => [document.getElementById('announce-polite'), document.getElementById('announce-assertive')]");

        await Sessions.StartItemAsync(convener, id, item);
        await Assertions.Expect(polite).ToMatchAriaSnapshotAsync($"- status: \"{said[0]}\"");

        await Sessions.RequestFloorAsync(me, id);
        await Assertions.Expect(polite).ToMatchAriaSnapshotAsync($"- status: \"{said[1]}\"");

        // The shortest turn there is: its last half minute begins at once, and the browser says so.
        await Sessions.SetSpeakingLimitAsync(convener, id, 30);
        var request = (await browser.App.Services.GetRequiredService<SnapshotBuilder>().ReadAsync(convener, id)).Speakers.Single(s => s.DelegateId == me.DelegateId).RequestId;
        await Sessions.GiveFloorAsync(convener, id, request);
        await Assertions.Expect(assertive).ToMatchAriaSnapshotAsync($"- alert: \"{said[2]}\"");
        await Assertions.Expect(polite).ToContainTextAsync(said[6]);

        var vote = await Voting.PrepareAsync(convener, id, new VoteInput(null, "通过社区停车方案", false, MajorityRule.HalfOfCast));
        await Voting.OpenAsync(convener, vote);
        await Assertions.Expect(assertive).ToMatchAriaSnapshotAsync($"- alert: \"{said[3]}\"");
        await phone.ScreenshotAsync($"following-vote-open-{culture}", fullPage: false);

        await Voting.CastAsync(me, vote, VoteChoice.Yes);
        await Voting.CloseAsync(convener, vote);
        await Assertions.Expect(assertive).ToMatchAriaSnapshotAsync($"- alert: \"{said[4]}\"");
        await Voting.PublishAsync(convener, vote);
        await Assertions.Expect(assertive).ToContainTextAsync(said[5]);

        Assert.True(await phone.EvaluateAsync<bool>(
            "rs => rs[0] === document.getElementById('announce-polite') && rs[1] === document.getElementById('announce-assertive')", regions),
            "the announcer's regions were replaced instead of updated in place");
        await phone.AssertAccessibleAsync();
    }

    [Fact]
    public async Task By_Keyboard_Alone_A_Delegate_Checks_In_Asks_For_The_Floor_And_Votes_With_Focus_Following_Each_Step()
    {
        var (id, item, convener, _) = await LiveSessionAsync("键盘操作会议", "开幕", "delegate17");
        await Sessions.StartItemAsync(convener, id, item);

        await using var context = await browser.NewContextAsync(phone: true);
        var phone = await context.NewPageAsync();
        await phone.SignInAsync("delegate17");
        await phone.GotoAsync($"/sessions/{id}");
        await phone.WaitForCircuitAsync();

        var presses = 0;
        async Task TabToAsync(string selector, int most)
        {
            for (var n = 0; !await phone.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector); n++)
            {
                Assert.True(n < most, $"{selector} is more than {most} presses of Tab away; focus is on {await FocusedAsync(phone)}");
                await phone.Keyboard.PressAsync("Tab");
                presses++;
            }
        }
        async Task EnterThenFocusedAsync(string selector)
        {
            await phone.Keyboard.PressAsync("Enter");
            presses++;
            await Assertions.Expect(phone.Locator(selector)).ToBeFocusedAsync();
        }

        await TabToAsync("#check-in", 6);
        await EnterThenFocusedAsync("#checked-in");
        await TabToAsync("#ask-floor", 3);
        await EnterThenFocusedAsync("#my-place");

        // A vote that opens takes the focus to its heading (no one is typing); the choices are the next stop.
        var vote = await Voting.PrepareAsync(convener, id, new VoteInput(null, "通过本次会议议程", false, MajorityRule.HalfOfPresent));
        await Voting.OpenAsync(convener, vote);
        await Assertions.Expect(phone.Locator("#vote-heading")).ToBeFocusedAsync();
        await TabToAsync(".ballot-choice[data-choice='yes']", 2);
        await EnterThenFocusedAsync("#confirm-ballot");
        await phone.ScreenshotAsync("following-keyboard-confirm", fullPage: false);
        await EnterThenFocusedAsync("#ballot-done");

        Assert.True(presses <= 16, $"{presses} key presses to check in, ask for the floor and vote");
        Assert.True((await Voting.MyBallotAsync(await SignInTests.ActorOf(browser.App, "delegate17"), vote)).HasVoted);
    }

    [Fact]
    public async Task Elder_Mode_Shows_The_Current_Item_Then_The_Ballot_In_Large_Type_And_Is_Remembered()
    {
        var (id, item, convener, me) = await LiveSessionAsync("长辈模式会议", "关于老旧小区加装电梯的议案", "delegate18");
        await Sessions.StartItemAsync(convener, id, item);
        await Sessions.CheckInAsync(me, id);
        var accounts = browser.App.Services.GetRequiredService<AccountService>();
        try
        {
            await using var context = await browser.NewContextAsync(phone: true);
            var phone = await context.NewPageAsync();
            await phone.SignInAsync("delegate18");
            await phone.GotoAsync($"/sessions/{id}");
            await phone.WaitForCircuitAsync();
            var normalSize = await FontSizeAsync(phone, "#current-item");

            await phone.Locator("#elder-toggle").ClickAsync();
            await Assertions.Expect(phone.Locator(".elder-mode")).ToBeVisibleAsync();
            await Assertions.Expect(phone.Locator("#elder-toggle")).ToBeFocusedAsync();
            // The current item, larger, without the quorum bar, the question form or the agenda.
            Assert.True(await FontSizeAsync(phone, "#current-item") >= normalSize * 1.4, "the current item is not larger in elder mode");
            await Assertions.Expect(phone.Locator(".quorum")).ToHaveCountAsync(0);
            await Assertions.Expect(phone.Locator("ol.agenda, #question-text")).ToHaveCountAsync(0);
            await phone.AssertAccessibleAsync();
            await phone.ScreenshotAsync("elder-current-item");

            // A vote opens: the ballot alone, its choices one under another, big.
            var vote = await Voting.PrepareAsync(convener, id, new VoteInput(null, "同意为老旧小区加装电梯", false, MajorityRule.HalfOfPresent));
            await Voting.OpenAsync(convener, vote);
            await Assertions.Expect(phone.Locator(".ballot-choice")).ToHaveCountAsync(3);
            await Assertions.Expect(phone.Locator("#current-item")).ToHaveCountAsync(0);
            var boxes = await phone.Locator(".ballot-choice").EvaluateAllAsync<double[][]>("els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })");
            Assert.All(boxes, b => Assert.True(b[3] >= 80 && b[2] >= 280, $"a choice is {b[2]:0} × {b[3]:0} px"));
            Assert.True(boxes[1][1] > boxes[0][1] && boxes[2][1] > boxes[1][1], "the choices are not one under another");
            await phone.AssertAccessibleAsync();
            await phone.ScreenshotAsync("elder-ballot");

            await phone.Locator(".ballot-choice[data-choice='yes']").ClickAsync();
            await Assertions.Expect(phone.Locator("#confirm-ballot")).ToBeFocusedAsync();
            await phone.ScreenshotAsync("elder-confirm");
            await phone.Locator("#confirm-ballot").ClickAsync();
            await Assertions.Expect(phone.Locator("#ballot-done")).ToBeVisibleAsync();
            await Assertions.Expect(phone.Locator("#current-item")).ToBeVisibleAsync();
            await phone.ScreenshotAsync("elder-voted");

            await Voting.CloseAsync(convener, vote);
            await Assertions.Expect(phone.Locator("#vote-verdict")).ToBeVisibleAsync();
            await phone.ScreenshotAsync("elder-result");

            // Remembered: the next visit opens in elder mode, until it is turned off.
            await phone.ReloadAsync();
            await phone.WaitForCircuitAsync();
            await Assertions.Expect(phone.Locator(".elder-mode")).ToBeVisibleAsync();
            await phone.Locator("#elder-toggle").ClickAsync();
            await Assertions.Expect(phone.Locator(".elder-mode")).ToHaveCountAsync(0);
            await Assertions.Expect(phone.Locator(".quorum")).ToBeVisibleAsync();
            Assert.False(await accounts.ElderModeAsync(me));
        }
        finally
        {
            await accounts.SetElderModeAsync(me, false);
        }
    }

    /// <summary>A live session of its own with one item, the delegate's actor, and enough others present for a quorum.</summary>
    private async Task<(int Session, int Item, Domain.Common.Actor Convener, Domain.Common.Actor Delegate)> LiveSessionAsync(string title, string itemTitle, string user)
    {
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var id = await Sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, title, DateTime.UtcNow, "社区活动中心"), withTemplate: false);
        var item = await Sessions.AddItemAsync(convener, id, new AgendaItemInput(AgendaItemType.Other, itemTitle, null, null, 10));
        await Sessions.PublishAsync(convener, id);
        await Sessions.StartAsync(convener, id);
        var me = await SignInTests.ActorOf(browser.App, user);
        foreach (var a in (await Sessions.ListAttendanceAsync(convener, id)).Where(a => a.DelegateId != me.DelegateId).Take(25))
        {
            await Sessions.MarkAttendanceAsync(convener, id, a.DelegateId, AttendanceStatus.Present);
        }
        return (id, item, convener, me);
    }

    private static Task<string> FocusedAsync(IPage page) =>
        page.EvaluateAsync<string>("() => { const e = document.activeElement; return e ? `${e.tagName.toLowerCase()}#${e.id}.${e.className}` : 'nothing'; }");

    private static async Task<double> FontSizeAsync(IPage page, string selector) =>
        double.Parse((await page.Locator(selector).EvaluateAsync<string>("e => getComputedStyle(e).fontSize")).Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
