using System.Globalization;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>On a delegate's 360 px phone, the hall's controls are big enough for a finger and show where the keyboard is.</summary>
[Collection(BrowserCollection.Name)]
public class HallTargetsTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    [Fact]
    public async Task The_Halls_Controls_Are_At_Least_44_Px_And_Keyboard_Focus_Shows_A_3_Px_Ring()
    {
        var sessions = browser.App.Services.GetRequiredService<SessionService>();
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var id = await sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, "触控目标测试会议", DateTime.UtcNow, "社区活动中心"), withTemplate: false);
        var item = await sessions.AddItemAsync(convener, id, new AgendaItemInput(AgendaItemType.Other, "开幕", null, null, 5));
        await sessions.PublishAsync(convener, id);
        await sessions.StartAsync(convener, id);
        await sessions.StartItemAsync(convener, id, item);
        var me = await SignInTests.ActorOf(browser.App, "delegate29");
        foreach (var a in (await sessions.ListAttendanceAsync(convener, id)).Where(a => a.DelegateId != me.DelegateId).Take(25))
        {
            await sessions.MarkAttendanceAsync(convener, id, a.DelegateId, AttendanceStatus.Present);
        }

        await using var context = await browser.NewContextAsync(phone: true);
        var phone = await context.NewPageAsync();
        await phone.SignInAsync("delegate29");
        await phone.GotoAsync($"/sessions/{id}");
        await phone.WaitForCircuitAsync();

        // From the top of the page, the keyboard reaches 签到 in a few presses and shows where it is.
        var presses = 0;
        while (await phone.EvaluateAsync<string?>("document.activeElement?.id") != "check-in")
        {
            Assert.True(++presses <= 6, "签到 is more than six presses of Tab away");
            await phone.Keyboard.PressAsync("Tab");
        }
        var ring = await phone.EvaluateAsync<string[]>("(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()");
        Assert.NotEqual("none", ring[0]);
        Assert.True(double.Parse(ring[1].Replace("px", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) >= 3, $"outline {ring[1]}");
        await phone.ScreenshotAsync("targets-phone-focus-check-in", fullPage: false);
        await AssertTallAsync(phone, "#check-in", ".hall-back", ".lang-switch a");

        await phone.Keyboard.PressAsync("Enter");
        await Assertions.Expect(phone.Locator("#checked-in")).ToBeVisibleAsync();
        await AssertTallAsync(phone, "#ask-floor", "#open-question", "#check-out", "#elder-toggle");
        var voting = browser.App.Services.GetRequiredService<VotingService>();
        var voteId = await voting.PrepareAsync(convener, id, new VoteInput(null, "通过本次会议议程", false, MajorityRule.HalfOfPresent));
        await voting.OpenAsync(convener, voteId);
        await Assertions.Expect(phone.Locator(".ballot-choice").First).ToBeVisibleAsync();
        await AssertTallAsync(phone, ".ballot-choice");
        await phone.Locator(".ballot-choice[data-choice='yes']").ClickAsync();
        await Assertions.Expect(phone.Locator("#confirm-ballot")).ToBeVisibleAsync();
        await AssertTallAsync(phone, "#confirm-ballot", "#change-ballot");
        await phone.ScreenshotAsync("targets-phone-ballot");
    }

    /// <summary>Every element each selector finds is at least 44 px high and wide.</summary>
    private static async Task AssertTallAsync(IPage page, params string[] selectors)
    {
        foreach (var selector in selectors)
        {
            var boxes = await page.Locator(selector).EvaluateAllAsync<double[][]>("els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })");
            Assert.NotEmpty(boxes);
            Assert.All(boxes, b => Assert.True(b[0] >= 44 && b[1] >= 44, $"{selector}: {b[0]:0} × {b[1]:0} px"));
        }
    }
}
