using Bunit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Support;
using CongressHub.Web.Sessions;

namespace CongressHub.Tests.Sessions;

/// <summary>Leave and leaving early on the convener's console and the delegate's session page.</summary>
public class LeavePagesTests : ComponentTest
{
    [Fact]
    public async Task Console_ShowsExpectedAttendance_AndGrantingARequestMovesIt()
    {
        var me = SignInAs("convener");
        RenderProviders();
        var id = await UpcomingAsync(me);
        var delegate05 = await Db.ActorAsync("delegate05");
        await Db.Get<LeaveService>().AskAsync(delegate05, id, "出差在外");
        var page = Render<ConsolePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Contains("预计出席 40 / 40 人（请假 0 人），法定人数需 21 人", page.Find("#expected-attendance").TextContent));

        page.Find("[data-grant]").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("预计出席 39 / 40 人（请假 1 人），法定人数需 21 人", page.Find("#expected-attendance").TextContent);
            Assert.Empty(page.FindAll("[data-grant]"));
            Assert.Contains("出差在外", page.Find("#leave-panel").TextContent);
            Assert.Empty(page.FindAll("#expected-short"));
        });
    }

    [Fact]
    public async Task DelegatePage_AsksForLeave_ThenWithdraws()
    {
        var convener = await Db.ActorAsync("convener");
        var id = await UpcomingAsync(convener);
        SignInAs("delegate06");
        RenderProviders();
        var page = Render<LivePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#ask-leave")));

        page.Find("#leave-reason").Change("家中老人住院");
        page.Find("#ask-leave").Click();

        page.WaitForAssertion(() => Assert.Contains("待审批", page.Find("#leave-status").TextContent));
        Assert.Single(await Db.Get<LeaveService>().ListAsync(convener, id), r => r.Reason == "家中老人住院");
        page.Find("#withdraw-leave").Click();
        page.WaitForAssertion(() => Assert.Contains("已撤回", page.Find("#leave-status").TextContent));
    }

    [Fact]
    public async Task DelegatePage_CheckOut_AsksToConfirm_ThenTheDelegateMayCheckInAgain()
    {
        var me = SignInAs("delegate07");
        RenderProviders();
        var id = (await Db.Get<SessionService>().ListSessionsAsync(me)).Single(s => s.Status == SessionStatus.Live).Id;
        await Db.Get<SessionService>().CheckInAsync(me, id);
        var page = Render<LivePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#check-out")));

        page.Find("#check-out").Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#check-out-confirm")));
        page.Find("#check-out-yes").Click();

        page.WaitForAssertion(() =>
        {
            Assert.NotNull(page.Find("#checked-out"));
            Assert.NotNull(page.Find("#check-in"));
            Assert.Contains("出席 0 / 40 人", page.Markup);
        });
        page.Find("#check-in").Click();
        page.WaitForAssertion(() => Assert.Contains("出席 1 / 40 人", page.Markup));
    }

    private async Task<int> UpcomingAsync(Actor convener)
    {
        var sessions = Db.Get<SessionService>();
        var id = await sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, "下季度例会", Db.Clock.GetUtcNow().UtcDateTime.AddDays(14), "礼堂"), withTemplate: true);
        await sessions.PublishAsync(convener, id);
        return id;
    }
}
