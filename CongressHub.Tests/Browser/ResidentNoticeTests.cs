using CongressHub.Domain.Notices;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>A resident on a phone asks to be told by e-mail when their opinion is answered, confirms the address with a code, and is told.</summary>
[Collection(BrowserCollection.Name)]
public class ResidentNoticeTests(BrowserFixture browser) : BrowserTest
{
    private const string Address = "chunmei.zhao@example.cn";
    private const string Text = "幸福路 3 号楼前的窨井盖松动，车一压就响，晚上很吵。";

    protected override ErrorLog Errors => browser.Errors;

    private TrackingService Tracking => browser.App.Services.GetRequiredService<TrackingService>();

    [Fact]
    public async Task ResidentOnAPhone_AsksToBeToldByEmail_ConfirmsTheCode_AndIsToldWhenItIsAnswered()
    {
        await using var context = await browser.NewContextAsync(phone: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/s/shiyan/opinions/new");
        await Assertions.Expect(page.Locator(".notify-box legend")).ToHaveTextAsync("答复时通知我（可选）");
        await Assertions.Expect(page.Locator("#notify-code")).ToHaveCountAsync(0);

        await page.SelectOptionAsync("#community", new SelectOptionValue { Index = 1 });
        await page.SelectOptionAsync("#category", "UrbanManagement");
        await page.FillAsync("#opinion-text", Text);
        await page.Locator("#publishable").CheckAsync();
        await page.Locator("#check-answer").FillAsync(await PublicOpinionTests.AnswerAsync(page));
        await page.FillAsync("#notify-contact", Address);
        await page.Locator("#send-code").ClickAsync();

        await Assertions.Expect(page.Locator("#code-sent")).ToContainTextAsync("验证码已发出");
        // Everything typed is still there; only the code is asked for now.
        await Assertions.Expect(page.Locator("#opinion-text")).ToHaveValueAsync(Text);
        await Assertions.Expect(page.Locator("#notify-contact")).ToHaveValueAsync(Address);
        var sent = await browser.App.Email.WaitForAsync(m => m.Address == Address && m.Notices[0].TextKey == "Notice.ContactCode", TimeSpan.FromSeconds(30));
        var code = sent.Notices[0].Args[0];
        Assert.Matches(@"^\d{6}$", code);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("resident-notice-code-sent-phone");
        await page.Locator(".notify-box").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "resident-notice-box-phone.png") });
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The form scrolls sideways on a phone.");

        await page.FillAsync("#notify-code", code);
        await page.Locator("#submit-opinion").ClickAsync();

        await Assertions.Expect(page.Locator("#opinion-sent")).ToContainTextAsync("您的意见已提交");
        await Assertions.Expect(page.Locator("#opinion-told")).ToContainTextAsync("按您确认的联系方式通知您");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("resident-notice-sent-phone");
        var id = int.Parse(new Uri(page.Url).Query.Split('&')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);

        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var street = (await browser.App.Services.GetRequiredService<FollowUpService>().PublicListAsync("shiyan", new TrackingFilter()))!;
        await Tracking.AcceptAsync(convener, id, street.Departments[0].Id);
        await Tracking.AnswerAsync(convener, id, "已通知市政养护单位，本周内更换井盖。");

        var told = await browser.App.Email.WaitForAsync(m => m.Address == Address && m.Notices.Any(n => n.TextKey == "Notice.OpinionAnswered"), TimeSpan.FromSeconds(60));
        Assert.Contains("您的意见已答复", told.Notices.Single(n => n.TextKey == "Notice.OpinionAnswered").Text);
        Assert.EndsWith($"/s/shiyan/opinions#item-{id}", told.Notices.Single(n => n.TextKey == "Notice.OpinionAnswered").Url);

        // The public follow-up shows the answer, and nothing of the address.
        await page.GotoAsync("/s/shiyan/opinions");
        await Assertions.Expect(page.Locator($"#item-{id}")).ToContainTextAsync("本周内更换井盖");
        Assert.DoesNotContain("example.cn", await page.ContentAsync());
    }
}
