using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// Each chart on a desk and on a 360 px phone: it is drawn, its figures are printed beside it, axe finds nothing
/// serious, the phone does not scroll sideways; a screenshot of each.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ChartsTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    /// <summary>The page, what must be drawn, the part of the page the chart's screenshot shows, the screenshot's name.</summary>
    public static TheoryData<string?, string, string, string, string> Charts => new()
    {
        { "convener", "/reviews/1/results", "#satisfaction-chart svg", ".chart-panel", "charts-review-results" },
        { null, "/s/shiyan/evaluations/{evaluation-year}", "#satisfaction-bars svg[role=img]", ".chart-panel", "charts-public-evaluations" },
        { "convener", "/sessions", "#attendance-chart svg", "#attendance-chart", "charts-attendance" },
        { "convener", "/tracking/grid", "#heat-legend", "main", "charts-monthly-grid" },
        { null, "/s/shiyan/resolutions/{resolution:1}", "#vote-bars svg[role=img]", ".res-facts", "charts-public-resolution" },
    };

    [Theory]
    [MemberData(nameof(Charts))]
    public async Task Chart_IsDrawnAndAccessible_OnADeskAndAPhone(string? user, string path, string chart, string area, string name)
    {
        foreach (var phone in new[] { false, true })
        {
            await using var context = await browser.NewContextAsync(phone);
            var page = await OpenAsync(context, user, browser.App.DemoPath(path));

            await Assertions.Expect(page.Locator(chart).First).ToBeVisibleAsync();
            await page.Locator(chart).First.ScrollIntoViewIfNeededAsync();
            await page.AssertAccessibleAsync();
            await page.ScreenshotAsync($"{name}-{(phone ? "phone" : "desktop")}");
            await page.Locator(area).First.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-{(phone ? "phone" : "desktop")}-chart.png") });
            if (phone)
            {
                await page.AssertNoSidewaysScrollAsync("with the chart");
            }
        }
    }

    [Fact]
    public async Task ClosedVote_InTheConsole_ShowsItsResultAsBars()
    {
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var sessions = browser.App.Services.GetRequiredService<SessionService>();
        var voting = browser.App.Services.GetRequiredService<VotingService>();
        var id = await sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, "图表测试会议", DateTime.UtcNow, "社区活动中心"), withTemplate: false);
        var item = await sessions.AddItemAsync(convener, id, new AgendaItemInput(AgendaItemType.Other, "审议社区停车管理办法", null, null, 5));
        await sessions.PublishAsync(convener, id);
        await sessions.StartAsync(convener, id);
        await sessions.StartItemAsync(convener, id, item);
        var present = new List<Domain.Common.Actor>();
        for (var i = 1; i <= 24; i++)
        {
            present.Add(await SignInTests.ActorOf(browser.App, $"delegate{i:D2}"));
            await sessions.MarkAttendanceAsync(convener, id, present[^1].DelegateId!.Value, AttendanceStatus.Present);
        }
        var vote = await voting.PrepareAsync(convener, id, new VoteInput(null, "关于社区停车管理办法的表决", false, MajorityRule.HalfOfPresent));
        await voting.OpenAsync(convener, vote);
        var choices = Enumerable.Repeat(VoteChoice.Yes, 15).Concat(Enumerable.Repeat(VoteChoice.No, 4)).Concat(Enumerable.Repeat(VoteChoice.Abstain, 2)).ToList();
        for (var i = 0; i < choices.Count; i++)
        {
            await voting.CastAsync(present[i], vote, choices[i]);
        }
        await voting.CloseAsync(convener, vote);

        foreach (var phone in new[] { false, true })
        {
            await using var context = await browser.NewContextAsync(phone);
            var page = await OpenAsync(context, "convener", $"/sessions/{id}/console");

            var chart = page.Locator($"[data-vote-chart='{vote}']");
            await Assertions.Expect(chart.Locator("svg").First).ToBeVisibleAsync();
            await Assertions.Expect(chart.Locator(".visually-hidden")).ToHaveTextAsync("赞成 15，反对 4，弃权 2，出席未表决 3");
            await chart.ScrollIntoViewIfNeededAsync();
            await page.AssertAccessibleAsync();
            await page.ScreenshotAsync($"charts-console-vote-{(phone ? "phone" : "desktop")}", fullPage: false);
            await page.Locator($"[data-vote='{vote}']").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"charts-console-vote-{(phone ? "phone" : "desktop")}-chart.png") });
        }
    }

    private static async Task<IPage> OpenAsync(IBrowserContext context, string? user, string path)
    {
        var page = await context.NewPageAsync();
        if (user is not null)
        {
            await page.SignInAsync(user);
        }
        await page.GotoAsync(path);
        if (await page.Locator("#circuit-state").CountAsync() > 0)
        {
            await page.WaitForCircuitAsync();
        }
        await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync();
        return page;
    }
}
