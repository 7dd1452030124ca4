using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// One opinion's whole life: a resident submits it on a phone, the convener accepts and assigns it, the officer states
/// an intention, the convener decides, the officer marks it done, delegates rate it at the next session's follow-up,
/// and the public page shows the history.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ClosedLoopTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    private const string Text = "宏伟路口垃圾站异味很重，夏天尤其严重，希望加盖并每天冲洗。";

    [Fact]
    public async Task AResidentsOpinion_GoesAroundTheLoop_AndThePublicPageShowsItsHistory()
    {
        await using var residentContext = await browser.NewContextAsync(phone: true);
        var resident = await residentContext.NewPageAsync();
        await resident.GotoAsync("/s/shiyan/opinions/new");
        await resident.SelectOptionAsync("#community", new SelectOptionValue { Index = 1 });
        await resident.SelectOptionAsync("#category", "Sanitation");
        await resident.FillAsync("#opinion-text", Text);
        await resident.Locator("#publishable").CheckAsync();
        await resident.Locator("#check-answer").FillAsync(await PublicOpinionTests.AnswerAsync(resident));
        await resident.Locator("#submit-opinion").ClickAsync();
        await Assertions.Expect(resident.Locator("#opinion-sent")).ToBeVisibleAsync();
        await resident.ScreenshotAsync("loop-1-resident-sent-phone");

        await using var convenerContext = await browser.NewContextAsync();
        var convener = await convenerContext.NewPageAsync();
        await convener.SignInAsync("convener");
        await convener.GotoAsync("/tracking");
        await convener.WaitForCircuitAsync();
        await convener.Locator(".track-title", new() { HasText = "宏伟路口垃圾站" }).GetByRole(AriaRole.Link).ClickAsync();
        await convener.Locator("#accept").ClickAsync();
        await convener.Locator("#assign-department").ClickAsync();
        await convener.GetByRole(AriaRole.Option, new() { Name = "环境卫生科" }).ClickAsync();
        // The due date appears once the circuit has the department; saving before that would accept without assigning.
        await Assertions.Expect(convener.Locator("#assign-due")).ToBeVisibleAsync();
        await convener.Locator("#assign-save").ClickAsync();
        await Assertions.Expect(convener.Locator("#responsible")).ToHaveTextAsync("环境卫生科");
        var itemUrl = convener.Url;
        var id = int.Parse(itemUrl[(itemUrl.LastIndexOf('/') + 1)..]);

        await using var officerContext = await browser.NewContextAsync(phone: true);
        var officer = await officerContext.NewPageAsync();
        await officer.SignInAsync("officer06");
        await officer.GotoAsync($"/tracking/{id}");
        await officer.WaitForCircuitAsync();
        await officer.Locator("#intention").ClickAsync();
        await officer.Locator("#note-input").FillAsync("需要区环卫局审批加盖改造资金，一个月内答复。");
        await officer.Locator("#note-confirm").ClickAsync();
        await Assertions.Expect(officer.Locator("#intention-text")).ToContainTextAsync("区环卫局");

        await convener.ReloadAsync();
        await convener.WaitForCircuitAsync();
        await convener.Locator("#decide").ClickAsync();
        await convener.Locator("#note-input").FillAsync("街道出资为垃圾站加盖，环卫公司每日冲洗一次。");
        await convener.Locator("#note-confirm").ClickAsync();
        await Assertions.Expect(convener.Locator("#decision-text")).ToContainTextAsync("每日冲洗");

        await officer.ReloadAsync();
        await officer.WaitForCircuitAsync();
        await officer.Locator("#done").ClickAsync();
        await officer.Locator("#note-confirm").ClickAsync();
        await Assertions.Expect(officer.Locator(".tracked-state, #history").First).ToContainTextAsync("已办结");
        await officer.ScreenshotAsync("loop-2-officer-done-phone");

        // The next regular session: its follow-up report lists the item; a delegate present rates it.
        var sessions = browser.App.Services.GetRequiredService<SessionService>();
        var snapshots = browser.App.Services.GetRequiredService<SnapshotBuilder>();
        var convenerActor = await SignInTests.ActorOf(browser.App, "convener");
        var next = await sessions.CreateSessionAsync(convenerActor, new SessionInput(SessionKind.Regular, "闭环测试例会", DateTime.UtcNow.AddMinutes(10), "礼堂"), withTemplate: true);
        await sessions.PublishAsync(convenerActor, next);
        await sessions.StartAsync(convenerActor, next);
        await sessions.MarkAttendanceAsync(convenerActor, next, (await SignInTests.ActorOf(browser.App, "delegate33")).DelegateId!.Value, AttendanceStatus.Present);
        var followUp = (await snapshots.ReadAsync(convenerActor, next)).Items.Single(i => i.Type == AgendaItemType.FollowUpReport);
        await sessions.StartItemAsync(convenerActor, next, followUp.Id);

        await using var delegateContext = await browser.NewContextAsync(phone: true);
        var phone = await delegateContext.NewPageAsync();
        await phone.SignInAsync("delegate33");
        await phone.GotoAsync($"/sessions/{next}");
        await phone.WaitForCircuitAsync();
        var row = phone.Locator($"#followup-card [data-followup='{id}']");
        await Assertions.Expect(row).ToContainTextAsync("每日冲洗");
        await row.Locator("[data-rate='2']").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("您的评价：基本满意");
        await phone.ScreenshotAsync("loop-3-delegate-rated-phone");
        await sessions.FinishItemAsync(convenerActor, next);

        await resident.GotoAsync("/s/shiyan/opinions?q=" + Uri.EscapeDataString("宏伟路口垃圾站"));
        var card = resident.Locator(".opinion-card", new() { HasText = "宏伟路口垃圾站" });
        await Assertions.Expect(card).ToContainTextAsync("已评价");
        await card.Locator(".opinion-history summary").ClickAsync();
        foreach (var step in new[] { "受理并交办", "已交办", "已表态", "已决定", "已办结", "已通报", "已评价" })
        {
            await Assertions.Expect(card.Locator(".opinion-history")).ToContainTextAsync(step);
        }
        await resident.AssertAccessibleAsync();
        await resident.ScreenshotAsync("loop-4-public-history-phone");
    }
}
