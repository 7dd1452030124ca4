using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Councils;

/// <summary>
/// A community council is a voting body beside the congress's term (CONTRACTS.md, "Voting bodies"): its meetings are
/// sessions with the same check-in, quorum, votes of every channel, secrecy and minutes, kept by its community's staff.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class CouncilVotingBodyTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _staff = null!;
    private int _community;

    private CouncilService Councils => _db.Get<CouncilService>();

    private SessionService Sessions => _db.Get<SessionService>();

    private VotingService Voting => _db.Get<VotingService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        // The demo seats councils in the first two communities: these tests start one in the third.
        _staff = await _db.ActorAsync("staff03");
        _community = _staff.CommunityId!.Value;
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    /// <summary>Six members: the staff member and delegate11 with their accounts, four who vote by hands.</summary>
    private async Task<List<int>> SeatCouncilAsync(QuorumRule quorum = QuorumRule.TwoThirds)
    {
        var members = new List<int>
        {
            await Councils.AddMemberAsync(_staff, _community, new CouncilMemberInput("李书记", DelegateCategory.CommunityHead, null, "staff03")),
            await Councils.AddMemberAsync(_staff, _community, new CouncilMemberInput("居民代表甲", DelegateCategory.ResidentRepresentative, null, "delegate11")),
        };
        foreach (var (name, category) in new[] { ("居民乙", DelegateCategory.ResidentRepresentative), ("物业公司", DelegateCategory.OrganisationRepresentative), ("超市", DelegateCategory.BusinessRepresentative), ("居民丙", DelegateCategory.ResidentRepresentative) })
        {
            members.Add(await Councils.AddMemberAsync(_staff, _community, new CouncilMemberInput(name, category, "13800000000")));
        }
        await Councils.SaveRulesAsync(_staff, _community, new CouncilRules(quorum, MajorityRule.HalfOfPresent, members[0]));
        return members;
    }

    private async Task<int> LiveMeetingAsync(IEnumerable<int> present)
    {
        var id = await Councils.CreateMeetingAsync(_staff, _community, new CouncilMeetingInput(CouncilMeetingKind.Decision, "加装电梯决策会", DateTime.UtcNow.AddHours(1), "社区议事厅", ["3号楼加装电梯"]));
        await Sessions.PublishAsync(_staff, id);
        foreach (var member in present)
        {
            await Sessions.MarkAttendanceAsync(_staff, id, member, AttendanceStatus.Present);
        }
        await Sessions.StartAsync(_staff, id);
        return id;
    }

    [Fact]
    public async Task A_Council_Meeting_Counts_Quorum_By_Its_Own_Rule_And_Its_Members_Vote_By_Phone_And_Hands()
    {
        var members = await SeatCouncilAsync(QuorumRule.TwoThirds);
        var view = await Councils.GetAsync(_staff, _community);
        Assert.Equal(6, view.Members.Count);
        Assert.Equal(4, view.QuorumRequired);

        // Three of six is not two thirds: the vote is refused, though it would be more than half of five.
        var session = await LiveMeetingAsync(members.Take(3));
        var voteId = await Voting.PrepareAsync(_staff, session, new VoteInput(null, "同意3号楼加装电梯", false, MajorityRule.HalfOfPresent));
        var noQuorum = await Assert.ThrowsAsync<DomainException>(() => Voting.OpenAsync(_staff, voteId));
        Assert.Contains("4", noQuorum.Message);

        await Sessions.MarkAttendanceAsync(_staff, session, members[3], AttendanceStatus.Present);
        await Voting.OpenAsync(_staff, voteId);
        // delegate11 sits on the council with their own account: the phone vote is their member's, not their congress seat's.
        var member = await _db.ActorAsync("delegate11");
        await Voting.CastAsync(member, voteId, VoteChoice.Yes);
        await _db.Get<CountingService>().EnterHandsAsync(_staff, voteId, 2, 1, 0);
        var result = await Voting.CloseAsync(_staff, voteId);

        Assert.Equal((3, 1, 4), (result.Yes, result.No, result.Present));
        Assert.True(result.Adopted);
        await using var db = _db.NewContext();
        Assert.Equal(VoteChannel.Phone, db.Ballots.Single(b => b.VoteId == voteId && b.DelegateId == members[1]).Channel);
        Assert.Equal(session, (await Sessions.ListSessionsAsync(member)).Single(s => s.Id == session).Id);
        Assert.DoesNotContain(await Sessions.ListSessionsAsync(await _db.ActorAsync("convener")), s => s.Id == session);
    }

    [Fact]
    public async Task A_Secret_Council_Vote_Keeps_No_Member_On_Its_Ballots()
    {
        var members = await SeatCouncilAsync(QuorumRule.MoreThanHalf);
        var session = await LiveMeetingAsync(members);
        var voteId = await Voting.PrepareAsync(_staff, session, new VoteInput(null, "选定施工单位", true, MajorityRule.HalfOfPresent));
        await Voting.OpenAsync(_staff, voteId);

        await Voting.CastAsync(await _db.ActorAsync("delegate11"), voteId, VoteChoice.No);
        await Voting.CastAsync(_staff, voteId, VoteChoice.Yes);
        var result = await Voting.CloseAsync(_staff, voteId);

        Assert.Equal((1, 1), (result.Yes, result.No));
        await using var db = _db.NewContext();
        var ballots = await db.Ballots.Where(b => b.VoteId == voteId).ToListAsync();
        Assert.Equal(2, ballots.Count);
        Assert.All(ballots, b => Assert.Null(b.DelegateId));
        Assert.Equal(2, await db.Voters.CountAsync(v => v.VoteId == voteId && v.HasVoted));
    }

    [Fact]
    public async Task Only_The_Communitys_Staff_And_The_Convener_Keep_Its_Council()
    {
        var other = await _db.ActorAsync("staff04");
        await Assert.ThrowsAsync<ForbiddenException>(() => Councils.AddMemberAsync(other, _community, new CouncilMemberInput("某人", DelegateCategory.ResidentRepresentative, null)));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await Councils.GetAsync(await _db.ActorAsync("delegate02"), _community));
        await Assert.ThrowsAsync<NotFoundException>(async () => await Councils.GetAsync(await _db.ActorAsync("convener2"), _community));
        await Assert.ThrowsAsync<NotFoundException>(async () => await Councils.GetAsync(await _db.ActorAsync("staff06"), _community));

        var members = await SeatCouncilAsync();
        var session = await Councils.CreateMeetingAsync(await _db.ActorAsync("convener"), _community, new CouncilMeetingInput(CouncilMeetingKind.OpinionCollection, "意见收集会", DateTime.UtcNow.AddDays(2), "社区议事厅", []));
        // Another community's staff cannot run it, another street cannot see it.
        await Assert.ThrowsAsync<ForbiddenException>(() => Sessions.PublishAsync(other, session));
        await Assert.ThrowsAsync<NotFoundException>(async () => await Sessions.PublishAsync(await _db.ActorAsync("staff06"), session));
        await Sessions.AddItemAsync(_staff, session, new AgendaItemInput(AgendaItemType.Other, "停车位", null, null, 20));
        await Assert.ThrowsAsync<ForbiddenException>(() => Voting.PrepareAsync(other, session, new VoteInput(null, "问题", false, MajorityRule.HalfOfPresent)));
        Assert.Equal(6, members.Count);
    }

    [Fact]
    public async Task Bad_Members_And_Meetings_Are_Refused_With_Nothing_Stored()
    {
        var noName = await Assert.ThrowsAsync<ValidationFailedException>(() => Councils.AddMemberAsync(_staff, _community, new CouncilMemberInput(" ", DelegateCategory.ResidentRepresentative, null)));
        Assert.Contains(noName.Errors, e => e.Field == nameof(CouncilMemberInput.Name));
        var noAccount = await Assert.ThrowsAsync<ValidationFailedException>(() => Councils.AddMemberAsync(_staff, _community, new CouncilMemberInput("某人", DelegateCategory.ResidentRepresentative, null, "nobody")));
        Assert.Contains("nobody", noAccount.Message);
        // An account of another street is not this street's.
        await Assert.ThrowsAsync<ValidationFailedException>(() => Councils.AddMemberAsync(_staff, _community, new CouncilMemberInput("某人", DelegateCategory.ResidentRepresentative, null, "delegate41")));
        var noMembers = await Assert.ThrowsAsync<DomainException>(() => Councils.CreateMeetingAsync(_staff, _community, new CouncilMeetingInput(CouncilMeetingKind.Decision, "决策会", DateTime.UtcNow.AddDays(1), "议事厅", [])));
        Assert.Contains("成员", noMembers.Message);

        await using (var db = _db.NewContext())
        {
            Assert.False(await db.Delegates.AnyAsync(d => db.Terms.Any(t => t.Id == d.TermId && t.CommunityId == _community)));
            Assert.False(await db.Sessions.AnyAsync(s => s.CommunityId == _community));
        }

        var members = await SeatCouncilAsync();
        await Assert.ThrowsAsync<ValidationFailedException>(() => Councils.AddMemberAsync(_staff, _community, new CouncilMemberInput("又一个", DelegateCategory.ResidentRepresentative, null, "delegate11")));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Councils.SaveRulesAsync(_staff, _community, new CouncilRules(QuorumRule.MoreThanHalf, MajorityRule.HalfOfCast, 999999)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Councils.SaveRulesAsync(_staff, _community, new CouncilRules((QuorumRule)9, MajorityRule.HalfOfCast, null)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Councils.CreateMeetingAsync(_staff, _community, new CouncilMeetingInput(CouncilMeetingKind.Decision, "", DateTime.UtcNow.AddDays(1), "议事厅", [])));
        Assert.Equal(QuorumRule.TwoThirds, (await Councils.GetAsync(_staff, _community)).Quorum);
        Assert.Equal(6, members.Count);
    }

    [Fact]
    public async Task The_Congress_Terms_Ignore_The_Councils()
    {
        await SeatCouncilAsync();
        var convener = await _db.ActorAsync("convener");
        var directory = _db.Get<DirectoryService>();
        var terms = await directory.ListTermsAsync(convener);
        var session = await Sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Extraordinary, "临时会议", DateTime.UtcNow.AddDays(3), "街道会议室"), false);
        await using var db = _db.NewContext();
        Assert.Equal(await db.Terms.CountAsync(t => t.StreetId == convener.StreetId && t.Body == VotingBody.Congress), terms.Count);
        var termOf = await db.Sessions.Where(s => s.Id == session).Select(s => s.TermId).SingleAsync();
        Assert.Equal(VotingBody.Congress, (await db.Terms.SingleAsync(t => t.Id == termOf)).Body);
    }

    [Fact]
    public async Task The_Councils_Secretary_Signs_Its_Minutes_Off_And_No_Street_Leader_Can()
    {
        var members = await SeatCouncilAsync(QuorumRule.MoreThanHalf);
        var session = await LiveMeetingAsync(members);
        await Sessions.AdjournAsync(_staff, session);
        var minutes = _db.Get<MinutesService>();
        var draft = await minutes.DraftAsync(_staff, session);
        Assert.Contains("加装电梯决策会", draft);
        await minutes.SubmitAsync(_staff, session, draft);

        await Assert.ThrowsAsync<NotFoundException>(async () => await minutes.SignOffAsync(await _db.ActorAsync("officer01"), session, 1));
        var view = await minutes.GetAsync(_staff, session);
        Assert.True(view.CanSignOff);
        await minutes.SignOffAsync(_staff, session, view.Versions.Max(v => v.Number));

        await using var db = _db.NewContext();
        var signed = await db.Sessions.SingleAsync(s => s.Id == session);
        Assert.Equal(SessionStatus.MinutesPublished, signed.Status);
        Assert.Equal("社区书记 李书记", signed.MinutesSignedOffBy);
    }
}
