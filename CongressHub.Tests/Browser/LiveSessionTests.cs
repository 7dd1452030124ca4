using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Seeding;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>A session in the hall: a convener, three delegates on phones and the projector, each in its own browser.</summary>
[Collection(BrowserCollection.Name)]
public class LiveSessionTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    private SessionService Sessions => browser.App.Services.GetRequiredService<SessionService>();


    private SnapshotBuilder Snapshots => browser.App.Services.GetRequiredService<SnapshotBuilder>();

    [Fact]
    public async Task DelegatesCheckIn_QuorumIsReached_Item2ShowsEverywhere_FloorAndCountdownOnTheProjector()
    {
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var id = await NewLiveSessionAsync(convener, "大厅测试会议");
        string[] delegates = ["delegate05", "delegate06", "delegate07"];
        var browserDelegateIds = new List<int>();
        foreach (var d in delegates)
        {
            browserDelegateIds.Add((await SignInTests.ActorOf(browser.App, d)).DelegateId!.Value);
        }
        var snapshot = await Snapshots.ReadAsync(convener, id);
        var others = (await Sessions.ListAttendanceAsync(convener, id)).Where(a => !browserDelegateIds.Contains(a.DelegateId)).Take(snapshot.Quorum.Required - 3);
        foreach (var a in others)
        {
            await Sessions.MarkAttendanceAsync(convener, id, a.DelegateId, AttendanceStatus.Present);
        }

        await using var convenerContext = await browser.NewContextAsync();
        var console = await convenerContext.NewPageAsync();
        await console.SignInAsync("convener");
        await console.GotoAsync($"/sessions/{id}/console");
        await console.WaitForCircuitAsync();
        await Assertions.Expect(console.Locator(".quorum-state")).ToContainTextAsync("还差 3 人");

        var phones = new List<IPage>();
        var contexts = new List<IBrowserContext>();
        foreach (var d in delegates)
        {
            var context = await browser.NewContextAsync(phone: true);
            contexts.Add(context);
            var phone = await context.NewPageAsync();
            await phone.SignInAsync(d);
            await phone.GotoAsync($"/sessions/{id}");
            await phone.WaitForCircuitAsync();
            await phone.Locator("#check-in").ClickAsync();
            await Assertions.Expect(phone.Locator("#checked-in")).ToBeVisibleAsync();
            phones.Add(phone);
        }

        await Assertions.Expect(console.Locator(".quorum-state")).ToContainTextAsync("已达到法定人数");
        await console.AssertAccessibleAsync();
        await console.Locator("[data-start-item='2']").ClickAsync();
        foreach (var phone in phones)
        {
            await Assertions.Expect(phone.Locator("#current-item")).ToContainTextAsync(snapshot.Items[1].Title);
        }
        await phones[0].AssertAccessibleAsync();

        await using var hallContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var projector = await hallContext.NewPageAsync();
        await projector.GotoAsync($"/projector/{await Sessions.GetProjectorTokenAsync(convener, id)}");
        await projector.WaitForCircuitAsync();
        await Assertions.Expect(projector.Locator("#projector-item")).ToHaveTextAsync(snapshot.Items[1].Title);

        await phones[0].Locator("#ask-floor").ClickAsync();
        await Assertions.Expect(phones[0].Locator("#my-place")).ToContainTextAsync("第 1 位");
        await console.Locator($"[data-give-floor='{browserDelegateIds[0]}']").ClickAsync();

        var name = (await SignInTests.ActorOf(browser.App, delegates[0])).DisplayName!;
        await Assertions.Expect(projector.Locator("#projector-speaker")).ToContainTextAsync(name);
        await Assertions.Expect(projector.Locator(".projector-countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[0-3]:\d\d$"));
        await Assertions.Expect(phones[1].Locator(".speaking-name")).ToHaveTextAsync(name);
        await projector.AssertAccessibleAsync();
        await projector.ScreenshotAsync("live-projector-1920");
        await console.ScreenshotAsync("live-console");
        await phones[1].ScreenshotAsync("live-delegate-phone");

        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }
    }

    [Fact]
    public async Task DelegatePage_AfterADroppedConnection_ShowsTheCurrentItem_NotAStaleOne()
    {
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var id = await NewLiveSessionAsync(convener, "断线测试会议");
        var items = (await Snapshots.ReadAsync(convener, id)).Items;
        await Sessions.StartItemAsync(convener, id, items[0].Id);
        await using var proxy = new LoopbackProxy(new Uri(browser.BaseUrl));
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = proxy.Url, ViewportSize = new ViewportSize { Width = 360, Height = 780 }, IsMobile = true,
        });
        var phone = await context.NewPageAsync();
        await phone.SignInAsync("delegate08");
        await phone.GotoAsync($"/sessions/{id}");
        await phone.WaitForCircuitAsync();
        await Assertions.Expect(phone.Locator("#current-item")).ToContainTextAsync(items[0].Title);

        proxy.Cut();
        await Assertions.Expect(phone.Locator("#components-reconnect-modal")).ToBeVisibleAsync();
        await Sessions.StartItemAsync(convener, id, items[2].Id);
        await phone.ScreenshotAsync("live-reconnecting-phone", fullPage: false);
        proxy.Resume();

        await Assertions.Expect(phone.Locator("#current-item")).ToContainTextAsync(items[2].Title, new() { Timeout = 30_000 });
        await Assertions.Expect(phone.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
    }

    [Fact]
    public async Task AgendaPage_ReorderByKeyboardAndByDragging()
    {
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var id = await Sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, "排序测试会议", DateTime.UtcNow.AddDays(30), "礼堂"), withTemplate: true);
        var before = (await Snapshots.ReadAsync(convener, id)).Items;
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("convener");
        await page.GotoAsync($"/sessions/{id}/agenda");
        await page.WaitForCircuitAsync();

        var moveDown = page.GetByRole(AriaRole.Button, new() { Name = $"下移：{before[0].Title}" });
        await Assertions.Expect(moveDown).ToBeEnabledAsync();
        await moveDown.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".agenda-title").First).ToHaveTextAsync(before[1].Title);
        await page.Locator($"[data-item='{before[6].Id}']").DragToAsync(page.Locator($"[data-item='{before[1].Id}']"));

        await Assertions.Expect(page.Locator(".agenda-title").First).ToHaveTextAsync(before[6].Title);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("agenda-reordered");
        var after = (await Snapshots.ReadAsync(convener, id)).Items;
        Assert.Equal([before[6].Id, before[1].Id, before[0].Id], after.Take(3).Select(i => i.Id));
    }

    private async Task<int> NewLiveSessionAsync(Actor convener, string title)
    {
        var id = await Sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, title, DateTime.UtcNow, "社区活动中心"), withTemplate: true);
        await Sessions.PublishAsync(convener, id);
        await Sessions.StartAsync(convener, id);
        return id;
    }
}
