using CongressHub.Domain.Common;
using CongressHub.Domain.Resolutions;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Resolutions;

/// <summary>The convener's side of resolutions: who may moderate, the notice period's rules, the outcome after it.</summary>
public class ResolutionServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;

    private ResolutionService Resolutions => _db.Get<ResolutionService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(_db.Clock.GetUtcNow().UtcDateTime));

    /// <summary>The demo's resolution in its notice period now, with one approved and one pending comment.</summary>
    private async Task<ResolutionDetail> InNoticeAsync()
    {
        var row = (await Resolutions.ListAsync(_convener)).Single(r => r.Notice == NoticeState.Open);
        return await Resolutions.GetAsync(_convener, row.Id);
    }

    /// <summary>A published resolution without a notice period.</summary>
    private async Task<int> WithoutNoticeAsync() =>
        (await Resolutions.ListAsync(_convener)).First(r => r.Status == ResolutionStatus.Published && r.Notice == NoticeState.None).Id;

    private async Task<int> PendingCommentAsync() => (await InNoticeAsync()).Comments.Single(c => c.Status == CommentStatus.Pending).Id;

    [Theory]
    [InlineData("delegate01")]
    [InlineData("officer01")]
    [InlineData("staff01")]
    public async Task Moderate_BySomeoneNotAConvener_IsForbidden(string user)
    {
        var comment = await PendingCommentAsync();
        var actor = await _db.ActorAsync(user);

        await Assert.ThrowsAsync<ForbiddenException>(() => Resolutions.ModerateAsync(actor, comment, true, null));

        Assert.Equal(CommentStatus.Pending, (await InNoticeAsync()).Comments.Single(c => c.Id == comment).Status);
    }

    [Fact]
    public async Task Moderate_ByAnotherStreetsConvener_IsNotFound()
    {
        var comment = await PendingCommentAsync();
        var other = await _db.ActorAsync("convener2");

        await Assert.ThrowsAsync<NotFoundException>(() => Resolutions.ModerateAsync(other, comment, true, "外街道的回复"));

        Assert.Equal(CommentStatus.Pending, (await InNoticeAsync()).Comments.Single(c => c.Id == comment).Status);
    }

    [Fact]
    public async Task Moderate_ByTheConvener_ApprovesWithAReply_AndAnnouncesTheChange()
    {
        var resolution = await InNoticeAsync();
        var comment = resolution.Comments.Single(c => c.Status == CommentStatus.Pending).Id;

        await Resolutions.ModerateAsync(_convener, comment, true, "  施工时间限定在工作日白天。 ");

        var after = await Resolutions.GetAsync(_convener, resolution.Id);
        var moderated = after.Comments.Single(c => c.Id == comment);
        Assert.Equal(CommentStatus.Approved, moderated.Status);
        Assert.Equal("施工时间限定在工作日白天。", moderated.Reply);
        Assert.Equal(0, after.Notice.Pending);
        Assert.Contains(new ResolutionChanged(_convener.StreetId!.Value, resolution.Id), _db.Events.All);
    }

    [Fact]
    public async Task SetNotice_EndingBeforeItStarts_IsRefusedOnTheEndDate()
    {
        var id = await WithoutNoticeAsync();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Resolutions.SetNoticeAsync(_convener, id, Today.AddDays(10), Today.AddDays(3)));

        Assert.Equal("公示结束日期不能早于开始日期。", refused.ErrorFor("NoticeEndsOn"));
        Assert.Equal(NoticeState.None, (await Resolutions.GetAsync(_convener, id)).Notice.State);
    }

    [Fact]
    public async Task SetNotice_EndingInThePast_IsRefusedOnTheEndDate()
    {
        var id = await WithoutNoticeAsync();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Resolutions.SetNoticeAsync(_convener, id, Today.AddDays(-10), Today.AddDays(-1)));

        Assert.Equal("公示结束日期不能早于今天。", refused.ErrorFor("NoticeEndsOn"));
    }

    [Fact]
    public async Task SetNotice_WithOneDateMissing_AsksForIt()
    {
        var id = await WithoutNoticeAsync();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Resolutions.SetNoticeAsync(_convener, id, Today, null));

        Assert.Equal("请填写“公示结束日期”。", refused.ErrorFor("NoticeEndsOn"));
        Assert.Null(refused.ErrorFor("NoticeStartsOn"));
    }

    [Fact]
    public async Task SetNotice_OnceCommentsWereReceived_IsRefused_AndTheDatesStay()
    {
        var resolution = await InNoticeAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() => Resolutions.SetNoticeAsync(_convener, resolution.Id, Today, Today.AddDays(30)));

        Assert.Contains("已收到居民意见，公示日期不能再改", refused.Message);
        var after = (await Resolutions.GetAsync(_convener, resolution.Id)).Notice;
        Assert.Equal((resolution.Notice.StartsOn, resolution.Notice.EndsOn), (after.StartsOn, after.EndsOn));
    }

    [Fact]
    public async Task SetNotice_ThenRemove_LeavesNoNotice()
    {
        var id = await WithoutNoticeAsync();

        await Resolutions.SetNoticeAsync(_convener, id, Today, Today.AddDays(14));
        var set = (await Resolutions.GetAsync(_convener, id)).Notice;
        await Resolutions.SetNoticeAsync(_convener, id, null, null);

        Assert.Equal((NoticeState.Open, Today, Today.AddDays(14)), (set.State, set.StartsOn!.Value, set.EndsOn!.Value));
        Assert.Equal(NoticeState.None, (await Resolutions.GetAsync(_convener, id)).Notice.State);
    }

    [Fact]
    public async Task StateNoticeOutcome_BeforeTheNoticeEnds_IsRefused_AndAcceptedOnceItHas()
    {
        var resolution = await InNoticeAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() => Resolutions.StateNoticeOutcomeAsync(_convener, resolution.Id, "共收到意见2条，均已采纳。"));
        _db.Clock.Advance(TimeSpan.FromDays(resolution.Notice.EndsOn!.Value.DayNumber - Today.DayNumber + 1));
        await Resolutions.StateNoticeOutcomeAsync(_convener, resolution.Id, "共收到意见2条，均已采纳。");

        Assert.Contains("公示期还没有结束", refused.Message);
        var after = (await Resolutions.GetAsync(_convener, resolution.Id)).Notice;
        Assert.Equal((NoticeState.Closed, "共收到意见2条，均已采纳。"), (after.State, after.Outcome));
    }

    [Fact]
    public async Task Drafts_AreListedFirstForConveners_AndNeitherListedNorReadableForDelegates()
    {
        var delegateActor = await _db.ActorAsync("delegate01");
        var forConvener = await Resolutions.ListAsync(_convener);
        var draft = forConvener.Single(r => r.Status == ResolutionStatus.Draft);

        var forDelegate = await Resolutions.ListAsync(delegateActor);

        Assert.Equal(draft.Id, forConvener[0].Id);
        Assert.DoesNotContain(forDelegate, r => r.Status == ResolutionStatus.Draft);
        Assert.Equal(forConvener.Count - 1, forDelegate.Count);
        Assert.All(forDelegate, r => Assert.Equal(0, r.PendingComments));
        await Assert.ThrowsAsync<NotFoundException>(() => Resolutions.GetAsync(delegateActor, draft.Id));
        Assert.Empty((await Resolutions.GetAsync(delegateActor, (await InNoticeAsync()).Id)).Comments);
    }

    [Fact]
    public async Task Feed_OfAStreetWithManyResolutions_CarriesItsNewestEntriesOnly()
    {
        var now = _db.Clock.GetUtcNow().UtcDateTime;
        await using (var db = _db.NewContext())
        {
            var published = await db.Resolutions.Where(r => r.StreetId == _convener.StreetId && r.Status == ResolutionStatus.Published).OrderBy(r => r.Id).FirstAsync();
            var vote = await db.Votes.SingleAsync(v => v.Id == published.VoteId);
            for (var i = 1; i <= ResolutionService.FeedEntries + 5; i++)
            {
                var r = Resolution.Draft(vote, $"第{i}号新决议", "新决议的正文。", now);
                r.Publish(vote, 2099, 1, i, now.AddMinutes(i));
                db.Resolutions.Add(r);
            }
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var feed = (await Resolutions.FeedAsync("shiyan"))!;

        Assert.Equal(ResolutionService.FeedEntries, feed.Entries.Count);
        Assert.Equal("2099-Q1-25", feed.Entries[0].Number);
        Assert.Equal(feed.Entries.OrderByDescending(e => e.PublishedUtc).Select(e => e.Number), feed.Entries.Select(e => e.Number));
        Assert.DoesNotContain(feed.Entries, e => e.Number is "2099-Q1-01" or "2099-Q1-05");
        Assert.Contains(feed.Entries, e => e.Number == "2099-Q1-06");
    }
}
