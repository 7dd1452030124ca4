using CongressHub.Domain.Sessions;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>A delegate on a phone takes a session into their calendar, and makes and revokes their calendar feed link.</summary>
[Collection(BrowserCollection.Name)]
public class CalendarJourneyTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    [Fact]
    public async Task Delegate_OnAPhone_CreatesTheFeedLink_SeesItOnce_AndRevokesIt()
    {
        await using var context = await browser.NewContextAsync(phone: true, phoneWidth: 360);
        var page = await context.NewPageAsync();
        await page.SignInAsync("delegate02");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("#calendar-none")).ToBeVisibleAsync();
        await page.ScreenshotAsync("calendar-none-360");

        await page.Locator("#calendar-create").ClickAsync();
        var box = page.GetByLabel("订阅链接");
        await Assertions.Expect(box).ToBeVisibleAsync();
        var link = await box.InputValueAsync();
        await page.ScreenshotAsync("calendar-link-360");

        Assert.Matches(@"^http://localhost:5000/calendar/[A-Za-z0-9_-]{43}\.ics$", link);
        Assert.Equal("webcal://" + link["http://".Length..], await page.Locator("#calendar-webcal").GetAttributeAsync("href"));
        await Assertions.Expect(page.Locator("#calendar-created")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.AssertNoSidewaysScrollAsync("with the new calendar link");
        var feed = browser.BaseUrl + new Uri(link).PathAndQuery;
        using (var anonymous = new HttpClient())
        {
            var answer = await anonymous.GetStringAsync(feed);
            Assert.StartsWith("BEGIN:VCALENDAR", answer);
        }

        await page.Locator("#calendar-revoke").ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(confirm).ToContainTextAsync("无法撤销");
        await page.ScreenshotAsync("calendar-revoke-confirm-360");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "停用链接" }).ClickAsync();

        await Assertions.Expect(page.Locator("#calendar-none")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#calendar-url")).ToHaveCountAsync(0);
        using (var anonymous = new HttpClient())
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await anonymous.GetAsync(feed)).StatusCode);
        }
    }

    [Fact]
    public async Task Delegate_OnAPhone_DownloadsTheSessionForTheirCalendar()
    {
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var sessions = browser.App.Services.GetRequiredService<SessionService>();
        var id = await sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, "临时会议（日历）", DateTime.UtcNow.AddDays(7), "礼堂"), withTemplate: true);
        await sessions.PublishAsync(convener, id);
        var session = (await sessions.ListSessionsAsync(convener)).Single(s => s.Id == id);
        await using var context = await browser.NewContextAsync(phone: true, phoneWidth: 360);
        var page = await context.NewPageAsync();
        await page.SignInAsync("delegate03");
        await page.GotoAsync($"/sessions/{session.Id}");
        await page.WaitForCircuitAsync();
        var add = page.GetByRole(AriaRole.Link, new() { Name = $"添加到日历：“{session.Title}”（下载 .ics 文件）" });
        await Assertions.Expect(add).ToBeVisibleAsync();
        await page.ScreenshotAsync("calendar-session-360", fullPage: false);

        var download = await page.RunAndWaitForDownloadAsync(() => add.ClickAsync());

        Assert.Equal($"session-{session.Id}.ics", download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), $"congresshub-{Guid.NewGuid():N}.ics");
        await download.SaveAsAsync(saved);
        var calendar = Ical.Net.Calendar.Load(await File.ReadAllTextAsync(saved))!;
        File.Delete(saved);
        Assert.Equal(session.Title, Assert.Single(calendar.Events).Summary);
        await page.AssertAccessibleAsync();
    }
}
