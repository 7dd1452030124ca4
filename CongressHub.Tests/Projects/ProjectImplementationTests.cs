using CongressHub.Domain.Common;
using CongressHub.Domain.Projects;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Projects;

/// <summary>
/// What the ballot adopted is carried out: each adopted project becomes a resolution whose implementation goes to the
/// project's department, due by the year's end; the department plans its steps and marks them reached, which moves the
/// implementation on; it stands in each session's follow-up report until reported and rated. While the candidates are
/// published, residents comment, the convener moderates.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class ProjectImplementationTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!, _officer = null!, _otherOfficer = null!;
    private int _session, _department;
    private List<int> _delegates = [];

    private ProjectService Projects => _db.Get<ProjectService>();

    private VotingService Voting => _db.Get<VotingService>();

    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(_db.Clock.GetUtcNow().UtcDateTime));

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        // officer03 works in 民政科, officer04 in 城市管理科.
        _officer = await _db.ActorAsync("officer03");
        _otherOfficer = await _db.ActorAsync("officer04");
        _department = (await _db.Get<TrackingService>().OfficerRoleAsync(_officer)).DepartmentId!.Value;
        _session = (await _db.Get<SessionService>().ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
        await using var db = _db.NewContext();
        var term = await db.Sessions.Where(s => s.Id == _session).Select(s => s.TermId).SingleAsync();
        _delegates = await db.Delegates.Where(d => d.TermId == term).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync();
        foreach (var id in _delegates.Take(30))
        {
            db.Attendances.Add(Attendance.Record(_session, id, AttendanceStatus.Present, true, _db.Clock.GetUtcNow().UtcDateTime));
        }
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private Actor Voter(int index) => new($"test-{index}", _convener.StreetId, new HashSet<string> { Roles.Delegate }, DelegateId: _delegates[index]);

    /// <summary>A round of three decided by 25 ballots: the canteen (25 marks) adopted, the park (25) adopted, the lamps (0) rejected.</summary>
    private async Task<(int Round, int Vote, int Canteen, int Park, int Lamps)> DecidedRoundAsync()
    {
        var round = await Projects.CreateRoundAsync(_convener, new ProjectRoundInput(Today.Year + 2, "后年民生实事项目", 2));
        var canteen = await Projects.ProposeAsync(_convener, round, new ProjectInput("社区老年食堂", "在朝阳社区开设老年食堂。", 600_000, _department, ProjectSource.Department));
        var park = await Projects.ProposeAsync(_convener, round, new ProjectInput("口袋公园", "改造街角空地。", 450_000, _department, ProjectSource.Department));
        var lamps = await Projects.ProposeAsync(_convener, round, new ProjectInput("路灯更新", "更新老旧路灯。", 300_000, _department, ProjectSource.Department));
        await Projects.PublishAsync(_convener, round, Today.AddDays(7));
        _db.Clock.Advance(TimeSpan.FromDays(7));
        var vote = await Projects.PutToBallotAsync(_convener, round, _session);
        await Voting.OpenAsync(_convener, vote);
        var candidates = (await Voting.GetAsync(_convener, vote)).Candidates;
        for (var i = 0; i < 25; i++)
        {
            await Voting.CastMarksAsync(Voter(i), vote, [candidates[0].Id, candidates[1].Id]);
        }
        await Voting.CloseAsync(_convener, vote);
        return (round, vote, canteen, park, lamps);
    }

    [Fact]
    public async Task Each_Adopted_Project_Becomes_A_Resolution_Whose_Implementation_Its_Department_Carries_Out_Step_By_Step()
    {
        var (round, vote, canteen, park, lamps) = await DecidedRoundAsync();
        await using (var db = _db.NewContext())
        {
            var drafts = await db.Resolutions.Include(r => r.Implementation).Where(r => r.VoteId == vote).OrderBy(r => r.ProjectId).ToListAsync();
            Assert.Equal([canteen, park], drafts.Select(r => r.ProjectId!.Value));
            Assert.All(drafts, r =>
            {
                Assert.Equal((ResolutionStatus.Draft, (int?)null, 25, 0), (r.Status, r.MotionId, r.Yes, r.No));
                Assert.Equal((TrackedState.Assigned, (int?)_department, (DateOnly?)new DateOnly(Today.Year + 2, 12, 31)),
                    (r.Implementation.State, r.Implementation.DepartmentId, r.Implementation.DueOn));
                Assert.False(r.Implementation.Publishable);
            });
            Assert.StartsWith($"{Today.Year + 2}年民生实事项目：社区老年食堂", drafts[0].Title);
        }
        // The recount decides as the close did, and publishing the result elects no one to the committee.
        var recount = await Voting.RecountAsync(_convener, vote);
        Assert.All(recount.Candidates, c => Assert.Equal(c.StoredOutcome, c.CountedOutcome));
        int members;
        await using (var db = _db.NewContext())
        {
            members = await db.CommitteeMembers.CountAsync();
        }
        await Voting.PublishAsync(_convener, vote);
        await using (var db = _db.NewContext())
        {
            Assert.Equal(members, await db.CommitteeMembers.CountAsync());
        }

        // The department plans its steps; the plan must read in order, and only its officers and the convener plan.
        var design = await Projects.PlanMilestoneAsync(_officer, canteen, new MilestoneInput("完成选址和设计", new DateOnly(Today.Year + 2, 3, 31), 30));
        var fitOut = await Projects.PlanMilestoneAsync(_convener, canteen, new MilestoneInput("装修完成", new DateOnly(Today.Year + 2, 8, 31), 80));
        var opening = await Projects.PlanMilestoneAsync(_officer, canteen, new MilestoneInput("开业运营", new DateOnly(Today.Year + 2, 11, 30), 100));
        var disorder = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Projects.PlanMilestoneAsync(_officer, canteen, new MilestoneInput("招标", new DateOnly(Today.Year + 2, 9, 30), 20)));
        Assert.Equal("DueOn", Assert.Single(disorder.Errors).Field);
        var zero = await Assert.ThrowsAsync<ValidationFailedException>(() => Projects.PlanMilestoneAsync(_officer, canteen, new MilestoneInput("", Today, 0)));
        Assert.Equal(["Title", "Percent"], zero.Errors.Select(e => e.Field));
        await Assert.ThrowsAsync<ForbiddenException>(() => Projects.PlanMilestoneAsync(_otherOfficer, canteen, new MilestoneInput("测量", new DateOnly(Today.Year + 2, 2, 1), 10)));
        await Assert.ThrowsAsync<NotFoundException>(async () =>
            await Projects.PlanMilestoneAsync(await _db.ActorAsync("convener2"), canteen, new MilestoneInput("测量", new DateOnly(Today.Year + 2, 2, 1), 10)));
        await Assert.ThrowsAsync<DomainException>(() => Projects.PlanMilestoneAsync(_convener, lamps, new MilestoneInput("测量", new DateOnly(Today.Year + 2, 2, 1), 10)));

        // Work is recorded on the published resolution only.
        await Assert.ThrowsAsync<DomainException>(() => Projects.ReachMilestoneAsync(_officer, design));
        var canteenResolution = (await _db.Get<ResolutionService>().ListAsync(_convener)).Single(r => r.Title.Contains("社区老年食堂"));
        var detail = await _db.Get<ResolutionService>().GetAsync(_convener, canteenResolution.Id);
        Assert.Equal("社区老年食堂", detail.Adopted!.Title);
        await _db.Get<ResolutionService>().PublishAsync(_convener, canteenResolution.Id, detail.Version);

        await Projects.ReachMilestoneAsync(_officer, design);
        await Assert.ThrowsAsync<DomainException>(() => Projects.ReachMilestoneAsync(_officer, design));
        await Assert.ThrowsAsync<DomainException>(() => Projects.RemoveMilestoneAsync(_officer, design));
        await Projects.RemoveMilestoneAsync(_officer, fitOut);
        var shown = (await Projects.PublicRoundAsync("shiyan", Today.Year + 2))!;
        var work = shown.Projects.Single(p => p.Id == canteen).Work!;
        Assert.Equal((TrackedState.InProgress, 30, true), (work.State, work.Progress, work.Published));
        Assert.Equal(["完成选址和设计", "开业运营"], work.Milestones.Select(m => m.Title));
        Assert.Equal(Today, work.Milestones[0].ReachedOn);
        // The park's resolution is still a draft: the public sees no work for it, the convener does.
        Assert.Null(shown.Projects.Single(p => p.Id == park).Work);
        Assert.NotNull((await Projects.GetRoundAsync(_convener, round)).Projects.Single(p => p.Id == park).Work);

        // It stands in the next session's follow-up report with its progress, as every decided work does.
        var next = await _db.Get<SessionService>().CreateSessionAsync(_convener,
            new SessionInput(SessionKind.Regular, "下一次例会", _db.Clock.GetUtcNow().UtcDateTime.AddDays(30), "社区会议室"), withTemplate: false);
        var followUp = await _db.Get<FollowUpService>().FollowUpAsync(_convener, next);
        Assert.Equal(30, followUp.Single(r => r.Id == work.ImplementationId).Progress);

        await Projects.ReachMilestoneAsync(_officer, opening);
        await using (var db = _db.NewContext())
        {
            var item = await db.TrackedItems.SingleAsync(i => i.Id == work.ImplementationId);
            Assert.Equal((TrackedState.Done, 100), (item.State, item.Progress));
            var notes = await db.TrackedEvents.Where(e => e.ItemId == item.Id && e.NoteKey == "Projects.MilestoneNote").CountAsync();
            Assert.Equal(2, notes);
        }
    }

    [Fact]
    public async Task Residents_Comment_While_The_Candidates_Are_Published_And_Only_Approved_Comments_Are_Shown()
    {
        var round = await Projects.CreateRoundAsync(_convener, new ProjectRoundInput(Today.Year + 2, "后年民生实事项目", 1));
        var canteen = await Projects.ProposeAsync(_convener, round, new ProjectInput("社区老年食堂", "开设老年食堂。", 600_000, _department, ProjectSource.Department));
        await Projects.ProposeAsync(_convener, round, new ProjectInput("口袋公园", "改造街角空地。", 450_000, _department, ProjectSource.Department));
        // Not while drafting.
        await Assert.ThrowsAsync<NotFoundException>(() => Projects.CommentAsync("shiyan", Today.Year + 2, null, "希望尽快。"));
        await Projects.PublishAsync(_convener, round, Today.AddDays(10));

        var good = await Projects.CommentAsync("shiyan", Today.Year + 2, canteen, "食堂请照顾行动不便的老人，最好能送餐。");
        var bad = await Projects.CommentAsync("shiyan", Today.Year + 2, null, "都不需要。");
        var markup = await Assert.ThrowsAsync<ValidationFailedException>(() => Projects.CommentAsync("shiyan", Today.Year + 2, null, "<script>alert(1)</script>"));
        Assert.Equal("Text", Assert.Single(markup.Errors).Field);
        var stranger = await Assert.ThrowsAsync<ValidationFailedException>(() => Projects.CommentAsync("shiyan", Today.Year + 2, 999_999, "好。"));
        Assert.Equal("ProjectId", Assert.Single(stranger.Errors).Field);
        Assert.Empty((await Projects.PublicRoundAsync("shiyan", Today.Year + 2))!.Comments);

        await Assert.ThrowsAsync<ForbiddenException>(async () => await Projects.ModerateCommentAsync(await _db.ActorAsync("delegate02"), good, true, null));
        await Projects.ModerateCommentAsync(_convener, good, true, "已转民政科研究送餐服务。");
        await Projects.ModerateCommentAsync(_convener, bad, false, null);

        var shown = (await Projects.PublicRoundAsync("shiyan", Today.Year + 2))!.Comments;
        var comment = Assert.Single(shown);
        Assert.Equal((canteen, "已转民政科研究送餐服务。"), (comment.ProjectId!.Value, comment.Reply));
        Assert.Equal(2, (await Projects.GetRoundAsync(_convener, round)).Comments.Count);

        // After the period's last day, no more comments.
        _db.Clock.Advance(TimeSpan.FromDays(11));
        await Assert.ThrowsAsync<DomainException>(() => Projects.CommentAsync("shiyan", Today.Year + 2, null, "晚了吗？"));
        await using var db = _db.NewContext();
        Assert.Equal(2, await db.ProjectComments.CountAsync(c => c.RoundId == round));
    }

    [Fact]
    public async Task A_Tie_That_Decides_The_Budget_Goes_To_A_Runoff_Which_Ranks_The_Tied_And_Then_Those_Waiting()
    {
        var round = await Projects.CreateRoundAsync(_convener, new ProjectRoundInput(Today.Year + 2, "后年民生实事项目", 3, BudgetCap: 700_000));
        var a = await Projects.ProposeAsync(_convener, round, new ProjectInput("社区老年食堂", "开设老年食堂。", 400_000, _department, ProjectSource.Department));
        var b = await Projects.ProposeAsync(_convener, round, new ProjectInput("养老服务驿站", "建设养老驿站。", 400_000, _department, ProjectSource.Department));
        var c = await Projects.ProposeAsync(_convener, round, new ProjectInput("口袋公园", "改造街角空地。", 200_000, _department, ProjectSource.Department));
        await Projects.ProposeAsync(_convener, round, new ProjectInput("图书角", "设立图书角。", 100_000, _department, ProjectSource.Department));
        await Projects.PublishAsync(_convener, round, Today.AddDays(7));
        _db.Clock.Advance(TimeSpan.FromDays(7));
        var vote = await Projects.PutToBallotAsync(_convener, round, _session);
        await Voting.OpenAsync(_convener, vote);
        var candidates = (await Voting.GetAsync(_convener, vote)).Candidates;
        // The canteen and the care station 24 marks each, the park 21: both of the first fit on their own, not together.
        for (var i = 0; i < 24; i++)
        {
            await Voting.CastMarksAsync(Voter(i), vote, i < 21 ? [candidates[0].Id, candidates[1].Id, candidates[2].Id] : [candidates[0].Id, candidates[1].Id]);
        }
        await Voting.CloseAsync(_convener, vote);
        async Task<List<ProjectOutcome>> OutcomesAsync()
        {
            await using var db = _db.NewContext();
            return await db.LivelihoodProjects.Where(p => p.RoundId == round).OrderBy(p => p.Position).Select(p => p.Outcome!.Value).ToListAsync();
        }
        Assert.Equal([ProjectOutcome.Tied, ProjectOutcome.Tied, ProjectOutcome.AwaitingRunoff, ProjectOutcome.Rejected], await OutcomesAsync());
        Assert.Equal([CandidateOutcome.Tied, CandidateOutcome.Tied, CandidateOutcome.NotElected, CandidateOutcome.NotElected],
            (await Voting.GetAsync(_convener, vote)).Candidates.Select(x => x.Outcome));

        // The run-off among the two: each delegate marks one; the care station wins 15 to 9.
        var runoff = await Voting.StartRunoffAsync(_convener, vote);
        var view = await Voting.GetAsync(_convener, runoff);
        Assert.Equal((1, 2), (view.Seats, view.Candidates.Count));
        await Voting.OpenAsync(_convener, runoff);
        for (var i = 0; i < 24; i++)
        {
            await Voting.CastMarksAsync(Voter(i), runoff, [view.Candidates[i < 15 ? 1 : 0].Id]);
        }
        await Assert.ThrowsAsync<ValidationFailedException>(() => Voting.CastMarksAsync(Voter(25), runoff, [view.Candidates[0].Id, view.Candidates[1].Id]));
        await Voting.CloseAsync(_convener, runoff);

        // The care station takes 400,000 of the 700,000; the canteen no longer fits; the park, waiting, fits in the rest.
        Assert.Equal([ProjectOutcome.OverBudget, ProjectOutcome.Adopted, ProjectOutcome.Adopted, ProjectOutcome.Rejected], await OutcomesAsync());
        var recount = await Voting.RecountAsync(_convener, runoff);
        Assert.All(recount.Candidates, x => Assert.Equal(x.StoredOutcome, x.CountedOutcome));
        await using var db = _db.NewContext();
        Assert.Equal([b, c], await db.Resolutions.Where(r => r.ProjectId != null && (r.VoteId == vote || r.VoteId == runoff)).OrderBy(r => r.ProjectId).Select(r => r.ProjectId!.Value).ToListAsync());
        // The projects keep the marks of the round's ballot.
        Assert.Equal([24, 24, 21, 0], await db.LivelihoodProjects.Where(p => p.RoundId == round).OrderBy(p => p.Position).Select(p => p.Marks!.Value).ToListAsync());
        Assert.Equal(21, (await db.Resolutions.SingleAsync(r => r.ProjectId == c)).Yes);
        Assert.False(await db.Resolutions.AnyAsync(r => r.ProjectId == a));
    }
}
