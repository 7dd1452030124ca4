using System.Globalization;
using System.Text.RegularExpressions;
using CongressHub.Tests.Support;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>A resident on a phone proposes a topic on the community's page, then supports one with a code sent by e-mail.</summary>
[Collection(BrowserCollection.Name)]
public class CommunityTopicsTests(BrowserFixture browser) : BrowserTest
{
    private const string Address = "topic.supporter@example.cn";

    protected override ErrorLog Errors => browser.Errors;

    [Fact]
    public async Task ResidentOnAPhone_ProposesATopic_AndSupportsOneWithACode()
    {
        await using var context = await browser.NewContextAsync(phone: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/s/shiyan");
        await page.GetByRole(AriaRole.Link, new() { Name = "东风社区" }).ClickAsync();
        await page.ArriveAtAsync("**/s/shiyan/c/*");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("东风社区");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("community-page-phone");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The community page scrolls sideways on a phone.");

        await page.FillAsync("#topic-title", "东门增设快递柜");
        await page.FillAsync("#topic-description", "小区快递多，门卫室放不下，建议在东门增设智能快递柜。");
        await page.FillAsync("#proposer-label", "2号楼居民");
        await page.Locator("#topic-check").FillAsync(await AnswerAsync(page, "topic-check"));
        await page.Locator("#submit-topic").ClickAsync();

        await Assertions.Expect(page.Locator("#topic-sent")).ToContainTextAsync("您的议题已提交");
        var card = page.Locator(".topic-card", new() { HasText = "东门增设快递柜" });
        await Assertions.Expect(card).ToContainTextAsync("附议 0 人");
        await page.AssertAccessibleAsync();

        await card.GetByRole(AriaRole.Link, new() { Name = "附议“东门增设快递柜”" }).ClickAsync();
        await page.FillAsync("#support-contact", Address);
        await page.Locator("#support-check").FillAsync(await AnswerAsync(page, "support-check"));
        await page.Locator("#support-send-code").ClickAsync();
        await Assertions.Expect(page.Locator("#support-code-sent")).ToContainTextAsync("验证码已发出");
        var sent = await browser.App.Email.WaitForAsync(m => m.Address == Address && m.Notices[0].TextKey == "Notice.ContactCode", TimeSpan.FromSeconds(30));
        var code = sent.Notices[0].Args[0];
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("community-support-code-phone");

        await page.FillAsync("#support-code", code);
        await page.Locator("#support-check").FillAsync(await AnswerAsync(page, "support-check"));
        await page.Locator("#submit-support").ClickAsync();

        await Assertions.Expect(page.Locator("#support-sent")).ToContainTextAsync("附议成功");
        await Assertions.Expect(page.Locator(".topic-card", new() { HasText = "东门增设快递柜" })).ToContainTextAsync("附议 1 人");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync(Address);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("community-supported-phone");
    }

    internal static async Task<string> AnswerAsync(IPage page, string input)
    {
        var question = await page.Locator($"#{input}-question").InnerTextAsync();
        var numbers = Regex.Matches(question, @"\d+").Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
        return (numbers[0] + numbers[1]).ToString(CultureInfo.InvariantCulture);
    }
}
