using CongressHub.Domain.Directory;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using CongressHub.Web.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// What one account's open pages (circuits) may hold on to: a retired delegate's page is signed out at once, and an
/// account past its number of pages loses its oldest. Each test runs its own app, so that its retirements and limits
/// touch no other test's accounts.
/// </summary>
[Collection(BrowserCollection.Name)]
public class OpenPagesTests(BrowserFixture browser) : BrowserTest
{
    private readonly ErrorLog _errors = new();

    protected override ErrorLog Errors => _errors;

    [Fact]
    public async Task RetiringADelegate_SignsTheirOpenPageOutAtOnce()
    {
        await using var app = await AppFactory.CreateAsync(_errors);
        var url = app.StartOnLoopback();
        var id = await LiveSessionIdAsync(app);
        await using var context = await NewContextAsync(url);
        var phone = await context.NewPageAsync();
        await phone.SignInAsync("delegate09");
        await phone.GotoAsync($"/sessions/{id}");
        await phone.WaitForCircuitAsync();

        var convener = await SignInTests.ActorOf(app, "convener");
        await app.Services.GetRequiredService<DirectoryService>().RetireDelegateAsync(convener, (await SignInTests.ActorOf(app, "delegate09")).DelegateId!.Value, "moved away");

        await phone.ArriveAtAsync("**/signin?returnUrl=*");
        await Assertions.Expect(phone.Locator("#username")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnAccountPastItsNumberOfPages_LosesItsOldestPage_WhileTheOthersFollowTheSession()
    {
        await using var app = await AppFactory.CreateAsync(_errors, new Dictionary<string, string> { ["Limits:CircuitsPerUser"] = "2" });
        var url = app.StartOnLoopback();
        var id = await LiveSessionIdAsync(app);
        var feeds = app.Services.GetRequiredService<SessionFeeds>();
        await using var context = await NewContextAsync(url);
        var pages = new List<IPage>();
        var first = await context.NewPageAsync();
        await first.SignInAsync("delegate10");
        pages.Add(first);
        for (var i = 0; i < 2; i++)
        {
            pages.Add(await context.NewPageAsync());
        }

        foreach (var page in pages)
        {
            await page.GotoAsync($"/sessions/{id}");
            await page.WaitForCircuitAsync();
        }
        // Each open live page follows the session; the first page's circuit, closed, follows it no more.
        await WaitUntilAsync(() => feeds.SubscriberCount(id) == 2, "the oldest page's circuit to be closed");
        var convener = await SignInTests.ActorOf(app, "convener");
        var snapshot = await app.Services.GetRequiredService<CongressHub.Domain.Live.SnapshotBuilder>().ReadAsync(convener, id);
        var item = snapshot.Items.First(i => i.MotionId is null && i.Id != snapshot.CurrentItemId);
        await app.Services.GetRequiredService<SessionService>().StartItemAsync(convener, id, item.Id);

        await Assertions.Expect(pages[1].Locator("#current-item")).ToContainTextAsync(item.Title);
        await Assertions.Expect(pages[2].Locator("#current-item")).ToContainTextAsync(item.Title);
        Assert.Equal(2, feeds.SubscriberCount(id));
    }

    private async Task<IBrowserContext> NewContextAsync(string url)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = url,
            ViewportSize = new ViewportSize { Width = 360, Height = 780 },
            IsMobile = true,
        });
        context.Page += (_, page) => BrowserFixture.Watch(page, _errors);
        return context;
    }

    private static async Task<int> LiveSessionIdAsync(AppFactory app)
    {
        var convener = await SignInTests.ActorOf(app, "convener");
        return (await app.Services.GetRequiredService<SessionService>().ListSessionsAsync(convener)).Single(s => s.Status == SessionStatus.Live && s.Title.Contains("季度")).Id;
    }

    /// <summary>Waits for a condition of the app's own state, looking again whenever the app has had a moment to act.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, "Timed out waiting for " + what);
            // Each look reads the app's state; the condition is what it holds.
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
