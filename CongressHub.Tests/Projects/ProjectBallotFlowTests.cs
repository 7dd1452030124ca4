using CongressHub.Domain.Common;
using CongressHub.Domain.Projects;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Projects;

/// <summary>
/// A year's candidates through the congress's secret ballot: put to the live session once residents have had their
/// say, each delegate present marking up to K on their phone (more, or a project not in the round, refused), and the
/// close deciding by more than half of all the term's delegates and the budget cap, the ballots kept as secret as any.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class ProjectBallotFlowTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private int _session, _department;
    private List<int> _delegates = [];

    private ProjectService Projects => _db.Get<ProjectService>();

    private VotingService Voting => _db.Get<VotingService>();

    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(_db.Clock.GetUtcNow().UtcDateTime));

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _session = (await _db.Get<SessionService>().ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
        await using var db = _db.NewContext();
        var term = await db.Sessions.Where(s => s.Id == _session).Select(s => s.TermId).SingleAsync();
        _delegates = await db.Delegates.Where(d => d.TermId == term).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync();
        foreach (var id in _delegates.Take(30))
        {
            db.Attendances.Add(Attendance.Record(_session, id, AttendanceStatus.Present, true, _db.Clock.GetUtcNow().UtcDateTime));
        }
        _department = await db.Departments.Where(d => d.StreetId == _convener.StreetId).OrderBy(d => d.Id).Select(d => d.Id).FirstAsync();
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private Actor Voter(int index) => new($"test-{index}", _convener.StreetId, new HashSet<string> { Roles.Delegate }, DelegateId: _delegates[index]);

    [Fact]
    public async Task The_Ballot_Chooses_By_More_Than_Half_Of_All_Delegates_Within_The_Budget_And_Keeps_Its_Ballots_Secret()
    {
        var round = await Projects.CreateRoundAsync(_convener, new ProjectRoundInput(Today.Year + 2, "明年民生实事项目", 2, BudgetCap: 1_000_000));
        var costs = new[] { ("老旧小区加装电梯", 600_000L), ("社区食堂", 500_000L), ("口袋公园", 150_000L), ("楼道照明改造", 90_000L) };
        var ids = new List<int>();
        foreach (var (title, cost) in costs)
        {
            ids.Add(await Projects.ProposeAsync(_convener, round, new ProjectInput(title, $"{title}，年内完成。", cost, _department, ProjectSource.Department)));
        }
        await Projects.PublishAsync(_convener, round, Today.AddDays(7));
        // Residents have their say first.
        await Assert.ThrowsAsync<DomainException>(() => Projects.PutToBallotAsync(_convener, round, _session));
        _db.Clock.Advance(TimeSpan.FromDays(7));
        var leader = await _db.ActorAsync("officer01");
        await Assert.ThrowsAsync<ForbiddenException>(() => Projects.PutToBallotAsync(leader, round, _session));

        var vote = await Projects.PutToBallotAsync(_convener, round, _session);
        await Voting.OpenAsync(_convener, vote);
        var view = await Voting.GetAsync(_convener, vote);
        Assert.True(view.Secret);
        var (lift, canteen, park, lights) = (view.Candidates[0].Id, view.Candidates[1].Id, view.Candidates[2].Id, view.Candidates[3].Id);
        Assert.Equal(["老旧小区加装电梯", "社区食堂", "口袋公园", "楼道照明改造"], view.Candidates.Select(c => c.Name));

        // 28 of the 30 present: 20 mark the lift and the canteen, 5 the lift and the park, 3 the canteen and the park.
        for (var i = 0; i < 28; i++)
        {
            await Voting.CastMarksAsync(Voter(i), vote, i < 20 ? [lift, canteen] : i < 25 ? [lift, park] : [canteen, park]);
        }
        var tooMany = await Assert.ThrowsAsync<ValidationFailedException>(() => Voting.CastMarksAsync(Voter(28), vote, [lift, canteen, park]));
        Assert.Equal("Candidates", Assert.Single(tooMany.Errors).Field);
        var otherVote = await Assert.ThrowsAsync<ValidationFailedException>(() => Voting.CastMarksAsync(Voter(28), vote, [lift, 999_999]));
        Assert.Equal("Candidates", Assert.Single(otherVote.Errors).Field);

        await Voting.CloseAsync(_convener, vote);

        // All 40 delegates: more than 20 marks pass. The lift (25) is adopted, leaving 400,000: the canteen (23) no
        // longer fits; the park (8) and the lights (0) did not pass.
        await using var db = _db.NewContext();
        var settled = await db.LivelihoodProjects.Where(p => p.RoundId == round).OrderBy(p => p.Position).Select(p => new { p.Marks, p.Outcome }).ToListAsync();
        Assert.Equal([(25, ProjectOutcome.Adopted), (23, ProjectOutcome.OverBudget), (8, ProjectOutcome.Rejected), (0, ProjectOutcome.Rejected)],
            settled.Select(p => (p.Marks!.Value, p.Outcome!.Value)));
        Assert.Equal(ProjectRoundState.Decided, (await db.ProjectRounds.SingleAsync(r => r.Id == round)).State);
        var closed = await Voting.GetAsync(_convener, vote);
        Assert.Equal([CandidateOutcome.Elected, CandidateOutcome.NotElected, CandidateOutcome.NotElected, CandidateOutcome.NotElected], closed.Candidates.Select(c => c.Outcome));
        // As secret as every secret vote: no stored ballot names its delegate.
        var ballots = await db.Ballots.Where(b => b.VoteId == vote).ToListAsync();
        Assert.Equal(28, ballots.Count);
        Assert.All(ballots, b => Assert.Null(b.DelegateId));
        // Decided rounds stay public with their marks.
        var shown = await Projects.PublicRoundAsync("shiyan", Today.Year + 2);
        Assert.Equal([25, 23, 8, 0], shown!.Projects.Select(p => p.Marks!.Value));
    }

    [Fact]
    public async Task The_Demos_Round_For_Next_Year_Is_Published_With_Its_Comment_Period_Over_And_Goes_Straight_To_The_Ballot()
    {
        var demo = (await Projects.ListRoundsAsync(_convener)).Single(r => r.Year == Today.Year + 1);
        var view = await Projects.GetRoundAsync(_convener, demo.Id);
        Assert.Equal((ProjectRoundState.Published, 5, 3, 2_000_000L), (view.State, view.Projects.Count, view.MaxMarks, view.BudgetCap!.Value));
        Assert.True(view.CommentsUntil < Today);
        Assert.NotEmpty(view.Projects[0].Opinions);

        var vote = await Projects.PutToBallotAsync(_convener, demo.Id, _session);

        Assert.Equal(5, (await Voting.GetAsync(_convener, vote)).Candidates.Count);
    }

    [Fact]
    public async Task Only_A_Published_Round_Goes_To_A_Session_Of_The_Congress()
    {
        var round = await Projects.CreateRoundAsync(_convener, new ProjectRoundInput(Today.Year + 2, "明年民生实事项目", 1));
        await Assert.ThrowsAsync<DomainException>(() => Projects.PutToBallotAsync(_convener, round, _session));
        var convener2 = await _db.ActorAsync("convener2");
        await Assert.ThrowsAsync<NotFoundException>(() => Projects.PutToBallotAsync(convener2, round, _session));
        foreach (var title in new[] { "社区食堂", "口袋公园" })
        {
            await Projects.ProposeAsync(_convener, round, new ProjectInput(title, "年内完成。", 100_000, _department, ProjectSource.Department));
        }
        await Projects.PublishAsync(_convener, round, Today.AddDays(7));
        _db.Clock.Advance(TimeSpan.FromDays(7));
        await using var db = _db.NewContext();
        var theirSession = await db.Sessions.Where(s => s.StreetId == convener2.StreetId).Select(s => s.Id).FirstAsync();
        await Assert.ThrowsAsync<NotFoundException>(() => Projects.PutToBallotAsync(_convener, round, theirSession));
        Assert.False(await db.Votes.AnyAsync(v => v.Question.Contains("明年民生实事项目")));
    }
}
