using System.Globalization;
using System.Text.RegularExpressions;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>A resident on a phone sends an opinion without an account, and anyone follows what became of the published ones.</summary>
[Collection(BrowserCollection.Name)]
public class PublicOpinionTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    private TrackingService Tracking => browser.App.Services.GetRequiredService<TrackingService>();

    private FollowUpService FollowUp => browser.App.Services.GetRequiredService<FollowUpService>();

    [Fact]
    public async Task ResidentOnAPhone_SubmitsAnOpinion_AfterFixingAMistake_AndSeesTheConfirmation()
    {
        // The first try leaves the text empty and gets the sum wrong: the page answers 422 with the form and its messages.
        ExpectError("status of 422");
        await using var context = await browser.NewContextAsync(phone: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/s/shiyan");
        await page.GetByRole(AriaRole.Link, new() { Name = "提交意见建议" }).ClickAsync();
        await page.ArriveAtAsync("**/s/shiyan/opinions/new");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("public-opinion-form-phone");

        await page.SelectOptionAsync("#community", new SelectOptionValue { Index = 2 });
        await page.SelectOptionAsync("#category", "Transport");
        await page.FillAsync("#resident-name", "赵春梅");
        await page.FillAsync("#resident-contact", "13700001111");
        await page.Locator("#check-answer").FillAsync("100");
        await page.Locator("#submit-opinion").ClickAsync();

        await Assertions.Expect(page.Locator("#form-errors")).ToContainTextAsync("请填写“意见内容”");
        await Assertions.Expect(page.Locator("#form-errors")).ToContainTextAsync("计算结果不对");
        await Assertions.Expect(page.Locator("#resident-name")).ToHaveValueAsync("赵春梅");
        await Assertions.Expect(page.Locator("#opinion-text")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("public-opinion-errors-phone");

        await page.FillAsync("#opinion-text", "幸福路公交站没有遮雨棚，老人下雨天等车很不方便。\n建议加装遮雨棚和座椅。");
        await page.Locator("#publishable").CheckAsync();
        await page.Locator("#check-answer").FillAsync(await AnswerAsync(page));
        await page.Locator("#submit-opinion").ClickAsync();

        await Assertions.Expect(page.Locator("#opinion-sent")).ToContainTextAsync("您的意见已提交");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("public-opinion-sent-phone");
        await page.GetByRole(AriaRole.Link, new() { Name = "查看意见办理情况" }).ClickAsync();
        await page.ArriveAtAsync("**/s/shiyan/opinions");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("意见办理情况");
    }

    [Fact]
    public async Task FollowUpList_ShowsAnswersProgressAndHistory_OnDesktopAndPhone()
    {
        await PublishSomeAsync();

        await using var desktop = await browser.NewContextAsync();
        var page = await desktop.NewPageAsync();
        await page.GotoAsync("/s/shiyan/opinions");
        await Assertions.Expect(page.Locator(".opinion-card").First).ToBeVisibleAsync();
        await page.Locator(".opinion-history summary").First.ClickAsync();
        await Assertions.Expect(page.Locator(".opinion-history ol").First).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("public-opinions-desktop");

        await page.SelectOptionAsync("#state", "InProgress");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.ArriveAtAsync(new Regex("state=InProgress"));
        // Every card left is in progress (the demo street has one too, overdue).
        await Assertions.Expect(page.Locator(".opinion-card").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".opinion-card").Filter(new() { HasNotText = "办理中" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".opinion-progress").First).ToContainTextAsync("60%");

        await page.GotoAsync("/s/shiyan/opinions/new");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("public-opinion-form-desktop");

        await using var phone = await browser.NewContextAsync(phone: true);
        var small = await phone.NewPageAsync();
        await small.GotoAsync("/s/shiyan/opinions");
        await small.ScreenshotAsync("public-opinions-phone-first-screen", fullPage: false);
        await small.Locator(".opinion-history summary").First.ClickAsync();
        await small.AssertAccessibleAsync();
        await small.ScreenshotAsync("public-opinions-phone");
        Assert.True(await small.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The list scrolls sideways on a phone.");

        await small.GotoAsync("/s/shiyan");
        await small.AssertAccessibleAsync();
        await small.ScreenshotAsync("public-street-phone");

        await small.GotoAsync("/culture/en?returnUrl=%2Fs%2Fshiyan%2Fopinions%2Fnew");
        await Assertions.Expect(small.Locator("h1")).ToHaveTextAsync("Submit an opinion");
        await small.AssertAccessibleAsync();
        await small.ScreenshotAsync("public-opinion-form-phone-en");
        await page.GotoAsync("/culture/en?returnUrl=%2Fs%2Fshiyan%2Fopinions");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Opinion follow-up");
        await page.ScreenshotAsync("public-opinions-desktop-en");
    }

    /// <summary>Opinions in several states, published with the residents' consent, as the convener and departments would move them.</summary>
    private async Task PublishSomeAsync()
    {
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var street = (await FollowUp.PublicListAsync("shiyan", new TrackingFilter()))!;
        var (c1, c2) = (street.Communities[0].Id, street.Communities[1].Id);
        var (d1, d2) = (street.Departments[0].Id, street.Departments[1].Id);
        Task<int> Submit(int community, OpinionCategory category, string text) =>
            Tracking.SubmitPublicOpinionAsync("shiyan", new OpinionInput(community, default, text, category, GovernmentLevel.Street, "不公开的姓名", "13600000000", true));

        var answered = await Submit(c1, OpinionCategory.Sanitation, "小区东门垃圾桶周末常常溢满，希望周末也能清运。");
        await Tracking.AcceptAsync(convener, answered, d2);
        await Tracking.AnswerAsync(convener, answered, "已与环卫公司商定，从下周起周六、周日各加一次清运。");
        await Tracking.MarkDoneAsync(convener, answered, null);

        var working = await Submit(c2, OpinionCategory.Transport, "建议在学校门口增设减速带和上下学时段的交通协管员，保障学生过马路安全。");
        await Tracking.AcceptAsync(convener, working, d1);
        await Tracking.StateIntentionAsync(convener, working, "同意增设减速带，交通协管员需与区交警大队协商。");
        await Tracking.DecideAsync(convener, working, "街道出资增设两处减速带；协管员由社区志愿者轮值。");
        await Tracking.RecordProgressAsync(convener, working, 60, "减速带已完成一处");
        var same = await Submit(c2, OpinionCategory.Transport, "学校门口车速太快。");
        await Tracking.MergeAsync(convener, same, working);

        var declined = await Submit(c1, OpinionCategory.Other, "希望把小区改成只能步行进入。");
        await Tracking.DeclineAsync(convener, declined, "涉及消防通道和居民出行，须经业主大会表决，不属于街道办理范围。");
    }

    internal static async Task<string> AnswerAsync(IPage page)
    {
        var question = await page.Locator("#check-question").InnerTextAsync();
        var numbers = Regex.Matches(question, @"\d+").Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
        return (numbers[0] + numbers[1]).ToString(CultureInfo.InvariantCulture);
    }
}
