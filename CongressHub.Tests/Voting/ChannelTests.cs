using CongressHub.Domain.Common;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Voting;

/// <summary>Phone, recorded, show-of-hands and paper ballots in one tally, each delegate once (CONTRACTS.md, "Votes and channels").</summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class ChannelTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private int _session;
    private int _motion;
    private int _streetId;
    private List<int> _delegateIds = [];

    private VotingService Voting => _db.Get<VotingService>();

    private CountingService Counting => _db.Get<CountingService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _streetId = _convener.StreetId!.Value;
        _session = (await _db.Get<SessionService>().ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
        _motion = (await _db.Get<MotionService>().ListAsync(_convener)).Single(m => m.Status == MotionStatus.Admitted).Id;
        await CheckInAsync(30);
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_Phone_Racing_A_Recorded_Choice_For_The_Same_Delegate_Counts_Once()
    {
        var voteId = await Voting.OpenOnMotionAsync(_convener, _motion, secret: false, MajorityRule.HalfOfCast);

        var phone = Voting.CastAsync(Delegate(1), voteId, VoteChoice.Yes);
        var recorded = Counting.RecordAsync(_convener, voteId, _delegateIds[0], VoteChoice.No);
        var outcomes = await Task.WhenAll(Settle(phone), Settle(recorded));

        Assert.Single(outcomes, o => o is null);
        var refusal = Assert.IsType<DomainException>(Assert.Single(outcomes, o => o is not null));
        Assert.True(refusal.Message.Contains("登记") || refusal.Message.Contains("已经投过票"), refusal.Message);
        var view = await Voting.GetAsync(_convener, voteId);
        Assert.Equal(1, view.Channels.Total);
        Assert.Equal(1, view.Cast);
        await using var db = _db.NewContext();
        Assert.Single(db.Ballots.Where(b => b.VoteId == voteId));
    }

    [Fact]
    public async Task A_Phone_Racing_A_Paper_Ballot_Counts_Once_And_Paper_Bars_The_Phone()
    {
        var voteId = await NamedVoteWithTellersAsync();

        var phone = Voting.CastAsync(Delegate(5), voteId, VoteChoice.Yes);
        var paper = Counting.IssuePaperAsync(_convener, voteId, [_delegateIds[4]]);
        var outcomes = await Task.WhenAll(Settle(phone), Settle(paper));

        Assert.Single(outcomes, o => o is null);
        var view = await Voting.GetAsync(_convener, voteId);
        Assert.Equal(1, view.Channels.Total);
        await Counting.IssuePaperAsync(_convener, voteId, [_delegateIds[6]]);
        var barred = await Assert.ThrowsAsync<DomainException>(() => Voting.CastAsync(Delegate(7), voteId, VoteChoice.No));
        Assert.Contains("纸质选票", barred.Message);
    }

    [Fact]
    public async Task Recorded_Choices_Are_Flagged_Audited_And_Counted_With_The_Phones()
    {
        var voteId = await Voting.OpenOnMotionAsync(_convener, _motion, secret: false, MajorityRule.HalfOfCast);
        await Voting.CastAsync(Delegate(1), voteId, VoteChoice.Yes);
        await Counting.RecordAsync(_convener, voteId, _delegateIds[1], VoteChoice.Yes);
        var absent = await Assert.ThrowsAsync<DomainException>(() => Counting.RecordAsync(_convener, voteId, _delegateIds[35], VoteChoice.Yes));
        Assert.Contains("未签到", absent.Message);

        var result = await Voting.CloseAsync(_convener, voteId);

        Assert.Equal(2, result.Yes);
        await using var db = _db.NewContext();
        Assert.Equal(VoteChannel.Recorded, db.Ballots.Single(b => b.VoteId == voteId && b.DelegateId == _delegateIds[1]).Channel);
        Assert.Equal(VoteChannel.Phone, db.Ballots.Single(b => b.VoteId == voteId && b.DelegateId == _delegateIds[0]).Channel);
        Assert.Contains(db.AuditEntries, a => a.Action == "Vote.Recorded" && a.Details.Contains("yes"));
        Assert.Contains("代为登记 1", db.AuditEntries.Single(a => a.Action == "Vote.Closed" && a.Subject == $"Vote {voteId}").Details);
        var minutes = db.MinutesEntries.Single(m => m.SessionId == _session && m.TextKey == "Log.VoteChannels").Display;
        Assert.Contains("手机 1，代为登记 1", minutes);
    }

    [Theory]
    [InlineData(MajorityRule.YesOverNo, 10, 10, 11, 10)]
    [InlineData(MajorityRule.HalfOfCast, 10, 10, 11, 9)]
    [InlineData(MajorityRule.HalfOfPresent, 15, 0, 16, 0)]
    [InlineData(MajorityRule.HalfOfAll, 20, 0, 21, 0)]
    [InlineData(MajorityRule.TwoThirdsOfCast, 19, 11, 20, 10)]
    [InlineData(MajorityRule.TwoThirdsOfPresent, 19, 0, 20, 0)]
    [InlineData(MajorityRule.TwoThirdsOfAll, 26, 0, 27, 0)]
    public async Task A_Show_Of_Hands_Decides_By_The_Rule_At_Its_Boundary(MajorityRule rule, int yesBelow, int noBelow, int yesAt, int noAt)
    {
        // 30 present of 40: two phones vote yes, the hall's hands bring the rest.
        var below = await ProceduralVoteAsync(rule);
        await Voting.CastAsync(Delegate(1), below, VoteChoice.Yes);
        await Voting.CastAsync(Delegate(2), below, VoteChoice.Yes);
        await Counting.EnterHandsAsync(_convener, below, yesBelow - 2, noBelow, 0);
        Assert.False((await Voting.CloseAsync(_convener, below)).Adopted);

        var at = await ProceduralVoteAsync(rule);
        await Voting.CastAsync(Delegate(1), at, VoteChoice.Yes);
        await Voting.CastAsync(Delegate(2), at, VoteChoice.Yes);
        await Counting.EnterHandsAsync(_convener, at, yesAt - 2, noAt, 0);
        var result = await Voting.CloseAsync(_convener, at);

        Assert.True(result.Adopted);
        Assert.Equal((yesAt, noAt), (result.Yes, result.No));
        Assert.True((await Voting.RecountAsync(_convener, at)).Matches);
    }

    [Fact]
    public async Task A_Show_Of_Hands_Cannot_Count_More_Than_The_Eligible_Voters_Not_Yet_Counted()
    {
        var voteId = await ProceduralVoteAsync(MajorityRule.HalfOfCast);
        await Voting.CastAsync(Delegate(1), voteId, VoteChoice.Yes);

        var over = await Assert.ThrowsAsync<ValidationFailedException>(() => Counting.EnterHandsAsync(_convener, voteId, 20, 10, 0));
        Assert.Contains("29", over.Message);
        await using (var db = _db.NewContext())
        {
            Assert.Empty(db.CountEntries.Where(c => c.VoteId == voteId));
        }

        await Counting.EnterHandsAsync(_convener, voteId, 20, 9, 0);
        // Every eligible voter is counted now: a late phone ballot would count someone twice.
        var late = await Assert.ThrowsAsync<DomainException>(() => Voting.CastAsync(Delegate(2), voteId, VoteChoice.No));
        Assert.Contains("举手", late.Message);
        // Entered again, the counts replace the earlier ones, and room opens for the phone.
        await Counting.EnterHandsAsync(_convener, voteId, 19, 9, 0);
        await Voting.CastAsync(Delegate(2), voteId, VoteChoice.No);
        var result = await Voting.CloseAsync(_convener, voteId);
        Assert.Equal((20, 10), (result.Yes, result.No));
    }

    [Fact]
    public async Task Ticks_Count_Each_Delegate_Once_And_Never_An_Absent_One()
    {
        var voteId = await ProceduralVoteAsync(MajorityRule.HalfOfCast);

        await Counting.TickHandAsync(_convener, voteId, _delegateIds[0], VoteChoice.Yes);
        var twice = await Assert.ThrowsAsync<DomainException>(() => Counting.TickHandAsync(_convener, voteId, _delegateIds[0], VoteChoice.No));
        var absent = await Assert.ThrowsAsync<DomainException>(() => Counting.TickHandAsync(_convener, voteId, _delegateIds[39], VoteChoice.No));

        Assert.Contains("每位代表只计一次", twice.Message);
        Assert.Contains("未签到", absent.Message);
        var view = await Voting.GetAsync(_convener, voteId);
        Assert.Equal((1, 0, 1), (view.Yes, view.No, view.Channels.Hands));
    }

    [Fact]
    public async Task A_Secret_Vote_Refuses_Hands_And_Recorded_Choices_And_Stores_Nothing()
    {
        var voteId = await Voting.OpenOnMotionAsync(_convener, _motion, secret: true, MajorityRule.HalfOfCast);

        var hands = await Assert.ThrowsAsync<DomainException>(() => Counting.EnterHandsAsync(_convener, voteId, 10, 0, 0));
        var ticked = await Assert.ThrowsAsync<DomainException>(() => Counting.TickHandAsync(_convener, voteId, _delegateIds[0], VoteChoice.Yes));
        var recorded = await Assert.ThrowsAsync<DomainException>(() => Counting.RecordAsync(_convener, voteId, _delegateIds[0], VoteChoice.Yes));

        Assert.All([hands, ticked, recorded], e => Assert.Contains("无记名", e.Message));
        await using var db = _db.NewContext();
        Assert.Empty(db.CountEntries.Where(c => c.VoteId == voteId));
        Assert.Empty(db.Voters.Where(v => v.VoteId == voteId && v.HasVoted));
    }

    [Fact]
    public async Task Tellers_Must_Agree_And_Their_Count_Closes_The_Vote_With_The_Phones()
    {
        var voteId = await NamedVoteWithTellersAsync();
        for (var i = 11; i <= 15; i++)
        {
            await Voting.CastAsync(Delegate(i), voteId, VoteChoice.Yes);
        }
        await Counting.IssuePaperAsync(_convener, voteId, _delegateIds.Take(10).ToList());
        var early = await Assert.ThrowsAsync<DomainException>(() => Counting.EnterPaperCountAsync(Teller(1), voteId, Paper(10, 1, 6, 2, 1)));
        Assert.Contains("仍在投票", early.Message);
        var notYet = await Assert.ThrowsAsync<DomainException>(() => Voting.CloseAsync(_convener, voteId));
        Assert.Contains("停止投票", notYet.Message);

        await Counting.StartCountingAsync(_convener, voteId);
        var stopped = await Assert.ThrowsAsync<DomainException>(() => Voting.CastAsync(Delegate(16), voteId, VoteChoice.No));
        Assert.Contains("计票", stopped.Message);
        Assert.Equal(CountOutcome.WaitingForSecond, await Counting.EnterPaperCountAsync(Teller(1), voteId, Paper(10, 1, 6, 2, 1)));
        var disagree = await Assert.ThrowsAsync<DomainException>(() => Counting.EnterPaperCountAsync(Teller(2), voteId, Paper(10, 1, 5, 3, 1)));
        Assert.Contains("赞成", disagree.Message);
        Assert.Contains("反对", disagree.Message);
        Assert.DoesNotContain("收回", disagree.Message);
        await using (var db = _db.NewContext())
        {
            Assert.Single(db.CountEntries.Where(c => c.VoteId == voteId));
        }

        Assert.Equal(CountOutcome.Closed, await Counting.EnterPaperCountAsync(Teller(2), voteId, Paper(10, 1, 6, 2, 1)));

        var view = await Voting.GetAsync(_convener, voteId);
        Assert.Equal(VoteState.Closed, view.State);
        Assert.Equal((11, 2, 1), (view.Yes, view.No, view.Abstain));
        Assert.Equal(new ChannelTotals(5, 0, 0, 10), view.Channels);
        Assert.True((await Voting.RecountAsync(_convener, voteId)).Matches);
    }

    [Fact]
    public async Task A_Count_From_Anyone_But_A_Teller_Or_Above_The_Ballots_Returned_Is_Refused()
    {
        var voteId = await NamedVoteWithTellersAsync();
        await Counting.IssuePaperToRestAsync(_convener, voteId);
        await Counting.StartCountingAsync(_convener, voteId);

        await Assert.ThrowsAsync<ForbiddenException>(() => Counting.EnterPaperCountAsync(Delegate(9), voteId, Paper(30, 0, 30, 0, 0)));
        await Assert.ThrowsAnyAsync<Exception>(() => Counting.EnterPaperCountAsync(_convener, voteId, Paper(30, 0, 30, 0, 0)));
        var above = await Assert.ThrowsAsync<ValidationFailedException>(() => Counting.EnterPaperCountAsync(Teller(1), voteId, Paper(30, 2, 20, 9, 0)));
        Assert.Contains("28", above.Message);
        var invalid = await Assert.ThrowsAsync<ValidationFailedException>(() => Counting.EnterPaperCountAsync(Teller(1), voteId, Paper(3, 4, 0, 0, 0)));
        Assert.Contains("废票", invalid.Message);
        await using var db = _db.NewContext();
        Assert.Empty(db.CountEntries.Where(c => c.VoteId == voteId));
    }

    [Fact]
    public async Task More_Ballots_Returned_Than_Issued_Voids_The_Vote_And_The_Motion_Waits_For_A_New_One()
    {
        var voteId = await NamedVoteWithTellersAsync();
        await Counting.IssuePaperAsync(_convener, voteId, _delegateIds.Take(10).ToList());
        await Counting.StartCountingAsync(_convener, voteId);

        await Counting.EnterPaperCountAsync(Teller(1), voteId, Paper(11, 0, 11, 0, 0));
        Assert.Equal(CountOutcome.Voided, await Counting.EnterPaperCountAsync(Teller(2), voteId, Paper(11, 0, 11, 0, 0)));

        var view = await Voting.GetAsync(_convener, voteId);
        Assert.Equal(VoteState.Voided, view.State);
        Assert.Null(view.Adopted);
        Assert.Equal(MotionStatus.Admitted, (await _db.Get<MotionService>().GetAsync(_convener, _motion)).Status);
        var again = await Voting.OpenOnMotionAsync(_convener, _motion, secret: false, MajorityRule.HalfOfCast);
        Assert.Equal(VoteState.Open, (await Voting.GetAsync(_convener, again)).State);
    }

    [Fact]
    public async Task A_Secret_Vote_Takes_Paper_Beside_Phones_Only_From_Five_Paper_Voters()
    {
        var voteId = await Voting.OpenOnMotionAsync(_convener, _motion, secret: true, MajorityRule.HalfOfCast);
        await Counting.SetTellersAsync(_convener, voteId, [_delegateIds[28], _delegateIds[29]]);
        for (var i = 11; i <= 13; i++)
        {
            await Voting.CastAsync(Delegate(i), voteId, VoteChoice.Yes);
        }
        await Counting.IssuePaperAsync(_convener, voteId, _delegateIds.Take(4).ToList());

        var few = await Assert.ThrowsAsync<DomainException>(() => Counting.StartCountingAsync(_convener, voteId));
        Assert.Contains("5", few.Message);
        Assert.Equal(VoteState.Open, (await Voting.GetAsync(_convener, voteId)).State);

        await Counting.IssuePaperAsync(_convener, voteId, [_delegateIds[4]]);
        await Counting.StartCountingAsync(_convener, voteId);
        await Counting.EnterPaperCountAsync(Teller(1), voteId, Paper(5, 0, 2, 3, 0));
        var counting = await Voting.GetAsync(_convener, voteId);
        // Beside phones, a secret vote shows how many paper ballots came back, never their choices.
        var entry = Assert.Single(counting.Counts);
        Assert.Equal(5, entry.Returned);
        Assert.Null(entry.Yes);
        Assert.Equal(new ChannelTotals(3, 0, 0, 5), counting.Channels);
        await Counting.EnterPaperCountAsync(Teller(2), voteId, Paper(5, 0, 2, 3, 0));
        var closed = await Voting.GetAsync(_convener, voteId);
        Assert.Equal((5, 3), (closed.Yes, closed.No));
    }

    [Fact]
    public async Task A_Secret_Vote_All_On_Paper_Needs_No_Five()
    {
        var voteId = await Voting.OpenOnMotionAsync(_convener, _motion, secret: true, MajorityRule.HalfOfCast);
        await Counting.SetTellersAsync(_convener, voteId, [_delegateIds[28], _delegateIds[29]]);
        await Counting.IssuePaperAsync(_convener, voteId, _delegateIds.Take(3).ToList());

        await Counting.StartCountingAsync(_convener, voteId);

        Assert.Equal(VoteState.Counting, (await Voting.GetAsync(_convener, voteId)).State);
    }

    [Fact]
    public async Task A_Paper_Election_Counts_Written_In_Names_As_Candidates()
    {
        var electionId = await Voting.PrepareElectionAsync(_convener, _session, new ElectionInput("居务监督委员会委员", 2, ElectionRule.MostVotesAndHalfOfCast, true,
            [new CandidateInput("张三", null), new CandidateInput("李四", null), new CandidateInput("王五", null)]));
        await Counting.SetTellersAsync(_convener, electionId, [_delegateIds[28], _delegateIds[29]]);
        await Voting.OpenAsync(_convener, electionId);
        await Counting.IssuePaperToRestAsync(_convener, electionId);
        await Counting.StartCountingAsync(_convener, electionId);
        var candidates = (await Voting.GetAsync(_convener, electionId)).Candidates.ToDictionary(c => c.Name, c => c.Id);
        PaperCount Count() => new(30, 2, 0, 0, 0,
            new Dictionary<int, int> { [candidates["张三"]] = 20, [candidates["李四"]] = 9, [candidates["王五"]] = 10 },
            new Dictionary<string, int> { ["赵六"] = 15 });

        await Counting.EnterPaperCountAsync(Teller(1), electionId, Count());
        await Counting.EnterPaperCountAsync(Teller(2), electionId, Count());

        var view = await Voting.GetAsync(_convener, electionId);
        Assert.Equal(28, view.BallotsCast);
        var written = Assert.Single(view.Candidates, c => c.WriteIn);
        Assert.Equal(("赵六", 15, CandidateOutcome.Elected), (written.Name, written.Marks!.Value, written.Outcome!.Value));
        Assert.Equal(CandidateOutcome.Elected, view.Candidates.Single(c => c.Name == "张三").Outcome);
        Assert.True((await Voting.RecountAsync(_convener, electionId)).Matches);
    }

    private async Task<int> NamedVoteWithTellersAsync()
    {
        var voteId = await Voting.OpenOnMotionAsync(_convener, _motion, secret: false, MajorityRule.HalfOfCast);
        await Counting.SetTellersAsync(_convener, voteId, [_delegateIds[28], _delegateIds[29]]);
        return voteId;
    }

    private async Task<int> ProceduralVoteAsync(MajorityRule rule)
    {
        var voteId = await Voting.PrepareAsync(_convener, _session, new VoteInput(null, $"程序表决 {rule} {Guid.NewGuid():N}"[..30], false, rule));
        await Voting.OpenAsync(_convener, voteId);
        return voteId;
    }

    private static PaperCount Paper(int returned, int invalid, int yes, int no, int abstain) =>
        new(returned, invalid, yes, no, abstain, new Dictionary<int, int>(), new Dictionary<string, int>());

    private static async Task<Exception?> Settle(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private Actor Teller(int n) => Delegate(28 + n);

    private Actor Delegate(int n) => new($"test-{n}", _streetId, new HashSet<string> { Roles.Delegate }, DelegateId: _delegateIds[n - 1]);

    private async Task CheckInAsync(int count)
    {
        await using var db = _db.NewContext();
        var term = await db.Sessions.Where(s => s.Id == _session).Select(s => s.TermId).SingleAsync();
        _delegateIds = await db.Delegates.Where(d => d.TermId == term && d.RetiredUtc == null).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync();
        foreach (var id in _delegateIds.Take(count))
        {
            db.Attendances.Add(Attendance.Record(_session, id, AttendanceStatus.Present, bySelf: true, _db.Clock.GetUtcNow().UtcDateTime));
        }
        await db.SaveChangesAsync();
    }
}
