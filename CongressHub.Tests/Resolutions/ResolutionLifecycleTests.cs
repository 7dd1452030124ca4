using CongressHub.Domain.Common;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Resolutions;

/// <summary>From an adopted motion's vote to a numbered resolution whose implementation is a tracked item.</summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class ResolutionLifecycleTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private int _session;
    private int _motion;
    private int _streetId;
    private List<int> _delegates = [];

    private VotingService Voting => _db.Get<VotingService>();

    private ResolutionService Resolutions => _db.Get<ResolutionService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _streetId = _convener.StreetId!.Value;
        _session = (await _db.Get<SessionService>().ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
        _motion = (await _db.Get<MotionService>().ListAsync(_convener)).Single(m => m.Status == MotionStatus.Admitted).Id;
        await using var db = _db.NewContext();
        var term = await db.Sessions.Where(s => s.Id == _session).Select(s => s.TermId).SingleAsync();
        _delegates = await db.Delegates.Where(d => d.TermId == term && d.RetiredUtc == null).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync();
        foreach (var id in _delegates.Take(30))
        {
            db.Attendances.Add(Attendance.Record(_session, id, AttendanceStatus.Present, bySelf: true, _db.Clock.GetUtcNow().UtcDateTime));
        }
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task AdoptedMotion_IsADraftAtClose_StaysADraftWhenTheResultIsPublished_AndIsNumberedInItsSessionsQuarterWhenItIsPublished()
    {
        var voteId = await VoteAsync(_motion, yes: 25);

        await using (var db = _db.NewContext())
        {
            var draft = await db.Resolutions.Include(r => r.Implementation).SingleAsync(r => r.VoteId == voteId);
            Assert.Equal(ResolutionStatus.Draft, draft.Status);
            Assert.Null(draft.Number);
            Assert.Equal((25, 5, 0, 30, 40), (draft.Yes, draft.No, draft.Abstain, draft.Present, draft.All));
            Assert.Equal(TrackedKind.Resolution, draft.Implementation.Kind);
            Assert.Equal(TrackedState.Accepted, draft.Implementation.State);
            Assert.False(draft.Implementation.Publishable);
        }
        Assert.Null(await Resolutions.PublicListAsync("shiyan", new ResolutionFilter("电动自行车"), 1) is { Total: > 0 } ? "leaked" : null);
        var id = await DraftOfAsync(voteId);
        var early = await Assert.ThrowsAsync<DomainException>(() => Resolutions.PublishAsync(_convener, id, 0));
        Assert.Contains("表决结果尚未公布", early.Message);

        await Voting.PublishAsync(_convener, voteId);

        var afterResult = await Resolutions.GetAsync(_convener, id);
        Assert.Equal((ResolutionStatus.Draft, (string?)null, true), (afterResult.Status, afterResult.Number, afterResult.ResultPublished));
        Assert.Equal(0, (await Resolutions.PublicListAsync("shiyan", new ResolutionFilter("电动自行车"), 1))!.Total);
        Assert.Contains(new ResolutionChanged(_streetId, id), _db.Events.All);

        await Resolutions.PublishAsync(_convener, id, afterResult.Version);

        await using (var db = _db.NewContext())
        {
            var published = await db.Resolutions.Include(r => r.Implementation).SingleAsync(r => r.VoteId == voteId);
            // The live session is in 2026's fourth quarter (Asia/Shanghai), the first resolution of that quarter.
            Assert.Equal("2026-Q4-01", published.Number);
            Assert.Equal(ResolutionStatus.Published, published.Status);
            Assert.True(published.Implementation.Publishable);
            Assert.Contains(await db.AuditEntries.Where(e => e.StreetId == _streetId).Select(e => e.Action).ToListAsync(), a => a == "Resolution.Published");
        }
        var page = await Resolutions.PublicGetAsync("shiyan", "2026-Q4-01");
        Assert.NotNull(page);
        Assert.Equal(ResolutionStage.Waiting, page.Stage);
        Assert.Contains(_db.Events.All, e => e is ResolutionChanged);
    }

    [Fact]
    public async Task RejectedMotion_LeavesNoResolution()
    {
        var voteId = await VoteAsync(_motion, yes: 5);
        await Voting.PublishAsync(_convener, voteId);

        await using var db = _db.NewContext();
        Assert.False(await db.Resolutions.AnyAsync(r => r.VoteId == voteId));
    }

    [Fact]
    public async Task TwoResolutionsPublishedAtOnce_TakeTwoNumbers()
    {
        var second = await AdmitAnotherMotionAsync();
        var first = await VoteAsync(_motion, yes: 25);
        var other = await VoteAsync(second, yes: 26);
        await Task.WhenAll(Voting.PublishAsync(_convener, first), Voting.PublishAsync(_convener, other));
        var drafts = new[] { await DraftOfAsync(first), await DraftOfAsync(other) };

        await Task.WhenAll(drafts.Select(id => Resolutions.PublishAsync(_convener, id, 0)));

        await using var db = _db.NewContext();
        var numbers = await db.Resolutions.Where(r => r.VoteId == first || r.VoteId == other).Select(r => r.Number).ToListAsync();
        Assert.Equal(["2026-Q4-01", "2026-Q4-02"], numbers.Order().ToList());
    }

    [Fact]
    public async Task Implementation_IsCarriedOutAsDecidedWork_AndTheHistoryIsPublic()
    {
        var voteId = await VoteAsync(_motion, yes: 25);
        await PublishAsync(voteId);
        var resolution = (await Resolutions.ListAsync(_convener)).Single(r => r.Number == "2026-Q4-01");
        var detail = await Resolutions.GetAsync(_convener, resolution.Id);
        var tracking = _db.Get<TrackingService>();
        var (departments, _) = await tracking.ChoicesAsync(_convener);

        await tracking.AssignAsync(_convener, detail.ImplementationId, departments[0].Id, null, new DateOnly(2027, 3, 1));
        await tracking.RecordProgressAsync(_convener, detail.ImplementationId, 45, "选址完成");

        var page = (await Resolutions.PublicGetAsync("shiyan", "2026-Q4-01"))!;
        Assert.Equal(ResolutionStage.InProgress, page.Stage);
        Assert.Equal(45, page.Progress);
        Assert.Equal(departments[0].Name, page.Responsible);
        Assert.Equal([ResolutionStepKind.Adopted, ResolutionStepKind.Published, ResolutionStepKind.Implementation, ResolutionStepKind.Implementation],
            page.History.Select(h => h.Kind).ToList());
        Assert.Equal("45% · 选址完成", page.History[^1].Note);
        // Resolutions have their own pages; the public opinion list does not repeat them.
        Assert.DoesNotContain((await _db.Get<FollowUpService>().PublicListAsync("shiyan", new TrackingFilter()))!.Items, i => i.Kind == TrackedKind.Resolution);
    }

    [Fact]
    public async Task Notice_IsValidated_AndLockedOnceResidentsCommented()
    {
        var r = (await Resolutions.ListAsync(_convener)).Single(x => x.Number == "2026-Q3-02");
        var today = new DateOnly(2026, 11, 26);

        var backwards = await Assert.ThrowsAsync<ValidationFailedException>(() => Resolutions.SetNoticeAsync(_convener, r.Id, today.AddDays(5), today.AddDays(1)));
        Assert.Contains("不能早于开始日期", backwards.Errors.Single().Message);
        var past = await Assert.ThrowsAsync<ValidationFailedException>(() => Resolutions.SetNoticeAsync(_convener, r.Id, today.AddDays(-20), today.AddDays(-1)));
        Assert.Contains("不能早于今天", past.Errors.Single().Message);
        await Assert.ThrowsAsync<ValidationFailedException>(() => Resolutions.SetNoticeAsync(_convener, r.Id, today, today.AddDays(120)));

        await Resolutions.SetNoticeAsync(_convener, r.Id, today, today.AddDays(14));
        await Resolutions.CommentAsync("shiyan", "2026-Q3-02", "助餐点能否也开在和平社区？");
        var locked = await Assert.ThrowsAsync<DomainException>(() => Resolutions.SetNoticeAsync(_convener, r.Id, today, today.AddDays(20)));
        Assert.Contains("已收到居民意见", locked.Message);
        var early = await Assert.ThrowsAsync<DomainException>(() => Resolutions.StateNoticeOutcomeAsync(_convener, r.Id, "都采纳了"));
        Assert.Contains("还没有结束", early.Message);
    }

    [Fact]
    public async Task OnlyConvenersModerate_AndAnotherStreetSeesNothing()
    {
        var detail = await Resolutions.GetAsync(_convener, (await Resolutions.ListAsync(_convener)).Single(x => x.Number == "2026-Q3-03").Id);
        var pending = detail.Comments.Single(c => c.Status == CommentStatus.Pending);
        var officer = await _db.ActorAsync("officer01");
        var otherConvener = await _db.ActorAsync("convener2");

        await Assert.ThrowsAsync<ForbiddenException>(() => Resolutions.ModerateAsync(officer, pending.Id, true, null));
        await Assert.ThrowsAsync<NotFoundException>(() => Resolutions.ModerateAsync(otherConvener, pending.Id, true, null));
        await Assert.ThrowsAsync<NotFoundException>(() => Resolutions.GetAsync(otherConvener, detail.Id));
        var bad = await Assert.ThrowsAsync<ValidationFailedException>(() => Resolutions.ModerateAsync(_convener, pending.Id, true, "<b>好</b>"));
        Assert.Equal("Reply", bad.Errors.Single().Field);

        await Resolutions.ModerateAsync(_convener, pending.Id, false, null);
        var after = await Resolutions.GetAsync(_convener, detail.Id);
        Assert.Equal(CommentStatus.Rejected, after.Comments.Single(c => c.Id == pending.Id).Status);
        Assert.Equal((2, 1, 1, 0), (after.Notice.Received, after.Notice.Approved, after.Notice.Rejected, after.Notice.Pending));
        // Officers of the street read published resolutions, never drafts nor the comments held back.
        var officersView = await Resolutions.ListAsync(officer);
        Assert.All(officersView, x => Assert.Equal(ResolutionStatus.Published, x.Status));
        Assert.Empty((await Resolutions.GetAsync(officer, detail.Id)).Comments);
        var draft = (await Resolutions.ListAsync(_convener)).Single(x => x.Status == ResolutionStatus.Draft);
        await Assert.ThrowsAsync<NotFoundException>(() => Resolutions.GetAsync(officer, draft.Id));
    }

    [Theory]
    [InlineData("a < b 和 3 > 2 都可以写", true)]
    [InlineData("<3 支持", true)]
    [InlineData("<img src=x onerror=alert(1)>", false)]
    [InlineData("</p>", false)]
    [InlineData("<!-- x -->", false)]
    [InlineData("JavaScript :alert(1)", false)]
    public void Comment_IsPlainText(string text, bool accepted)
    {
        var error = Record.Exception(() => ResolutionComment.Validate(text));
        Assert.Equal(accepted, error is null);
    }

    // ---- helpers

    private async Task<int> DraftOfAsync(int voteId)
    {
        await using var db = _db.NewContext();
        return await db.Resolutions.Where(r => r.VoteId == voteId).Select(r => r.Id).SingleAsync();
    }

    /// <summary>Publishes the vote's result, then its resolution as drafted.</summary>
    private async Task PublishAsync(int voteId)
    {
        await Voting.PublishAsync(_convener, voteId);
        var id = await DraftOfAsync(voteId);
        await Resolutions.PublishAsync(_convener, id, (await Resolutions.GetAsync(_convener, id)).Version);
    }

    /// <summary>Opens a secret vote on the motion, casts <paramref name="yes"/> yes and the rest of the 30 present no, and closes it.</summary>
    private async Task<int> VoteAsync(int motionId, int yes)
    {
        var voteId = await Voting.OpenOnMotionAsync(_convener, motionId, secret: true, MajorityRule.HalfOfAll);
        for (var i = 0; i < 30; i++)
        {
            var voter = new Actor($"test-{i}", _streetId, new HashSet<string> { Roles.Delegate }, DelegateId: _delegates[i]);
            await Voting.CastAsync(voter, voteId, i < yes ? VoteChoice.Yes : VoteChoice.No);
        }
        await Voting.CloseAsync(_convener, voteId);
        return voteId;
    }

    private async Task<int> AdmitAnotherMotionAsync()
    {
        var motions = _db.Get<MotionService>();
        var collecting = (await motions.ListAsync(_convener)).Single(m => m.Status == MotionStatus.Submitted).Id;
        await using (var db = _db.NewContext())
        {
            var have = await db.Cosignatures.Where(c => c.MotionId == collecting).Select(c => c.DelegateId).ToListAsync();
            var sponsor = await db.Motions.Where(m => m.Id == collecting).Select(m => m.SponsorId).SingleAsync();
            foreach (var d in _delegates.Except(have).Where(d => d != sponsor).Take(5))
            {
                db.Cosignatures.Add(Cosignature.Of(collecting, d, _db.Clock.GetUtcNow().UtcDateTime));
            }
            await db.SaveChangesAsync();
        }
        await motions.AdmitAsync(_convener, collecting, _session);
        return collecting;
    }
}
