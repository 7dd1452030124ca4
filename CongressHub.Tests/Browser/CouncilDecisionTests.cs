using CongressHub.Domain.Councils;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>A resident on a 360 px phone reads a community council's decision in its public notice and comments on it.</summary>
[Collection(BrowserCollection.Name)]
public class CouncilDecisionTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    [Fact]
    public async Task ResidentOnAPhone_ReadsADecisionInNotice_AndComments()
    {
        CouncilDecision d;
        await using (var db = browser.App.Services.GetRequiredService<IDbContextFactory<Domain.Common.CongressDbContext>>().CreateDbContext())
        {
            d = await db.CouncilDecisions.AsNoTracking().SingleAsync(x => x.Title == "关于在小区东门增设非机动车充电棚的决定");
        }
        await using var phone = await browser.NewContextAsync(phone: true);
        var page = await phone.NewPageAsync();

        await page.GotoAsync(CouncilDecisionLabels.PublicPath("shiyan", d.CommunityId, d.Id));

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(d.Title);
        await Assertions.Expect(page.Locator("#decision-state")).ToHaveTextAsync("公示中");
        await Assertions.Expect(page.Locator("#comments")).ToContainTextAsync("建议加装监控和灭火器");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("council-decision-phone");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The decision scrolls sideways on a phone.");

        const string comment = "充电棚旁边请装一盏路灯，晚上取车安全些。";
        await page.FillAsync("#comment-text", comment);
        await page.Locator("#check-answer").FillAsync(await PublicOpinionTests.AnswerAsync(page));
        await page.Locator("#submit-comment").ClickAsync();

        await Assertions.Expect(page.Locator("#comment-sent")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#comments")).Not.ToContainTextAsync(comment);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("council-decision-comment-sent-phone");
    }
}
