using CongressHub.Domain.Committee;
using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Committee;

/// <summary>
/// The self-governance committee meets as a voting body of its own (CONTRACTS.md, "Voting bodies"): the convener calls
/// its meetings, its members (kept in step with the committee the congress elected) check in and vote, its quorum and
/// majority count its members only, its chair signs its minutes off, and none of it counts as the congress's sittings.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class CommitteeMeetingTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!, _chair = null!;

    private CommitteeService Committee => _db.Get<CommitteeService>();

    private SessionService Sessions => _db.Get<SessionService>();

    private VotingService Voting => _db.Get<VotingService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        // The demo's committee: delegate01 (its chair), delegate05, delegate08, delegate10 and delegate12; delegate14 stood and lost.
        _convener = await _db.ActorAsync("convener");
        _chair = await _db.ActorAsync("delegate01");
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private async Task<int> OpenRequestAsync()
    {
        await using var db = _db.NewContext();
        return await db.CommitteeRequests.Where(r => r.StreetId == _convener.StreetId && r.Title == "垃圾分类督导志愿者招募").Select(r => r.Id).SingleAsync();
    }

    private async Task<int> CallAsync(params int[] requests) =>
        await Committee.CreateMeetingAsync(_convener, new CommitteeMeetingInput("委员会第二次会议", DateTime.UtcNow.AddHours(1), "街道会议室", requests, ["下月工作安排"]));

    private async Task<int> LiveMeetingAsync(params int[] requests)
    {
        var id = await CallAsync(requests);
        await Sessions.PublishAsync(_convener, id);
        await Sessions.StartAsync(_convener, id);
        return id;
    }

    private async Task<(int Sessions, int Audits, int Items)> CountsAsync()
    {
        await using var db = _db.NewContext();
        return (await db.Sessions.CountAsync(), await db.AuditEntries.CountAsync(), await db.AgendaItems.CountAsync());
    }

    [Fact]
    public async Task CreateMeeting_ByConvener_IsADraftOfTheCommitteesBodyWithOneItemPerRequest()
    {
        var request = await OpenRequestAsync();

        var id = await CallAsync(request);

        await using var db = _db.NewContext();
        var session = await db.Sessions.SingleAsync(s => s.Id == id);
        var body = await db.Terms.SingleAsync(t => t.Id == session.TermId);
        Assert.Equal((SessionKind.CommitteeMeeting, SessionStatus.Draft, (int?)null), (session.Kind, session.Status, session.CommunityId));
        Assert.Equal((VotingBody.Committee, MajorityRule.HalfOfAll, QuorumRule.MoreThanHalf), (body.Body, body.DefaultMajority, body.QuorumRule));
        Assert.Equal(["协办请求：垃圾分类督导志愿者招募", "下月工作安排"],
            await db.AgendaItems.Where(i => i.SessionId == id).OrderBy(i => i.Position).Select(i => i.Title).ToListAsync());
        Assert.Contains(await db.AuditEntries.Select(a => a.Action).ToListAsync(), a => a == "Committee.MeetingCalled");
        var view = await _db.Get<CommitteeWorkService>().ViewAsync(_convener);
        Assert.True(view.CanCallMeeting);
        Assert.Contains(view.Meetings!, m => m.SessionId == id);
        // A member sees the meeting once it is published, not its draft.
        Assert.DoesNotContain((await _db.Get<CommitteeWorkService>().ViewAsync(_chair)).Meetings!, m => m.SessionId == id);
    }

    [Fact]
    public async Task CreateMeeting_ByDelegateOrOfficer_IsRefused()
    {
        var before = await CountsAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => Committee.CreateMeetingAsync(_chair, new CommitteeMeetingInput("会议", DateTime.UtcNow.AddDays(1), "会议室", [], ["一项"])));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await Committee.CreateMeetingAsync(await _db.ActorAsync("officer01"), new CommitteeMeetingInput("会议", DateTime.UtcNow.AddDays(1), "会议室", [], ["一项"])));

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task CreateMeeting_WithBadInput_IsRefusedWithFieldErrorsAndNothingWritten()
    {
        var before = await CountsAsync();
        await using (var db = _db.NewContext())
        {
            var gas = await db.CommitteeRequests.SingleAsync(r => r.Title == "冬季燃气安全入户宣传");
            Assert.Equal(CommitteeRequestState.Assigned, gas.State);
        }

        var blank = await Assert.ThrowsAsync<ValidationFailedException>(() => Committee.CreateMeetingAsync(_convener, new CommitteeMeetingInput(" ", DateTime.UtcNow.AddDays(1), "", [], [new string('议', 121)])));
        var unknown = await Assert.ThrowsAsync<ValidationFailedException>(() => Committee.CreateMeetingAsync(_convener, new CommitteeMeetingInput("会议", DateTime.UtcNow.AddDays(1), "会议室", [999999], [])));
        var twice = await Assert.ThrowsAsync<ValidationFailedException>(async () =>
        {
            var open = await OpenRequestAsync();
            await Committee.CreateMeetingAsync(_convener, new CommitteeMeetingInput("会议", DateTime.UtcNow.AddDays(1), "会议室", [open, open], []));
        });

        Assert.Equal(["Title", "Place", "Items"], blank.Errors.Select(e => e.Field).Distinct());
        Assert.All(blank.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        Assert.Equal("RequestIds", Assert.Single(unknown.Errors).Field);
        Assert.Equal("RequestIds", Assert.Single(twice.Errors).Field);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task CreateMeeting_OnAClosedRequest_IsRefused()
    {
        var work = _db.Get<CommitteeWorkService>();
        var request = await OpenRequestAsync();
        await work.DeclineAsync(_convener, request, "已由志愿者协会组织。");
        var before = await CountsAsync();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => CallAsync(request));

        Assert.Equal("RequestIds", Assert.Single(refused.Errors).Field);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task CheckIn_ByNonMemberDelegate_IsRefused_AndQuorumCountsTheCommitteesMembersOnly()
    {
        var session = await LiveMeetingAsync();
        await Assert.ThrowsAsync<ForbiddenException>(async () => await Sessions.CheckInAsync(await _db.ActorAsync("delegate14"), session));
        await Sessions.CheckInAsync(_chair, session);
        await Sessions.CheckInAsync(await _db.ActorAsync("delegate05"), session);

        var defaults = await Voting.NewVoteDefaultsAsync(_convener, session);
        Assert.Equal((false, MajorityRule.HalfOfAll), (defaults.Secret, defaults.Rule));
        var voteId = await Voting.PrepareAsync(_convener, session, new VoteInput(null, "同意下月工作安排", false, MajorityRule.HalfOfAll));
        // Two of five members is not more than half: forty congress delegates do not count.
        var noQuorum = await Assert.ThrowsAsync<DomainException>(() => Voting.OpenAsync(_convener, voteId));
        Assert.Contains("3", noQuorum.Message);

        await Sessions.CheckInAsync(await _db.ActorAsync("delegate08"), session);
        await Voting.OpenAsync(_convener, voteId);
        await Assert.ThrowsAnyAsync<DomainException>(async () => await Voting.CastAsync(await _db.ActorAsync("delegate14"), voteId, VoteChoice.No));
        await Voting.CastAsync(_chair, voteId, VoteChoice.Yes);
        await Voting.CastAsync(await _db.ActorAsync("delegate05"), voteId, VoteChoice.Yes);
        await Voting.CastAsync(await _db.ActorAsync("delegate08"), voteId, VoteChoice.Yes);
        var result = await Voting.CloseAsync(_convener, voteId);

        Assert.Equal((3, 0, 3), (result.Yes, result.No, result.Present));
        Assert.True(result.Adopted);
        Assert.Equal(await Sessions.MemberOfSessionAsync(_chair, session), (await CommitteeSeatAsync("delegate01")));
        await using var db = _db.NewContext();
        Assert.Equal(3, await db.Ballots.CountAsync(b => b.VoteId == voteId && b.DelegateId != null));
    }

    private async Task<int> CommitteeSeatAsync(string userName)
    {
        var user = await _db.ActorAsync(userName);
        await using var db = _db.NewContext();
        return await db.Delegates.Where(d => d.UserId == user.UserId && db.Terms.Any(t => t.Id == d.TermId && t.Body == VotingBody.Committee) && d.RetiredUtc == null)
            .Select(d => d.Id).SingleAsync();
    }

    [Fact]
    public async Task SetChair_MovesTheMinutesSignOffToTheNewChair_AndCallingAMeetingSyncsTheMembers()
    {
        var view = await Committee.GetAsync(_convener);
        var newChair = view.Members.Single(m => !m.IsChair && m.Name == view.Members[1].Name);
        await using (var db = _db.NewContext())
        {
            // A member's seat lost (as if the body were set up before they were elected): calling a meeting seats them again.
            var seat = await db.Delegates.SingleAsync(d => d.Id == db.Delegates.Where(x => db.Terms.Any(t => t.Id == x.TermId && t.Body == VotingBody.Committee)).Max(x => x.Id));
            seat.Retire("测试", DateTime.UtcNow);
            await db.SaveChangesAsync();
        }

        await Committee.SetChairAsync(_convener, newChair.Id);
        await CallAsync();

        await using var check = _db.NewContext();
        var body = await check.Terms.SingleAsync(t => t.StreetId == _convener.StreetId && t.Body == VotingBody.Committee);
        var seats = await check.Delegates.Where(d => d.TermId == body.Id && d.RetiredUtc == null).ToListAsync();
        Assert.Equal(5, seats.Count);
        Assert.Equal(view.Members.Select(m => m.Name).Order(), seats.Select(s => s.Name).Order());
        Assert.Equal(newChair.Name, seats.Single(s => s.Id == body.SecretaryMemberId).Name);
        Assert.All(seats, s => Assert.NotNull(s.UserId));
    }

    [Fact]
    public async Task The_Committees_Chair_Signs_Its_Minutes_Off_And_No_Street_Leader_Can()
    {
        var session = await LiveMeetingAsync();
        await Sessions.AdjournAsync(_convener, session);
        var minutes = _db.Get<MinutesService>();
        var draft = await minutes.DraftAsync(_convener, session);
        await minutes.SubmitAsync(_convener, session, draft);

        await Assert.ThrowsAsync<NotFoundException>(async () => await minutes.SignOffAsync(await _db.ActorAsync("officer01"), session, 1));
        await Assert.ThrowsAsync<NotFoundException>(async () => await minutes.SignOffAsync(await _db.ActorAsync("delegate05"), session, 1));
        var view = await minutes.GetAsync(_chair, session);
        Assert.True(view.CanSignOff);
        await minutes.SignOffAsync(_chair, session, view.Versions.Max(v => v.Number));

        await using var db = _db.NewContext();
        var signed = await db.Sessions.SingleAsync(s => s.Id == session);
        Assert.Equal(SessionStatus.MinutesPublished, signed.Status);
        Assert.StartsWith("自治委员会主任 ", signed.MinutesSignedOffBy);
    }

    [Fact]
    public async Task Committee_Meetings_Are_Not_The_Congresss_Sessions_Or_Terms()
    {
        var admin = await _db.ActorAsync("admin");
        var streets = _db.Get<StreetService>();
        var before = (await streets.ListOverviewAsync(admin)).Single(s => s.Id == _convener.StreetId);
        var attendanceBefore = await Sessions.AttendanceByTermAsync(_convener);

        var session = await LiveMeetingAsync();
        await Sessions.CheckInAsync(_chair, session);
        await Sessions.AdjournAsync(_convener, session);

        var after = (await streets.ListOverviewAsync(admin)).Single(s => s.Id == _convener.StreetId);
        Assert.Equal((before.Sessions, before.LiveSessions), (after.Sessions, after.LiveSessions));
        Assert.Equal(attendanceBefore.Select(a => a.Title), (await Sessions.AttendanceByTermAsync(_convener)).Select(a => a.Title));
        var terms = await _db.Get<DirectoryService>().ListTermsAsync(_convener);
        await using var db = _db.NewContext();
        Assert.Equal(await db.Terms.CountAsync(t => t.StreetId == _convener.StreetId && t.Body == VotingBody.Congress), terms.Count);
        Assert.DoesNotContain(terms, t => db.Terms.Any(x => x.Id == t.Id && x.Body != VotingBody.Congress));
        // A congress sitting cannot be made a committee meeting, nor the other way round.
        await Assert.ThrowsAsync<ValidationFailedException>(() => Sessions.CreateSessionAsync(_convener, new SessionInput(SessionKind.CommitteeMeeting, "会议", DateTime.UtcNow.AddDays(2), "会议室"), false));
        var draft = await CallAsync();
        var version = await db.Sessions.Where(s => s.Id == draft).Select(s => s.Version).SingleAsync();
        await Assert.ThrowsAsync<ValidationFailedException>(() => Sessions.UpdateSessionAsync(_convener, draft, new SessionInput(SessionKind.Regular, "会议", DateTime.UtcNow.AddDays(2), "会议室"), version));
        // Members see it among their sessions; neither a delegate who is not on the committee nor the convener's list of
        // the congress's sittings does.
        Assert.Contains(await Sessions.ListSessionsAsync(_chair), s => s.Id == session);
        Assert.DoesNotContain(await Sessions.ListSessionsAsync(await _db.ActorAsync("delegate14")), s => s.Id == session);
        Assert.DoesNotContain(await Sessions.ListSessionsAsync(_convener), s => s.Id == session);
    }
}
