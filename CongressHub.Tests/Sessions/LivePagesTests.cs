using Bunit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Support;
using CongressHub.Web.Sessions;

namespace CongressHub.Tests.Sessions;

/// <summary>The console and the delegate screen follow the notifier: a change by someone else shows without a reload.</summary>
public class LivePagesTests : ComponentTest
{
    private int LiveSession(Actor actor) =>
        Db.Get<SessionService>().ListSessionsAsync(actor).GetAwaiter().GetResult().Single(s => s.Status == SessionStatus.Live).Id;

    [Fact]
    public async Task DelegatePage_ShowsTheItemTheConvenerStarts_AndTheQuorumMoving()
    {
        var me = SignInAs("delegate01");
        RenderProviders();
        var id = LiveSession(me);
        var convener = await Db.ActorAsync("convener");
        var page = Render<LivePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Contains("出席 0 / 40 人", page.Markup));
        var items = (await Db.Get<SnapshotBuilder>().ReadAsync(convener, id)).Items;

        await Db.Get<SessionService>().StartItemAsync(convener, id, items[1].Id);
        await Db.Get<SessionService>().CheckInAsync(await Db.ActorAsync("delegate02"), id);

        page.WaitForAssertion(() =>
        {
            Assert.Contains(items[1].Title, page.Find("#current-item").TextContent);
            Assert.Contains("出席 1 / 40 人", page.Markup);
        });
    }

    [Fact]
    public async Task DelegatePage_AfterAdjournment_SaysTheSessionHasEnded_AndItemsNeverTakenUpAreSkipped()
    {
        var me = SignInAs("delegate01");
        RenderProviders();
        var id = LiveSession(me);
        var convener = await Db.ActorAsync("convener");
        var sessions = Db.Get<SessionService>();
        var snapshots = Db.Get<SnapshotBuilder>();
        var items = (await snapshots.ReadAsync(convener, id)).Items;
        await sessions.StartItemAsync(convener, id, items[0].Id);
        var page = Render<LivePage>(p => p.Add(x => x.Id, id));

        await sessions.AdjournAsync(convener, id);

        page.WaitForAssertion(() => Assert.Equal("会议已结束。", page.Find("#current-item").TextContent.Trim()));
        var after = (await snapshots.ReadAsync(convener, id)).Items;
        Assert.Equal(AgendaItemStatus.Done, after[0].Status);
        Assert.All(after.Skip(1), i => Assert.Equal(AgendaItemStatus.Skipped, i.Status));
        Assert.Contains(await sessions.ListLogAsync(convener, id), e => e.Text.Contains(items[^1].Title));
    }

    [Fact]
    public async Task DelegatePage_FollowsAVote_CountsWhileOpen_ThenTheResult_AndVotesItself()
    {
        var me = SignInAs("delegate01");
        RenderProviders();
        var id = LiveSession(me);
        var convener = await Db.ActorAsync("convener");
        var sessions = Db.Get<SessionService>();
        var snapshots = Db.Get<SnapshotBuilder>();
        var voters = new[] { me, await Db.ActorAsync("delegate02"), await Db.ActorAsync("delegate03") }.Select(a => a.DelegateId!.Value).ToList();
        var others = (await sessions.ListAttendanceAsync(convener, id)).Select(a => a.DelegateId).Except(voters).Take(22 - voters.Count);
        foreach (var delegateId in voters.Concat(others))
        {
            await sessions.MarkAttendanceAsync(convener, id, delegateId, AttendanceStatus.Present);
        }
        var voting = Db.Get<CongressHub.Domain.Voting.VotingService>();
        var voteId = await voting.PrepareAsync(convener, id, new CongressHub.Domain.Voting.VoteInput(null, "批准本次会议议程", false, CongressHub.Domain.Voting.MajorityRule.YesOverNo));
        var page = Render<LivePage>(p => p.Add(x => x.Id, id));

        await voting.OpenAsync(convener, voteId);
        page.WaitForAssertion(() => Assert.Contains("0 / 22 已投票", page.Find("#vote-count").TextContent));
        // A snapshot may re-render the page between finding a button and clicking it: do both on the renderer.
        await page.InvokeAsync(() => page.Find(".ballot-choice[data-choice='yes']").Click());
        await page.InvokeAsync(() => page.Find("#confirm-ballot").Click());
        page.WaitForAssertion(() => page.Find("#ballot-done"));
        foreach (var other in new[] { "delegate02", "delegate03" })
        {
            await voting.CastAsync(await Db.ActorAsync(other), voteId, CongressHub.Domain.Voting.VoteChoice.No);
        }
        page.WaitForAssertion(() => Assert.Contains("3 / 22 已投票", page.Find("#vote-count").TextContent));
        await voting.CloseAsync(convener, voteId);

        page.WaitForAssertion(() => Assert.Equal("未通过", page.Find("#vote-verdict").TextContent.Trim()));
    }

    [Fact]
    public async Task DelegatePage_CheckIn_ThenAskForTheFloor_ShowsMyPlace()
    {
        var me = SignInAs("delegate03");
        RenderProviders();
        var id = LiveSession(me);
        var convener = await Db.ActorAsync("convener");
        var items = (await Db.Get<SnapshotBuilder>().ReadAsync(convener, id)).Items;
        await Db.Get<SessionService>().StartItemAsync(convener, id, items[2].Id);
        var page = Render<LivePage>(p => p.Add(x => x.Id, id));

        page.WaitForElement("#check-in").Click();
        page.WaitForAssertion(() => Assert.False(page.Find("#ask-floor").HasAttribute("disabled")));
        page.Find("#ask-floor").Click();

        page.WaitForAssertion(() => Assert.Contains("您在发言名单第 1 位", page.Find("#my-place").TextContent));
        Assert.NotNull(page.Find("#checked-in"));
    }

    [Fact]
    public async Task Console_ShowsACheckInMadeOnAPhone_AndGivesTheFloorWithACountdown()
    {
        var me = SignInAs("convener");
        RenderProviders();
        var id = LiveSession(me);
        var items = (await Db.Get<SnapshotBuilder>().ReadAsync(me, id)).Items;
        await Db.Get<SessionService>().StartItemAsync(me, id, items[2].Id);
        var page = Render<ConsolePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Contains("出席 0 / 40 人", page.Markup));
        var delegate04 = await Db.ActorAsync("delegate04");

        await Db.Get<SessionService>().CheckInAsync(delegate04, id);
        await Db.Get<SessionService>().RequestFloorAsync(delegate04, id);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-give-floor='{delegate04.DelegateId}']")));
        page.Find($"[data-give-floor='{delegate04.DelegateId}']").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("出席 1 / 40 人", page.Markup);
            Assert.NotNull(page.Find(".speaking-now [data-deadline]"));
            Assert.Contains(delegate04.DisplayName!, page.Find(".speaking-now").TextContent);
        });
    }

    [Fact]
    public async Task Console_ASpeakingLimitBelowTheMinimum_IsRefusedInWords_AndTheLimitStays()
    {
        var me = SignInAs("convener");
        RenderProviders();
        var snackbars = Render<MudBlazor.MudSnackbarProvider>();
        var id = LiveSession(me);
        var page = Render<ConsolePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("#speaking-limit"));

        await page.InvokeAsync(() => page.Find("#speaking-limit").Change("10"));
        await page.InvokeAsync(() => page.Find("#save-limit").Click());

        snackbars.WaitForAssertion(() => Assert.Contains("30", snackbars.Markup));
        Assert.Equal(180, (await Db.Get<SnapshotBuilder>().ReadAsync(me, id)).SpeakingLimitSeconds);
    }
}
