using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Sessions;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class LeavingEarlyTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private Actor _delegate01 = null!;
    private int _live;

    private SessionService Sessions => _db.Get<SessionService>();

    private VotingService Voting => _db.Get<VotingService>();

    private SnapshotBuilder Snapshots => _db.Get<SnapshotBuilder>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _delegate01 = await _db.ActorAsync("delegate01");
        _live = (await Sessions.ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task LeavingEarly_BetweenTwoVotes_CountsOnlyInTheSecond()
    {
        await Sessions.MarkRestPresentAsync(_convener, _live);
        var present = (await Snapshots.ReadAsync(_convener, _live)).Quorum.Present;
        var first = await Voting.PrepareAsync(_convener, _live, new VoteInput(null, "通过会议议程", Secret: false, MajorityRule.HalfOfPresent));
        await Voting.OpenAsync(_convener, first);

        _db.Clock.Advance(TimeSpan.FromMinutes(10));
        await Sessions.CheckOutAsync(_delegate01, _live);
        // Eligible when the first vote opened, the delegate who left may still vote in it: the frozen list decides.
        await Voting.CastAsync(_delegate01, first, VoteChoice.Yes);
        await Voting.CloseAsync(_convener, first);
        var second = await Voting.PrepareAsync(_convener, _live, new VoteInput(null, "确定下次会议时间", Secret: false, MajorityRule.HalfOfPresent));
        await Voting.OpenAsync(_convener, second);

        var one = await Voting.GetAsync(_convener, first);
        var two = await Voting.GetAsync(_convener, second);
        Assert.Equal((present, 40), (one.Eligible, one.All));
        Assert.Equal((present - 1, 40), (two.Eligible, two.All));
        await using var db = _db.NewContext();
        Assert.Equal((present, present - 1), (await db.Votes.Where(v => v.Id == first).Select(v => v.Present).SingleAsync(), await db.Votes.Where(v => v.Id == second).Select(v => v.Present).SingleAsync()));
        Assert.Contains(_delegate01.DelegateId!.Value, await db.Voters.Where(v => v.VoteId == first).Select(v => v.DelegateId).ToListAsync());
        Assert.False((await Voting.MyBallotAsync(_delegate01, second)).Eligible);
        Assert.Equal(present - 1, (await Snapshots.ReadAsync(_convener, _live)).Quorum.Present);
    }

    [Fact]
    public async Task ADelegateWhoLeft_MayCheckInAgain_AndTheLogSaysBoth()
    {
        await Sessions.CheckInAsync(_delegate01, _live);
        await Sessions.CheckOutAsync(_delegate01, _live);
        Assert.False((await Snapshots.ReadAsync(_delegate01, _live)).IsPresent(_delegate01.DelegateId));

        await Sessions.CheckInAsync(_delegate01, _live);

        var snapshot = await Snapshots.ReadAsync(_delegate01, _live);
        Assert.True(snapshot.IsPresent(_delegate01.DelegateId));
        Assert.Equal(1, snapshot.Quorum.Present);
        var log = (await Sessions.ListLogAsync(_convener, _live)).Select(l => l.Text).ToList();
        Assert.Contains(log, l => l.EndsWith("中途离场", StringComparison.Ordinal));
        Assert.Contains(log, l => l.EndsWith("返回会场", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Left_IsOnlyForAPresentDelegate_InALiveSession()
    {
        var id = _delegate01.DelegateId!.Value;

        await Assert.ThrowsAsync<DomainException>(() => Sessions.CheckOutAsync(_delegate01, _live));
        await Assert.ThrowsAsync<DomainException>(() => Sessions.MarkAttendanceAsync(_convener, _live, id, AttendanceStatus.Left));
        await Sessions.MarkAttendanceAsync(_convener, _live, id, AttendanceStatus.Present);
        await Sessions.MarkAttendanceAsync(_convener, _live, id, AttendanceStatus.Left);

        var row = (await Sessions.ListAttendanceAsync(_convener, _live)).Single(a => a.DelegateId == id);
        Assert.Equal((AttendanceStatus.Left, false), (row.Status, row.BySelf));
        var upcoming = await Sessions.CreateSessionAsync(_convener, new SessionInput(SessionKind.Regular, "下季度例会", _db.Clock.GetUtcNow().UtcDateTime.AddDays(14), "礼堂"), withTemplate: true);
        await Sessions.PublishAsync(_convener, upcoming);
        await Sessions.CheckInAsync(_delegate01, upcoming);
        var notLive = await Assert.ThrowsAsync<DomainException>(() => Sessions.CheckOutAsync(_delegate01, upcoming));
        Assert.Contains("下季度例会", notLive.Message);
    }

    [Fact]
    public async Task Minutes_ListWhoLeftEarly_AndWhen_InTheStreetsZone()
    {
        await Sessions.CheckInAsync(_delegate01, _live);
        _db.Clock.Advance(TimeSpan.FromMinutes(25));
        var at = _db.Clock.GetUtcNow().UtcDateTime;
        await Sessions.CheckOutAsync(_delegate01, _live);
        await Sessions.AdjournAsync(_convener, _live);

        var draft = await _db.Get<MinutesService>().DraftAsync(_convener, _live);

        var name = (await Sessions.ListAttendanceAsync(_convener, _live)).Single(a => a.DelegateId == _delegate01.DelegateId).Name;
        Assert.Contains($"**中途离会**（1 人）：{name}（", draft);
        Assert.Contains($"，{SessionTime.FormatTime(at)} 离会）", draft);
        Assert.Contains($"{SessionTime.FormatTime(at)} {name} 中途离场", draft);
    }
}
