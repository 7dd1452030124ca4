using System.Text.RegularExpressions;
using CongressHub.Domain.Resolutions;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace CongressHub.Tests.Browser;

/// <summary>
/// A resident on a phone finds a resolution by searching, reads how it is being carried out, comments during its
/// public notice; the convener approves the comment, and it appears. The page prints as an A4 document.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ResidentPortalTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    private const string Title = "关于新华苑老旧住宅加装电梯实施方案的议案";

    /// <summary>The demo's resolution in its public notice now.</summary>
    private string Number => browser.App.DemoResolution(3);

    [Fact]
    public async Task ResidentOnAPhone_FindsAResolution_Comments_AndSeesItOnceTheConvenerApproves()
    {
        // The first comment carries markup: the page answers 422 with the form and its message, as it should.
        ExpectError("status of 422");
        await using var phone = await browser.NewContextAsync(phone: true);
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/s/shiyan");
        await Assertions.Expect(page.Locator(".open-notices")).ToContainTextAsync(Number);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("portal-home-phone");

        await page.Locator("#all-resolutions").ClickAsync();
        await page.ArriveAtAsync("**/s/shiyan/resolutions");
        await page.FillAsync("#q", "加装电梯");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.ArriveAtAsync(new Regex("q="));
        await Assertions.Expect(page.Locator("#result-count")).ToHaveTextAsync("共 1 项决议");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("portal-search-phone");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The list scrolls sideways on a phone.");

        await page.GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
        await page.ArriveAtAsync($"**/s/shiyan/resolutions/{Number}");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(Title);
        await Assertions.Expect(page.Locator("#res-history")).ToContainTextAsync("公布为决议 " + Number);
        await Assertions.Expect(page.Locator("#res-history")).ToContainTextAsync("已交办");
        await Assertions.Expect(page.Locator("#notice-state")).ToContainTextAsync("正在征求居民意见");
        await page.AssertAccessibleAsync();

        // A first try with markup is refused with a message; the text stays for the resident to fix.
        await page.FillAsync("#comment-text", "<b>请</b>在施工围挡上公布投诉电话");
        await page.Locator("#check-answer").FillAsync(await PublicOpinionTests.AnswerAsync(page));
        await page.Locator("#submit-comment").ClickAsync();
        await Assertions.Expect(page.Locator("#form-errors")).ToContainTextAsync("不能包含 HTML 标签或脚本");
        await Assertions.Expect(page.Locator("#comment-text")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.ScreenshotAsync("portal-comment-refused-phone");

        const string comment = "请在施工围挡上公布投诉电话，方便居民反映噪音问题。";
        await page.FillAsync("#comment-text", comment);
        await page.Locator("#check-answer").FillAsync(await PublicOpinionTests.AnswerAsync(page));
        await page.Locator("#submit-comment").ClickAsync();
        await Assertions.Expect(page.Locator("#comment-sent")).ToContainTextAsync("审核后将在本页公开");
        await Assertions.Expect(page.Locator("#comments")).Not.ToContainTextAsync(comment);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("portal-comment-sent-phone");

        // The convener moderates from the resolution's page in the app.
        var resolutions = browser.App.Services.GetRequiredService<ResolutionService>();
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var id = (await resolutions.ListAsync(convener)).Single(r => r.Number == Number).Id;
        var commentId = (await resolutions.GetAsync(convener, id)).Comments.Single(c => c.Text == comment).Id;
        await using var desk = await browser.NewContextAsync();
        var moderator = await desk.NewPageAsync();
        await moderator.SignInAsync("convener");
        await moderator.GotoAsync($"/resolutions/{id}");
        await moderator.WaitForCircuitAsync();
        await Assertions.Expect(moderator.Locator($"#comment-text-{commentId}")).ToHaveTextAsync(comment);
        await moderator.Locator($"#reply-{commentId}").FillAsync("已请施工单位在围挡上公布投诉电话。");
        await moderator.Locator($"#approve-{commentId}").ClickAsync();
        await Assertions.Expect(moderator.Locator($"#approve-{commentId}")).ToHaveCountAsync(0);
        await moderator.ScreenshotAsync("resolution-moderated-desktop");

        await page.GotoAsync($"/s/shiyan/resolutions/{Number}");
        await Assertions.Expect(page.Locator("#comments")).ToContainTextAsync(comment);
        await Assertions.Expect(page.Locator("#comments")).ToContainTextAsync("已请施工单位在围挡上公布投诉电话。");
        await page.ScreenshotAsync("portal-comment-approved-phone");
    }

    [Fact]
    public async Task Resolution_PrintsAsAnA4Document_WithItsNumberAndTitle()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/s/shiyan/resolutions/{browser.App.DemoResolution(1)}");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await page.ScreenshotAsync("portal-resolution-print");

        var pdf = await page.PdfAsync(new() { PreferCSSPageSize = true });

        using var document = PdfDocument.Open(pdf);
        var first = document.GetPage(1);
        // A4 in points, as the print stylesheet asks.
        Assert.Equal(595, first.Width, 1.0);
        Assert.Equal(842, first.Height, 1.0);
        // The CJK font maps some glyphs to Kangxi radicals (⽰ for 示): compatibility normalization reads them as words.
        var text = string.Concat(document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)).Normalize(System.Text.NormalizationForm.FormKC);
        Assert.Contains(browser.App.DemoResolution(1), text);
        Assert.Contains("关于打通和平里至春晖小区消防通道的议案", text);
        Assert.Contains("示例街道", text);
        // No site chrome on paper: the language switch and the comment form are screen-only.
        Assert.DoesNotContain("English", text);
    }
}
