using CongressHub.Domain.Common;
using CongressHub.Domain.Records;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Tracking;

/// <summary>
/// A resident's opinion sent from a delegate's page (码上见代表): it arrives as an ordinary opinion marked as brought
/// through the delegate, for the delegate's community or, for a delegate elected at large, for the convener's triage;
/// a delegate of another street or term is refused with the field named and nothing is written.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class OpinionThroughDelegateTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;

    private TrackingService Tracking => _db.Get<TrackingService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static OpinionInput Input(int? communityId, int delegateId) =>
        new(communityId, default, "小区门口的路灯坏了两个月，晚上回家很黑。", OpinionCategory.UrbanManagement, GovernmentLevel.Street, "王阿姨", "13900001111", true, delegateId);

    /// <summary>A delegate of the current term of <paramref name="convener"/>'s street, with a community or elected at large.</summary>
    private async Task<(int Id, int? CommunityId, string Name)> DelegateAsync(Actor convener, bool atLarge)
    {
        var term = (await _db.Get<Domain.Directory.DirectoryService>().GetCurrentTermAsync(convener))!.Id;
        await using var db = _db.NewContext();
        var d = await db.Delegates.Where(d => d.TermId == term && (atLarge ? d.CommunityId == null : d.CommunityId != null) && d.RetiredUtc == null)
            .OrderBy(d => d.Id).FirstAsync();
        return (d.Id, d.CommunityId, d.Name);
    }

    [Fact]
    public async Task SubmitPublicOpinion_ThroughACommunityDelegate_IsForTheirCommunity_AndCountsOnTheirRecord()
    {
        var (id, community, name) = await DelegateAsync(_convener, atLarge: false);
        var before = (await _db.Get<DelegateRecordService>().RecordAsync(_convener, id)).Opinions.Count;
        await using var db0 = _db.NewContext();
        var other = await db0.Communities.Where(c => c.StreetId == _convener.StreetId && c.Id != community).Select(c => c.Id).FirstAsync();

        var item = await Tracking.SubmitPublicOpinionAsync("shiyan", Input(other, id));

        await using var db = _db.NewContext();
        var saved = await db.TrackedItems.SingleAsync(i => i.Id == item);
        Assert.Equal((TrackedKind.Opinion, TrackedState.Submitted, community, (int?)id, true), (saved.Kind, saved.State, saved.CommunityId, saved.DelegateId, saved.FromPublic));
        Assert.Equal(before + 1, (await _db.Get<DelegateRecordService>().RecordAsync(_convener, id)).Opinions.Count);
        Assert.Equal(name, (await Tracking.GetAsync(_convener, item)).Delegate);
    }

    [Fact]
    public async Task SubmitPublicOpinion_ThroughADelegateAtLarge_HasNoCommunity_AndWaitsInTheConvenersTriage()
    {
        var (id, _, name) = await DelegateAsync(_convener, atLarge: true);

        var item = await Tracking.SubmitPublicOpinionAsync("shiyan", Input(null, id));

        var row = Assert.Single((await Tracking.ListAsync(_convener, new TrackingFilter(State: TrackedState.Submitted))).Page.Rows, r => r.Id == item);
        Assert.Equal((null, name), (row.Community, row.BroughtBy));
        await using var db = _db.NewContext();
        Assert.Null(await db.TrackedItems.Where(i => i.Id == item).Select(i => i.CommunityId).SingleAsync());
        await Tracking.AcceptAsync(_convener, item);
        Assert.Equal(TrackedState.Accepted, (await Tracking.GetAsync(_convener, item)).State);
    }

    [Fact]
    public async Task SubmitPublicOpinion_ThroughADelegateOfAnotherStreet_IsRefusedWithTheField_AndWritesNothing()
    {
        var convener2 = await _db.ActorAsync("convener2");
        var (id, _, _) = await DelegateAsync(convener2, atLarge: false);
        await using var db = _db.NewContext();
        var community = await db.Communities.Where(c => c.StreetId == _convener.StreetId).Select(c => c.Id).FirstAsync();
        var count = await db.TrackedItems.CountAsync();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Tracking.SubmitPublicOpinionAsync("shiyan", Input(community, id)));
        var unknown = await Assert.ThrowsAsync<ValidationFailedException>(() => Tracking.SubmitPublicOpinionAsync("shiyan", Input(community, 999_999)));

        Assert.Equal("DelegateId", Assert.Single(refused.Errors).Field);
        Assert.Equal("DelegateId", Assert.Single(unknown.Errors).Field);
        Assert.Null(await Tracking.OpinionDelegateAsync("shiyan", id));
        Assert.Equal(count, await db.TrackedItems.CountAsync());
    }

    [Fact]
    public async Task RecordOpinion_ByStaff_IsNeverMarkedAsBroughtThroughADelegate()
    {
        var (id, community, _) = await DelegateAsync(_convener, atLarge: false);

        var item = await Tracking.RecordOpinionAsync(_convener, Input(community, id));

        Assert.Null((await Tracking.GetAsync(_convener, item)).Delegate);
    }
}
