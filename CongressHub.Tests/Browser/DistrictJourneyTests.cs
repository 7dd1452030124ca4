using CongressHub.Tests.Support;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// The district's work as its people do it: the district's officer compares the streets at a desk, opens the records
/// behind a figure, records a commendation of 星海街道; a resident on a 360 px phone reads it on the street's public home
/// and the street's convener finds it in the overview.
/// </summary>
[Collection(BrowserCollection.Name)]
public class DistrictJourneyTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    private const string Title = "居民代表会议工作先进街道";

    [Fact]
    public async Task TheDistrict_ComparesItsStreets_OpensTheRecordsBehindAFigure_AndCommendsAStreet_WhichItsPeopleSee()
    {
        await using var deskContext = await browser.NewContextAsync();
        var desk = await deskContext.NewPageAsync();
        await desk.SignInAsync("district");
        await desk.GotoAsync("/dashboard");
        await desk.WaitForCircuitAsync();
        await desk.Locator("#district-welcome").GetByRole(AriaRole.Link, new() { Name = "各街道工作比较" }).ClickAsync();
        await desk.ArriveAtAsync("**/district");
        await desk.WaitForCircuitAsync();

        // Both streets, five measures, each with a chart and a table of figures.
        await Assertions.Expect(desk.Locator(".district-measure")).ToHaveCountAsync(5);
        await Assertions.Expect(desk.Locator("#table-Opinions tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(desk.Locator("#chart-Sittings")).ToBeVisibleAsync();
        await desk.AssertAccessibleAsync();
        await desk.ScreenshotAsync("district-comparison-desktop");

        // A figure opens the records it counts, which add up to it.
        var figure = desk.Locator("#table-Opinions tbody tr").First.Locator("[data-figure$='-year']");
        var (met, counted) = (await figure.GetAttributeAsync("data-met"), await figure.GetAttributeAsync("data-counted"));
        Assert.NotEqual("0", counted);
        // Named for a screen reader by its street and quarter, then its rate and the parts it is made of.
        var street = await desk.Locator("#table-Opinions tbody tr").First.Locator("th[scope=row]").TextContentAsync();
        await Assertions.Expect(figure).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^{street}，全年：\\d+%{met}/{counted}$"));
        await figure.ClickAsync();
        await desk.ArriveAtAsync("**/district/records?*");
        await Assertions.Expect(desk.Locator("#district-records [data-record]")).ToHaveCountAsync(int.Parse(counted!));
        await Assertions.Expect(desk.Locator("#records-total")).ToHaveAttributeAsync("data-met", met!);
        await desk.AssertAccessibleAsync();
        await desk.ScreenshotAsync("district-records-desktop");

        // The district commends 星海街道.
        await desk.GotoAsync("/district/inspections");
        await desk.WaitForCircuitAsync();
        await desk.Locator("#inspection-street").ClickAsync();
        await desk.GetByRole(AriaRole.Option, new() { Name = "星海街道" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
        await desk.GetByLabel("类别").ClickAsync();
        await desk.GetByRole(AriaRole.Option, new() { Name = "表彰" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
        await desk.Locator("#inspection-title").FillAsync(Title);
        await desk.Locator("#inspection-findings").FillAsync("- 四次例会全部按期召开\n- **民意按期答复率**全区第一");
        await desk.AssertAccessibleAsync();
        await desk.Locator("#inspection-save").ClickAsync();
        var recorded = desk.Locator("#district-inspections [data-inspection]", new() { HasText = Title });
        await Assertions.Expect(recorded).ToHaveAttributeAsync("data-kind", "Commendation");
        await Assertions.Expect(recorded.Locator(".markdown strong")).ToHaveTextAsync("民意按期答复率");
        await desk.ScreenshotAsync("district-inspections-desktop");

        // A resident reads it on the street's public home, on a phone.
        await using var residentContext = await browser.NewContextAsync(phone: true);
        var resident = await residentContext.NewPageAsync();
        await resident.GotoAsync("/s/xinghai");
        await Assertions.Expect(resident.Locator("#inspections")).ToContainTextAsync(Title);
        await Assertions.Expect(resident.Locator("#inspections")).ToContainTextAsync("示例区");
        await resident.AssertAccessibleAsync();
        await resident.AssertNoSidewaysScrollAsync("the street's public home with the district's commendation");
        await resident.Locator("#inspections").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "district-commendation-public-phone.png") });

        // The street's convener finds it in the overview.
        await using var convenerContext = await browser.NewContextAsync();
        var convener = await convenerContext.NewPageAsync();
        await convener.SignInAsync("convener2");
        await convener.GotoAsync("/dashboard");
        await Assertions.Expect(convener.Locator("#district-inspections-panel")).ToContainTextAsync(Title);

        // On a phone the comparison fits the screen: its tables scroll in their own boxes.
        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = await phoneContext.NewPageAsync();
        await phone.SignInAsync("district");
        await phone.GotoAsync("/district");
        await phone.WaitForCircuitAsync();
        await Assertions.Expect(phone.Locator(".district-measure")).ToHaveCountAsync(5);
        await phone.AssertNoSidewaysScrollAsync("the district's comparison");
        await phone.ScreenshotAsync("district-comparison-phone-360");
    }
}
