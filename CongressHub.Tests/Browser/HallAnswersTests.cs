using CongressHub.Domain.Sessions;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>A department answers in the hall: a delegate's question from a phone, answered on the spot on the officer's phone, on the projector with its answer.</summary>
[Collection(BrowserCollection.Name)]
public class HallAnswersTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    private SessionService Sessions => browser.App.Services.GetRequiredService<SessionService>();

    [Fact]
    public async Task QuestionFromAPhone_AnsweredOnTheSpotByTheOfficer_ShowsWithItsAnswerOnTheProjector()
    {
        const string text = "街心公园的公厕晚上八点就锁门，散步的老人很不方便，能否延长开放时间？";
        const string answer = "从下周一起，街心公园公厕开放到晚上十点，并增加一次夜间保洁。";
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var id = (await Sessions.ListSessionsAsync(convener)).Single(s => s.Status == SessionStatus.Live && s.Title.Contains("季度")).Id;

        // The officer of the sanitation department is in the hall with a phone, on the page the overview links to.
        await using var officerContext = await browser.NewContextAsync(phone: true);
        var officer = await officerContext.NewPageAsync();
        await officer.SignInAsync("officer06");
        // The overview offers the hall of the street's live session (other tests may have sessions of their own live).
        await officer.WaitForCircuitAsync();
        await Assertions.Expect(officer.Locator("[id^='open-hall-']").First).ToBeVisibleAsync();
        await officer.GotoAsync($"/sessions/{id}/hall");
        await officer.WaitForCircuitAsync();
        await Assertions.Expect(officer.Locator("#hall-for")).ToContainTextAsync("环境卫生科");
        await using var convenerContext = await browser.NewContextAsync();
        var console = await convenerContext.NewPageAsync();
        await console.SignInAsync("convener");
        await console.GotoAsync($"/sessions/{id}/console");
        await console.WaitForCircuitAsync();
        await using var hallContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var projector = await hallContext.NewPageAsync();
        BrowserFixture.Watch(projector, browser.Errors);
        await projector.GotoAsync($"/projector/{await Sessions.GetProjectorTokenAsync(convener, id)}");
        await projector.WaitForCircuitAsync();
        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = await phoneContext.NewPageAsync();
        await phone.SignInAsync("delegate22");
        await phone.GotoAsync($"/sessions/{id}");
        await phone.WaitForCircuitAsync();

        await phone.Locator("#open-question").ClickAsync();
        await phone.Locator("#question-department").ClickAsync();
        await phone.GetByRole(AriaRole.Option, new() { Name = "环境卫生科" }).ClickAsync();
        // The choice is the page's once the list has closed on it.
        await Assertions.Expect(phone.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
        await phone.Locator("#question-text").FillAsync(text);
        await phone.Locator("#send-question").ClickAsync();
        await Assertions.Expect(phone.Locator("#my-questions")).ToContainTextAsync(text);
        // The question reaches the officer's page by itself, and goes up on the projector before it is answered.
        var card = officer.Locator("#spot-questions [data-spot-item]").Filter(new() { HasText = text });
        await Assertions.Expect(card).ToBeVisibleAsync();
        var onConsole = console.Locator("#questions-panel .question").Filter(new() { HasText = text });
        await onConsole.Locator("[data-show-question]").ClickAsync();
        await Assertions.Expect(projector.Locator("#projector-question")).ToContainTextAsync(text);
        await Assertions.Expect(projector.Locator("#projector-answer")).ToHaveCountAsync(0);
        await officer.AssertAccessibleAsync();
        await officer.ScreenshotAsync("hall-answers-officer-phone");

        await card.Locator("textarea").FillAsync(answer);
        await card.Locator("[data-answer]").ClickAsync();

        await Assertions.Expect(card).ToContainTextAsync("环境卫生科现场答复");
        await Assertions.Expect(card.Locator("[data-answer]")).ToHaveCountAsync(0);
        await Assertions.Expect(projector.Locator("#projector-answer")).ToHaveTextAsync(answer);
        await Assertions.Expect(projector.Locator("#projector-answer-by")).ToContainTextAsync("环境卫生科现场答复");
        await Assertions.Expect(onConsole.Locator("[data-answer-of]")).ToContainTextAsync(answer);
        await Assertions.Expect(phone.Locator("#my-questions")).ToContainTextAsync(answer);
        await Assertions.Expect(phone.Locator("#my-questions")).ToContainTextAsync("已答复");
        await projector.AssertAccessibleAsync();
        await projector.ScreenshotAsync("hall-answers-projector-1920", fullPage: false);
        await officer.AssertAccessibleAsync();
        await officer.ScreenshotAsync("hall-answers-officer-answered-phone");
        await phone.ScreenshotAsync("hall-answers-delegate-phone");
        await console.ScreenshotAsync("hall-answers-console");
    }
}
