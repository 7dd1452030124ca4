using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Sessions;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class LeaveServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private Actor _delegate01 = null!;
    private int _upcoming;
    private int _live;

    private SessionService Sessions => _db.Get<SessionService>();

    private LeaveService Leave => _db.Get<LeaveService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _delegate01 = await _db.ActorAsync("delegate01");
        _live = (await Sessions.ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
        _upcoming = await Sessions.CreateSessionAsync(_convener,
            new SessionInput(SessionKind.Regular, "下季度例会", _db.Clock.GetUtcNow().UtcDateTime.AddDays(14), "社区活动中心"), withTemplate: true);
        await Sessions.PublishAsync(_convener, _upcoming);
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Demo_Street1sLiveSession_HasDelegate40OnGrantedLeave_Excused()
    {
        var delegate40 = await _db.ActorAsync("delegate40");

        var requests = await Leave.ListAsync(_convener, _live);
        var expected = await Leave.ExpectedAsync(_convener, _live);

        Assert.Equal((delegate40.DelegateId, LeaveStatus.Granted), (requests.Single().DelegateId, requests.Single().Status));
        Assert.Equal(AttendanceStatus.Excused, (await Sessions.ListAttendanceAsync(_convener, _live)).Single(a => a.DelegateId == delegate40.DelegateId).Status);
        Assert.Equal((40, 39, 21), (expected.All, expected.Expected, expected.Required));
    }

    [Fact]
    public async Task Ask_ByADelegateOfTheTerm_IsPending_AndAskingAgainChangesTheReason()
    {
        await Leave.AskAsync(_delegate01, _upcoming, "出差");
        await Leave.AskAsync(_delegate01, _upcoming, "  住院复查  ");

        var mine = await Leave.MineAsync(_delegate01, _upcoming);
        Assert.Equal((LeaveStatus.Pending, "住院复查"), (mine!.Status, mine.Reason));
        var rows = await Leave.ListAsync(_convener, _upcoming);
        Assert.Single(rows);
        Assert.Contains(new SessionChanged(_convener.StreetId!.Value, _upcoming), _db.Events.All);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("家中有事\u0000")]
    [InlineData("\u202E事由")]
    public async Task Ask_WithoutAClean_Reason_IsRefusedByField(string reason)
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Leave.AskAsync(_delegate01, _upcoming, reason));

        Assert.Equal("Reason", refused.Errors.Single().Field);
        Assert.Null(await Leave.MineAsync(_delegate01, _upcoming));
    }

    [Fact]
    public async Task Ask_WithAReasonTooLong_IsRefused()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Leave.AskAsync(_delegate01, _upcoming, new string('事', LeaveRequest.ReasonMaxLength + 1)));

        Assert.Contains(LeaveRequest.ReasonMaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Message);
    }

    [Fact]
    public async Task Ask_WhenTheSessionIsLive_IsRefusedWithAReason()
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => Leave.AskAsync(_delegate01, _live, "出差"));

        Assert.Contains("召集人", refused.Message);
    }

    [Fact]
    public async Task Ask_ByAnOfficer_IsForbidden_ByAnotherStreetsDelegate_IsNotFound_ByARetiredDelegate_IsForbidden()
    {
        var officer = await _db.ActorAsync("officer01");
        var other = await _db.ActorAsync("delegate41");
        await Assert.ThrowsAsync<ForbiddenException>(() => Leave.AskAsync(officer, _upcoming, "出差"));
        await Assert.ThrowsAsync<NotFoundException>(() => Leave.AskAsync(other, _upcoming, "出差"));
        var delegate02 = await _db.ActorAsync("delegate02");
        await _db.Get<DirectoryService>().RetireDelegateAsync(_convener, delegate02.DelegateId!.Value, "迁出");

        await Assert.ThrowsAsync<ForbiddenException>(() => Leave.AskAsync(delegate02, _upcoming, "出差"));
    }

    [Fact]
    public async Task Grant_RecordsTheDelegateExcused_AndAskingAgainIsRefused()
    {
        var id = await Leave.AskAsync(_delegate01, _upcoming, "出差");

        await Leave.GrantAsync(_convener, _upcoming, id);

        var row = (await Sessions.ListAttendanceAsync(_convener, _upcoming)).Single(a => a.DelegateId == _delegate01.DelegateId);
        Assert.Equal(AttendanceStatus.Excused, row.Status);
        Assert.Equal(LeaveStatus.Granted, (await Leave.MineAsync(_delegate01, _upcoming))!.Status);
        var again = await Assert.ThrowsAsync<DomainException>(() => Leave.AskAsync(_delegate01, _upcoming, "还是出差"));
        Assert.Contains("已经批准", again.Message);
        await Assert.ThrowsAsync<DomainException>(() => Leave.RefuseAsync(_convener, _upcoming, id, null));
    }

    [Fact]
    public async Task Refuse_KeepsTheNote_AndTheDelegateMayAskAgain()
    {
        var id = await Leave.AskAsync(_delegate01, _upcoming, "出差");

        await Leave.RefuseAsync(_convener, _upcoming, id, "本次会议审议预算，请尽量出席");

        var refused = (await Leave.MineAsync(_delegate01, _upcoming))!;
        Assert.Equal((LeaveStatus.Refused, "本次会议审议预算，请尽量出席"), (refused.Status, refused.Note));
        Assert.Null((await Sessions.ListAttendanceAsync(_convener, _upcoming)).Single(a => a.DelegateId == _delegate01.DelegateId).Status);
        await Leave.AskAsync(_delegate01, _upcoming, "住院");
        var again = (await Leave.MineAsync(_delegate01, _upcoming))!;
        Assert.Equal((LeaveStatus.Pending, "住院", ""), (again.Status, again.Reason, again.Note));
        Assert.Equal(id, again.Id);
    }

    [Fact]
    public async Task Withdraw_APendingRequest_OnlyOnce()
    {
        var id = await Leave.AskAsync(_delegate01, _upcoming, "出差");

        await Leave.WithdrawAsync(_delegate01, _upcoming);

        Assert.Equal(LeaveStatus.Withdrawn, (await Leave.MineAsync(_delegate01, _upcoming))!.Status);
        await Assert.ThrowsAsync<DomainException>(() => Leave.WithdrawAsync(_delegate01, _upcoming));
        await Assert.ThrowsAsync<DomainException>(() => Leave.GrantAsync(_convener, _upcoming, id));
    }

    [Fact]
    public async Task Decide_ByADelegate_IsForbidden_ByAnotherStreetsConvener_IsNotFound()
    {
        var id = await Leave.AskAsync(_delegate01, _upcoming, "出差");
        var delegate02 = await _db.ActorAsync("delegate02");
        var convener2 = await _db.ActorAsync("convener2");

        await Assert.ThrowsAsync<ForbiddenException>(() => Leave.GrantAsync(delegate02, _upcoming, id));
        await Assert.ThrowsAsync<ForbiddenException>(() => Leave.ListAsync(_delegate01, _upcoming));
        await Assert.ThrowsAsync<NotFoundException>(() => Leave.GrantAsync(convener2, _upcoming, id));
        await Assert.ThrowsAsync<NotFoundException>(() => Leave.RefuseAsync(convener2, _upcoming, id, null));

        Assert.Equal(LeaveStatus.Pending, (await Leave.MineAsync(_delegate01, _upcoming))!.Status);
    }

    [Fact]
    public async Task Expected_IsAllLessGrantedLeave_AndWarnsWhenTheQuorumCannotBeReached()
    {
        var before = await Leave.ExpectedAsync(_convener, _upcoming);
        Assert.Equal((40, 40, 21, false), (before.All, before.Expected, before.Required, before.Short));

        for (var n = 1; n <= 20; n++)
        {
            var d = await _db.ActorAsync($"delegate{n:D2}");
            var id = await Leave.AskAsync(d, _upcoming, "出差");
            if (n <= 19)
            {
                await Leave.GrantAsync(_convener, _upcoming, id);
            }
        }

        var nineteen = await Leave.ExpectedAsync(_convener, _upcoming);
        Assert.Equal((40, 21, 21, false), (nineteen.All, nineteen.Expected, nineteen.Required, nineteen.Short));
        await Leave.GrantAsync(_convener, _upcoming, (await Leave.MineAsync(await _db.ActorAsync("delegate20"), _upcoming))!.Id);
        var twenty = await Leave.ExpectedAsync(_convener, _upcoming);
        Assert.Equal((20, true), (twenty.Expected, twenty.Short));
    }

    [Fact]
    public async Task Granted_ThenChecksInAnyway_IsPresent()
    {
        await Leave.GrantAsync(_convener, _upcoming, await Leave.AskAsync(_delegate01, _upcoming, "出差"));

        await Sessions.CheckInAsync(_delegate01, _upcoming);

        var snapshot = await _db.Get<SnapshotBuilder>().ReadAsync(_delegate01, _upcoming);
        Assert.True(snapshot.IsPresent(_delegate01.DelegateId));
        Assert.Equal(1, snapshot.Quorum.Present);
    }

    [Fact]
    public async Task Minutes_ListTheDelegatesOnLeaveByName()
    {
        await Leave.GrantAsync(_convener, _upcoming, await Leave.AskAsync(_delegate01, _upcoming, "出差"));
        await Sessions.StartAsync(_convener, _upcoming);
        await Sessions.AdjournAsync(_convener, _upcoming);

        var draft = await _db.Get<MinutesService>().DraftAsync(_convener, _upcoming);

        var name = (await Sessions.ListAttendanceAsync(_convener, _upcoming)).Single(a => a.DelegateId == _delegate01.DelegateId).Name;
        Assert.Contains($"**请假**（1 人）：{name}（", draft);
    }
}
