using CongressHub.Domain.Sessions;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// A delegate on a phone chooses e-mail; the convener at a desk publishes a session and watches the call go out: the
/// e-mail sent, the letters to print, and the delegate reading it, each filling in without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public class NoticeDeliveryTests(BrowserFixture browser) : BrowserTest
{
    private const string Address = "delegate07@example.cn";

    protected override ErrorLog Errors => browser.Errors;

    [Fact]
    public async Task TheConvenerPublishesASession_AndSeesItsCallReachEachDelegate()
    {
        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = await phoneContext.NewPageAsync();
        await phone.SignInAsync("delegate07");
        await phone.GotoAsync("/notices");
        await phone.WaitForCircuitAsync();
        await phone.Locator("#channel-email").CheckAsync();
        await phone.Locator("#notice-email").FillAsync(Address);
        await phone.Locator("#save-notice-settings").ClickAsync();
        await Assertions.Expect(phone.Locator(".mud-snackbar")).ToContainTextAsync("已保存");
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotAsync("notices-settings-phone");

        var convenerActor = await SignInTests.ActorOf(browser.App, "convener");
        var sessions = browser.App.Services.GetRequiredService<SessionService>();
        var title = "通知送达演练会议 " + Guid.NewGuid().ToString("N")[..6];
        var id = await sessions.CreateSessionAsync(convenerActor, new SessionInput(SessionKind.Regular, title, DateTime.UtcNow.AddDays(10), "街道礼堂"), withTemplate: true);
        await using var deskContext = await browser.NewContextAsync();
        var desk = await deskContext.NewPageAsync();
        await desk.SignInAsync("convener");
        await desk.GotoAsync($"/sessions/{id}/agenda");
        await desk.WaitForCircuitAsync();
        await desk.Locator("#publish-session").ClickAsync();
        await desk.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "发布会议" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#publish-session")).ToHaveCountAsync(0);

        await desk.Locator("#session-notice-delivery").ClickAsync();
        var callRow = desk.Locator($"[data-event='session-published:{id}']");
        await Assertions.Expect(callRow).ToContainTextAsync(title);
        // The sender works in the background: the e-mail's state arrives on the open page.
        await Assertions.Expect(callRow.Locator(".count-sent")).ToHaveTextAsync("已发出 1");
        var mail = await browser.App.Email.WaitForAsync(m => m.Address == Address && m.Notices.Any(n => n.Url.EndsWith($"/sessions/{id}", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        Assert.Contains(title, mail.Notices.Single().Text);
        Assert.Null(mail.UnsubscribeUrl);
        await callRow.Locator(".show-recipients").ClickAsync();
        var recipient = callRow.Locator(".notice-recipients li").Filter(new() { Has = desk.Locator(".delivery[data-state='Sent']") });
        await Assertions.Expect(recipient).ToHaveCountAsync(1);
        await Assertions.Expect(recipient).ToContainTextAsync("d***@example.cn");
        await Assertions.Expect(callRow.Locator(".delivery[data-state='Queued']").First).ToContainTextAsync("纸质 · 待打印");
        await Assertions.Expect(callRow.Locator(".count-read")).ToHaveTextAsync("已读 0");
        await desk.AssertAccessibleAsync();
        await desk.ScreenshotAsync("notices-delivery-desk");

        await phone.GotoAsync("/notices");
        var call = phone.Locator("#my-notices li.unread", new() { HasText = title });
        await Assertions.Expect(call).ToHaveCountAsync(1);
        await call.Locator("a").ClickAsync();
        await phone.ArriveAtAsync($"**/sessions/{id}");
        await Assertions.Expect(callRow.Locator(".count-read")).ToHaveTextAsync("已读 1");
        await desk.ScreenshotAsync("notices-delivery-read-desk");

        await desk.GotoAsync($"/sessions/{id}/letters");
        await desk.WaitForCircuitAsync();
        await Assertions.Expect(desk.Locator("article.letter").First).ToContainTextAsync("代表：");
        await Assertions.Expect(desk.Locator("article.letter").First).ToContainTextAsync("街道礼堂");
        await desk.Locator("#letters-printed").ClickAsync();
        await Assertions.Expect(desk.Locator("#letters-printed")).ToBeDisabledAsync();
        await desk.AssertAccessibleAsync();
    }
}
