using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Reviews;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Documents;

/// <summary>The services' reads behind the documents: what they give, and to whom.</summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class DocumentReadTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private int _previous;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _previous = (await _db.Get<SessionService>().ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.MinutesPublished).Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task SessionResults_GiveEachClosedVotesCounts_AndNoNamedListForASecretVote()
    {
        var records = await _db.Get<VotingService>().SessionResultsAsync(_convener, _previous);

        await using var db = _db.NewContext();
        var closed = await db.Votes.Where(v => v.SessionId == _previous && (v.State == VoteState.Closed || v.State == VoteState.Published)).OrderBy(v => v.Id).ToListAsync();
        Assert.Equal(closed.Select(v => v.Id), records.Select(r => r.Vote.Id));
        Assert.All(records, r =>
        {
            Assert.True(r.Vote.Secret);
            Assert.Null(r.Named);
            Assert.NotNull(r.Vote.Yes);
        });
        Assert.Contains(records, r => (r.Vote.Yes, r.Vote.No, r.Vote.Abstain) == (29, 4, 3));
    }

    [Fact]
    public async Task Reads_ForAnotherStreetsConvener_AreNotFound_AndForADelegateForbiddenOrHidden()
    {
        var other = await _db.ActorAsync("convener2");
        var delegateActor = await _db.ActorAsync("delegate01");
        var round = (await _db.Get<ReviewService>().ListRoundsAsync(_convener)).Single(r => r.State == ReviewState.Published).Id;
        var report = (await _db.Get<ReviewService>().GetRoundAsync(_convener, round)).Reports.First(r => r.Submitted).Id;
        var term = (await _db.Get<DirectoryService>().ListTermsAsync(_convener)).First().Id;

        await Assert.ThrowsAsync<NotFoundException>(() => _db.Get<SessionService>().DocumentAsync(other, _previous));
        await Assert.ThrowsAsync<NotFoundException>(() => _db.Get<VotingService>().SessionResultsAsync(other, _previous));
        await Assert.ThrowsAsync<NotFoundException>(() => _db.Get<ReviewService>().GetReportAsync(other, report));
        await Assert.ThrowsAsync<NotFoundException>(() => _db.Get<RosterImportService>().RosterAsync(other, term));
        await Assert.ThrowsAsync<ForbiddenException>(() => _db.Get<VotingService>().SessionResultsAsync(delegateActor, _previous));
        Assert.NotEmpty((await _db.Get<ReviewService>().GetReportAsync(delegateActor, report)).TextMarkdown);
    }

    [Fact]
    public async Task Document_HasTheAgendaInOrder_AndTheResolutionsAdoptedInTheSession()
    {
        var document = await _db.Get<SessionService>().DocumentAsync(_convener, _previous);

        await using var db = _db.NewContext();
        Assert.Equal(await db.AgendaItems.Where(i => i.SessionId == _previous).OrderBy(i => i.Position).Select(i => i.Title).ToListAsync(), document.Items.Select(i => i.Title));
        Assert.Equal(await db.Resolutions.Where(r => r.SessionId == _previous).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(), document.ResolutionIds);
        Assert.NotEmpty(document.ResolutionIds);
        Assert.Equal("示例街道", document.StreetName);
    }
}
