using CongressHub.Tests.Support;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// Forms as a person with a screen reader or a keyboard meets them: a refused save takes the focus to the field to
/// correct, which names its error.
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
}
