using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// Every page, as the role that uses it, on a desktop and on a 320 px phone: axe finds nothing serious, and on the phone
/// the page never scrolls sideways, neither as it is nor with the reader's text at 200 % (WCAG 1.4.4, 1.4.10).
/// </summary>
[Collection(BrowserCollection.Name)]
public class PageSweepTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    /// <summary>The narrowest phone WCAG's reflow asks for: 320 CSS px.</summary>
    private const int Narrow = 320;

    public static TheoryData<string?, string, string> Pages => new()
    {
        { null, "/", "home" },
        { null, "/s/shiyan", "public-street" },
        { null, "/no/such/page", "not-found" },
        { null, "/card?code=", "card-signin" },
        { "convener", "/dashboard", "dashboard" },
        { "convener", "/directory/delegates", "delegates" },
        { "convener", "/directory/officers", "officers" },
        { "convener", "/directory/communities", "communities" },
        { "convener", "/directory/departments", "departments" },
        { "convener", "/directory/terms", "terms" },
        { "convener", "/directory/import", "import" },
        { "convener", "/directory/cards", "cards-empty" },
        { "convener", "/account/password", "change-password" },
        { "admin", "/admin/streets", "streets" },
        { "officer01", "/dashboard", "dashboard-officer" },
        { "delegate01", "/dashboard", "dashboard-delegate" },
        { "delegate01", "/directory/delegates", "denied" },
        { "convener", "/sessions", "sessions" },
        { "convener", "/sessions/1/agenda", "session-agenda" },
        { "convener", "/sessions/1/console", "session-console" },
        { "convener", "/sessions/1/minutes", "session-minutes" },
        { "officer01", "/sessions/2/minutes", "session-minutes-leader" },
        { "delegate01", "/sessions", "sessions-delegate" },
        { "delegate01", "/sessions/1", "session-live" },
        { "officer04", "/sessions/1/hall", "session-hall-officer" },
        { "officer01", "/sessions/1/hall", "session-hall-leader" },
        { "convener", "/sessions/1/sign-in-sheet", "sign-in-sheet" },
        { "convener", "/notices", "notices" },
        { "delegate01", "/notices", "notices-delegate" },
        { "convener", "/notices/delivery", "notice-delivery" },
        { "convener", "/sessions/1/letters", "letters" },
        { null, "/notices/unsubscribe?t=x", "unsubscribe" },
        { "convener", "/votes/{paper-election}/ballot-paper", "ballot-paper" },
        { "delegate37", "/sessions/1/count/{paper-election}", "count-teller" },
        { "delegate01", "/committee", "committee" },
        { null, "/s/shiyan/committee", "public-committee" },
        { "convener", "/reviews", "reviews" },
        { "delegate01", "/reviews", "reviews-delegate" },
        { null, "/s/shiyan/evaluations/{evaluation-year}", "public-evaluations" },
        { null, "/s/shiyan/resolutions", "public-resolutions" },
        { null, "/s/shiyan/resolutions/{resolution:1}", "public-resolution" },
        { null, "/s/shiyan/resolutions/{resolution:3}", "public-resolution-in-notice" },
        { null, "/s/shiyan/sessions/2/minutes", "public-minutes" },
        { "convener", "/audit", "audit" },
        { "convener", "/tracking", "tracking" },
        { "officer03", "/tracking/work", "tracking-work" },
        { "convener", "/tracking/grid", "tracking-grid" },
        { "convener", "/resolutions", "resolutions" },
        { "convener", "/resolutions/3", "resolution-in-notice" },
        { "convener", "/resolutions/4", "resolution-draft" },
        { "delegate01", "/resolutions", "resolutions-delegate" },
        { "delegate01", "/resolutions/3", "resolution-delegate" },
        { null, "/signin", "signin" },
        { null, "/s/shiyan/opinions", "public-opinions" },
        { null, "/s/shiyan/opinions/new", "public-opinion-form" },
        { "convener", "/directory/delegates/1", "delegate" },
        { "delegate01", "/motions", "motions" },
        { "delegate01", "/motions/1", "motion" },
        { "delegate01", "/motions/2", "motion-cosigning" },
        { "convener", "/tracking/7", "tracked-item" },
        { "convener", "/sessions/1/opinion-report", "opinion-report" },
        { "delegate01", "/reviews/1", "review-round" },
        { "convener", "/reviews/1/results", "review-results" },
        { "convener", "/councils", "councils" },
        { "staff01", "/communities/1/council", "council" },
        { "staff01", "/communities/1/topics", "council-topics" },
        { "staff01", "/communities/1/decisions", "council-decisions" },
        { null, "/s/shiyan/c/1", "public-community" },
        { "officer03", "/charge", "charge" },
        { "delegate01", "/committee/work", "committee-work" },
        { "convener", "/committee/work", "committee-work-convener" },
        { "delegate01", "/committee/work/1", "committee-request" },
        { "officer05", "/committee/work/1", "committee-request-officer" },
        { "convener", "/projects", "projects" },
        { "delegate07", "/delegates/7/record", "delegate-record" },
        { "convener", "/delegates/1/record", "delegate-record-convener" },
        { "delegate01", "/projects/1", "project-round" },
        { null, $"/s/shiyan/projects/{CongressHub.Domain.Common.SessionTime.Local(DateTime.UtcNow).Year + 1}", "public-projects" },
        { "officer03", "/projects/1", "projects-at-work" },
        { null, $"/s/shiyan/projects/{CongressHub.Domain.Common.SessionTime.Local(DateTime.UtcNow).Year}", "public-projects-progress" },
        { "district", "/dashboard", "dashboard-district" },
        { "district", "/district", "district-comparison" },
        { "district", "/district/records?street=1&measure=Opinions&year=2026", "district-records" },
        { "district", "/district/inspections", "district-inspections" },
        { null, "/s/shiyan/delegates/7", "public-delegate" },
        { null, "/s/shiyan/opinions/new?delegate=7", "public-opinion-through-delegate" },
        { "convener", "/delegates/records", "delegate-records" },
    };

    /// <summary>Pages whose English words are longer than their Chinese ones, on the phone.</summary>
    public static TheoryData<string?, string, string> EnglishPages => new()
    {
        { null, "/s/shiyan", "public-street" },
        { null, "/s/shiyan/opinions/new", "public-opinion-form" },
        { "convener", "/dashboard", "dashboard" },
        { "delegate01", "/sessions/1", "session-live" },
        { "officer01", "/sessions/1/hall", "session-hall-leader" },
        { "convener", "/sessions/1/console", "session-console" },
        { "delegate01", "/motions/2", "motion-cosigning" },
        { "convener", "/tracking", "tracking" },
        { "convener", "/sessions/1/opinion-report", "opinion-report" },
        { "delegate01", "/reviews/1", "review-round" },
        { null, "/s/shiyan/delegates/7", "public-delegate" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_HasNoSeriousAccessibilityFindings_AndHoldsOnAPhoneAt200PercentText(string? user, string path, string name)
    {
        if (name == "not-found")
        {
            // The page for an unknown address answers 404, which the browser reports.
            ExpectError("status of 404");
        }
        await using (var context = await browser.NewContextAsync())
        {
            var page = await OpenAsync(context, user, path);

            await page.AssertAccessibleAsync();
            await AssertOneDateFormatAsync(page);
            await page.ScreenshotAsync($"sweep-{name}-desktop");
        }
        await using (var context = await browser.NewContextAsync(phone: true, phoneWidth: Narrow, phoneScale: 1))
        {
            var page = await OpenAsync(context, user, path);

            await page.AssertAccessibleAsync();
            await AssertOneDateFormatAsync(page);
            await AssertReflowsAsync(page, $"sweep-{name}-phone");
        }
    }

    /// <summary>Dates in the app's one format, never the culture's own short date (2026/12/2, 12/2/2026).</summary>
    private static async Task AssertOneDateFormatAsync(IPage page)
    {
        var shown = await page.EvaluateAsync<string>("() => [document.body.innerText, ...[...document.querySelectorAll('input')].map(i => i.value)].join('\\n')");
        Assert.DoesNotMatch(@"\b(\d{4}/\d{1,2}/\d{1,2}|\d{1,2}/\d{1,2}/\d{4})\b", shown);
    }

    [Theory]
    [MemberData(nameof(EnglishPages))]
    public async Task Page_InEnglish_HoldsOnAPhoneAt200PercentText(string? user, string path, string name)
    {
        await using var context = await browser.NewContextAsync(phone: true, phoneWidth: Narrow, phoneScale: 1);
        await InLanguageAsync(context, "en");

        var page = await OpenAsync(context, user, path);

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.AssertAccessibleAsync();
        await AssertReflowsAsync(page, $"sweep-{name}-phone-en");
    }

    [Theory]
    [InlineData("zh-CN", "delegate13", new[] { "赞成", "反对", "弃权" })]
    [InlineData("en", "delegate14", new[] { "Yes", "No", "Abstain" })]
    public async Task Ballot_OnA320PxPhoneAt200PercentText_ShowsEveryChoiceAndItsConfirmationWithoutSidewaysScroll(string culture, string user, string[] choices)
    {
        var sessions = browser.App.Services.GetRequiredService<SessionService>();
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var id = await sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, "大字号表决测试会议", DateTime.UtcNow, "社区活动中心"), withTemplate: false);
        var item = await sessions.AddItemAsync(convener, id, new AgendaItemInput(AgendaItemType.Other, "审议社区公共空间改造方案", null, null, 5));
        await sessions.PublishAsync(convener, id);
        await sessions.StartAsync(convener, id);
        await sessions.StartItemAsync(convener, id, item);
        var me = (await SignInTests.ActorOf(browser.App, user)).DelegateId!.Value;
        foreach (var present in (await sessions.ListAttendanceAsync(convener, id)).Select(a => a.DelegateId).Where(d => d != me).Take(25).Append(me))
        {
            await sessions.MarkAttendanceAsync(convener, id, present, AttendanceStatus.Present);
        }
        var voting = browser.App.Services.GetRequiredService<VotingService>();
        var vote = await voting.PrepareAsync(convener, id, new VoteInput(null, "关于在和平里社区西门外增设电动自行车集中充电棚并安装智能断电装置的议案", false, MajorityRule.HalfOfPresent));
        await voting.OpenAsync(convener, vote);
        await using var context = await browser.NewContextAsync(phone: true, phoneWidth: Narrow, phoneScale: 1);
        await InLanguageAsync(context, culture);

        var page = await OpenAsync(context, user, $"/sessions/{id}");

        await Assertions.Expect(page.Locator(".ballot-choice")).ToHaveTextAsync(choices);
        await page.AssertAccessibleAsync();
        await AssertReflowsAsync(page, $"sweep-ballot-phone-{culture}");
        await page.Locator(".ballot-choice[data-choice='abstain']").ClickAsync();
        await Assertions.Expect(page.Locator("#confirm-ballot")).ToBeVisibleAsync();
        await page.ScreenshotAsync($"sweep-ballot-confirm-phone-{culture}-200");
        await page.AssertNoSidewaysScrollAsync("at 200 % text, confirming the ballot");
    }

    [Fact]
    public async Task AccessibilityCheck_FailsOnASeriousFinding_NamingItsRuleAndElement()
    {
        await using var context = await browser.NewContextAsync();
        var page = await OpenAsync(context, null, "/s/shiyan");
        await page.AssertAccessibleAsync();

        // A picture without a text alternative, and a button with no name: axe calls both critical.
        await page.EvaluateAsync("() => document.querySelector('h1').insertAdjacentHTML('afterend', '<img id=\"no-alt\" src=\"/favicon.svg\"><button id=\"no-name\"></button>')");

        var failure = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(page.AssertAccessibleAsync);
        Assert.Contains("critical image-alt", failure.Message);
        Assert.Contains("#no-alt", failure.Message);
        Assert.Contains("critical button-name", failure.Message);
    }

    [Fact]
    public async Task EditDialog_OfACommunity_HasNoSeriousFindings_AndShowsTheServersRefusal()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("convener");
        await page.GotoAsync("/directory/communities");
        await page.WaitForCircuitAsync();

        await page.Locator("#add-community").ClickAsync();
        await page.Locator("#named-name").FillAsync("东风社区");
        await page.Locator("#named-save").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("名称“东风社区”已存在");
        await Assertions.Expect(page.Locator("#named-name")).ToBeFocusedAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("sweep-community-dialog-error");
    }

    [Fact]
    public async Task NoticeDialog_OfAResolution_HasNoSeriousFindings_AndShowsTheServersRefusalOnTheField()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("convener");
        await page.GotoAsync("/resolutions/2");
        await page.WaitForCircuitAsync();

        // Dates ahead of today, the end before the start.
        var today = Domain.Common.SessionTime.Local(DateTime.UtcNow).Date;
        await page.Locator("#set-notice").ClickAsync();
        await page.Locator("#notice-starts").FillAsync(today.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#notice-starts").PressAsync("Tab");
        await page.Locator("#notice-ends").FillAsync(today.AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#notice-ends").PressAsync("Tab");
        await page.Locator("#notice-save").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Dialog).Locator(".mud-input-helper-text.mud-input-error")).ToHaveTextAsync("公示结束日期不能早于开始日期。");
        await Assertions.Expect(page.Locator("#notice-ends")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#notice-ends")).ToHaveAccessibleDescriptionAsync("公示结束日期不能早于开始日期。");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("sweep-resolution-notice-dialog-error");
    }

    /// <summary>
    /// The sign-in cookies of each user of the sweep, taken at their first sign-in and handed to their later browser
    /// profiles: the sweep checks pages, the sign-in has tests of its own. Kept per app (its address), since the sweep's
    /// tests run one after another in one app.
    /// </summary>
    private static readonly Dictionary<(string App, string User), IReadOnlyList<BrowserContextCookiesResult>> SignedIn = [];

    /// <summary>Signs in if the page is not public, opens the page and waits for its heading (and its circuit, if it has one).</summary>
    private async Task<IPage> OpenAsync(IBrowserContext context, string? user, string path)
    {
        var page = await context.NewPageAsync();
        if (user is not null && SignedIn.TryGetValue((browser.BaseUrl, user), out var cookies))
        {
            await context.AddCookiesAsync(cookies.Select(c => new Cookie
            {
                Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
            }));
        }
        else if (user is not null)
        {
            await page.SignInAsync(user);
            // Everything but the language, which each test chooses for itself.
            SignedIn[(browser.BaseUrl, user)] = (await context.CookiesAsync()).Where(c => c.Name != ".AspNetCore.Culture").ToList();
        }
        await page.GotoAsync(browser.App.DemoPath(path));
        if (await page.Locator("#circuit-state").CountAsync() > 0)
        {
            await page.WaitForCircuitAsync();
        }
        await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync();
        return page;
    }

    /// <summary>The language a person chose with the top bar's switch (its cookie), set before the first page.</summary>
    private Task InLanguageAsync(IBrowserContext context, string culture) =>
        context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = browser.BaseUrl }]);

    /// <summary>The phone's page fits its width as it is and with the text at 200 %, on the same page; a screenshot of each (taken first, to show what went wrong).</summary>
    private static async Task AssertReflowsAsync(IPage page, string screenshot)
    {
        await page.ScreenshotAsync(screenshot);
        await page.AssertNoSidewaysScrollAsync("at 100 % text");

        await page.SetTextSizeAsync(200);

        await page.ScreenshotAsync(screenshot + "-200");
        await page.AssertNoSidewaysScrollAsync("at 200 % text");
    }
}
