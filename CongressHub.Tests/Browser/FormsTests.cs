using System.Globalization;
using System.Text.RegularExpressions;
using CongressHub.Domain.Common;
using CongressHub.Domain.Reviews;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// Forms as a person with a screen reader or a keyboard meets them: a refused save takes the focus to the field to
/// correct, which names its error; dates are written and read in the one format of the person's language.
/// </summary>
[Collection(BrowserCollection.Name)]
public class FormsTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    [Fact]
    public async Task RefusedSave_FocusesTheFirstInvalidField_AndEveryInvalidFieldIsDescribedByItsError()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("convener");
        await page.GotoAsync("/directory/delegates");
        await page.WaitForCircuitAsync();

        // No name, and a resident representative without a community: two fields refused, a text field first.
        await page.Locator("#add-delegate").ClickAsync();
        await page.Locator("#delegate-save").ClickAsync();

        var name = page.Locator("#delegate-name");
        await Assertions.Expect(name).ToBeFocusedAsync();
        await Assertions.Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(name).ToHaveAccessibleDescriptionAsync("请填写“姓名”。");
        var community = page.Locator("#delegate-community");
        await Assertions.Expect(community).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(community).ToHaveAccessibleDescriptionAsync("居民代表须选择所属社区。");
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task RefusedSave_WithOnlyASelectRefused_FocusesTheSelect_WhichNamesItsError()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("convener");
        await page.GotoAsync("/directory/delegates");
        await page.WaitForCircuitAsync();

        await page.Locator("#add-delegate").ClickAsync();
        await page.Locator("#delegate-name").FillAsync("钱多多");
        await page.Locator("#delegate-save").ClickAsync();

        var community = page.Locator("#delegate-community");
        await Assertions.Expect(community).ToBeFocusedAsync();
        await Assertions.Expect(community).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(community).ToHaveAccessibleDescriptionAsync("居民代表须选择所属社区。");
        await Assertions.Expect(page.Locator("#delegate-name")).ToHaveAttributeAsync("aria-invalid", "false");
    }

    [Theory]
    [InlineData("zh-CN", @"^\d{4}-\d{2}-\d{2}$", "2027-03-05", "打开日历")]
    [InlineData("en", @"^\d{1,2} [A-Z][a-z]{2} \d{4}$", "5 Mar 2027", "Open")]
    public async Task DatePicker_ShowsAndReadsDates_InTheLanguagesOneFormat(string culture, string pattern, string typed, string openLabel)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("convener");
        // Chinese is the default: no choice made, so the default culture is the one tested.
        await page.GotoAsync(culture == "en" ? "/culture/en?returnUrl=%2Fsessions" : "/sessions");
        await page.WaitForCircuitAsync();

        await page.Locator("#add-session").ClickAsync();
        var date = page.Locator("#session-date");
        await Assertions.Expect(date).ToHaveValueAsync(new Regex(pattern));
        await date.FillAsync(typed);
        await date.PressAsync("Tab");

        // The picker read the typed date: it shows it back and its calendar opens on it (the date picker's button
        // comes before the time picker's, which English names alike).
        await Assertions.Expect(date).ToHaveValueAsync(typed);
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = openLabel, Exact = true }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-picker-datepicker-toolbar .mud-button-date")).ToHaveTextAsync(typed);
        await page.ScreenshotAsync($"forms-date-picker-{culture}");
    }

    [Fact]
    public async Task ReviewDeadline_TypedAsTheAppWritesDates_IsExtended()
    {
        var reviews = browser.App.Services.GetRequiredService<ReviewService>();
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var due = browser.App.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(7);
        // Four years after the demo's evaluation: a year no other test of this app takes.
        var round = await reviews.PrepareRoundAsync(convener, new ReviewRoundInput(browser.App.DemoReviewYear() + 4, null, due, ["履职尽责"]));
        var extended = SessionTime.Local(due).Date.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("convener");
        await page.GotoAsync($"/reviews/{round}");
        await page.WaitForCircuitAsync();

        await page.Locator("#extend-due").FillAsync(extended);
        await page.Locator("#extend-due").PressAsync("Tab");
        await page.Locator("#extend-due-time").FillAsync("18:30");
        await page.Locator("#extend-due-time").PressAsync("Tab");
        await page.Locator("#extend").ClickAsync();

        await Assertions.Expect(page.Locator("main")).ToContainTextAsync($"报告截止：{extended} 18:30");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("forms-review-deadline-extended");
    }
}
