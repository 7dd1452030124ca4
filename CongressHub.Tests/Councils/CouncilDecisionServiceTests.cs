using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Councils;

/// <summary>
/// A council decision through the real service on the demo database: who may write, publish, carry out and send up; what
/// each leaves behind; residents' comments during the notice only, moderated before they show.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class CouncilDecisionServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _staff = null!;
    private int _community;

    private CouncilDecisionService Decisions => _db.Get<CouncilDecisionService>();

    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(_db.Clock.GetUtcNow().UtcDateTime));

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _staff = await _db.ActorAsync("staff01");
        _community = _staff.CommunityId!.Value;
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private CouncilDecisionInput Input(string title = "关于更换小区大门门禁的决定") => new(title, "经表决，更换小区大门门禁系统。\n\n<script>alert(1)</script>", Today.AddDays(-1), 5);

    private async Task<(int Count, int Items, int Comments)> CountsAsync()
    {
        await using var db = _db.NewContext();
        return (await db.CouncilDecisions.CountAsync(), await db.TrackedItems.CountAsync(), await db.CouncilDecisionComments.CountAsync());
    }

    private async Task<int> PublishedAsync()
    {
        var id = await Decisions.CreateAsync(_staff, _community, Input());
        await Decisions.PublishAsync(_staff, id, 0);
        return id;
    }

    [Fact]
    public async Task Staff_DraftsAndPublishes_TheNoticeStartsNow_AndTheDraftWasNeverPublic()
    {
        var id = await Decisions.CreateAsync(_staff, _community, Input());
        Assert.Null(await Decisions.PublicGetAsync("shiyan", _community, id));

        await Decisions.PublishAsync(_staff, id, 0);

        var d = await Decisions.GetAsync(_staff, id);
        Assert.Equal(CouncilDecisionState.InNotice, d.State);
        Assert.Equal(_db.Clock.GetUtcNow().UtcDateTime, d.NoticeStartsUtc);
        Assert.Equal(d.NoticeStartsUtc!.Value.AddDays(5), d.NoticeEndsUtc);
        Assert.NotNull(await Decisions.PublicGetAsync("shiyan", _community, id));
        Assert.Contains(new CouncilDecisionChanged(_staff.StreetId!.Value, id), _db.Events.All);
    }

    [Theory]
    [InlineData("staff02")]
    [InlineData("delegate01")]
    [InlineData("officer01")]
    public async Task Create_BySomeoneNotOfTheCommunity_IsForbidden_AndNothingIsStored(string user)
    {
        var before = await CountsAsync();
        var actor = await _db.ActorAsync(user);

        await Assert.ThrowsAsync<ForbiddenException>(() => Decisions.CreateAsync(actor, _community, Input()));

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task OtherStreet_GetsNotFound_ForTheCommunity_AndTheDecision()
    {
        var id = await PublishedAsync();
        var other = await _db.ActorAsync("convener2");

        await Assert.ThrowsAsync<NotFoundException>(() => Decisions.CreateAsync(other, _community, Input()));
        await Assert.ThrowsAsync<NotFoundException>(() => Decisions.GetAsync(other, id));
        await Assert.ThrowsAsync<NotFoundException>(() => Decisions.ListAsync(other, _community));
        Assert.Null(await Decisions.PublicGetAsync("xinghai", _community, id));
    }

    [Fact]
    public async Task OtherCommunitysStaff_IsRefused_TheDecision()
    {
        var id = await PublishedAsync();
        var other = await _db.ActorAsync("staff02");

        await Assert.ThrowsAsync<ForbiddenException>(() => Decisions.GetAsync(other, id));
        await Assert.ThrowsAsync<ForbiddenException>(() => Decisions.PublishAsync(other, id, 1));
    }

    [Fact]
    public async Task CarryOut_DuringTheNotice_IsRefused_AndStoresNothing()
    {
        var id = await PublishedAsync();
        var before = await CountsAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() => Decisions.CarryOutAsync(_staff, id));
        await Assert.ThrowsAsync<DomainException>(() => Decisions.SendUpAsync(_staff, id));

        Assert.Contains("公示", ex.Message);
        Assert.Equal(before, await CountsAsync());
        Assert.Equal(CouncilDecisionState.InNotice, (await Decisions.GetAsync(_staff, id)).State);
    }

    [Fact]
    public async Task CarryOut_AfterTheNotice_CreatesExactlyOneItem_AssignedToTheCommunity_AndLinked()
    {
        var id = await PublishedAsync();
        _db.Clock.Advance(TimeSpan.FromDays(5));
        var before = await CountsAsync();

        var itemId = await Decisions.CarryOutAsync(_staff, id);
        await Assert.ThrowsAsync<DomainException>(() => Decisions.CarryOutAsync(_staff, id));
        await Assert.ThrowsAsync<DomainException>(() => Decisions.SendUpAsync(_staff, id));

        Assert.Equal(before.Items + 1, (await CountsAsync()).Items);
        var d = await Decisions.GetAsync(_staff, id);
        Assert.Equal(CouncilDecisionState.CarriedOut, d.State);
        Assert.Equal(itemId, d.TrackedItemId);
        await using var db = _db.NewContext();
        var item = await db.TrackedItems.SingleAsync(i => i.Id == itemId);
        Assert.Equal(TrackedKind.CouncilDecision, item.Kind);
        Assert.Equal(TrackedState.Assigned, item.State);
        Assert.Equal(_community, item.AssignedCommunityId);
        Assert.Single(await db.TrackedEvents.Where(e => e.ItemId == itemId).ToListAsync());
    }

    [Fact]
    public async Task SendUp_AfterTheNotice_CreatesAnOpinionForTriage_CarryingTheHistory()
    {
        var id = await PublishedAsync();
        await Decisions.CommentAsync("shiyan", _community, id, "门禁卡请给老人多发一张。");
        _db.Clock.Advance(TimeSpan.FromDays(6));

        var itemId = await Decisions.SendUpAsync(_staff, id);

        await using var db = _db.NewContext();
        var item = await db.TrackedItems.SingleAsync(i => i.Id == itemId);
        Assert.Equal(TrackedKind.Opinion, item.Kind);
        Assert.Equal(TrackedState.Submitted, item.State);
        Assert.Equal(_community, item.CommunityId);
        Assert.Contains("关于更换小区大门门禁的决定", item.Text);
        Assert.Contains("决定日期", item.Text);
        Assert.Contains("公示期", item.Text);
        Assert.Contains("收到居民意见 1 条", item.Text);
        Assert.Contains($"/s/shiyan/c/{_community}/decisions/{id}", item.Text);
        Assert.Contains("经表决，更换小区大门门禁系统。", item.Text);
        var d = await Decisions.GetAsync(_staff, id);
        Assert.Equal(CouncilDecisionState.SentUp, d.State);
        Assert.Equal(itemId, d.TrackedItemId);
    }

    [Fact]
    public async Task Comment_IsHeldUntilTheConvenerApprovesIt_AndOnlyDuringTheNotice()
    {
        var draft = await Decisions.CreateAsync(_staff, _community, Input("草稿决定"));
        await Assert.ThrowsAsync<NotFoundException>(() => Decisions.CommentAsync("shiyan", _community, draft, "草稿上的意见"));
        var id = await PublishedAsync();

        var commentId = await Decisions.CommentAsync("shiyan", _community, id, "支持更换门禁。");

        Assert.Empty((await Decisions.PublicGetAsync("shiyan", _community, id))!.Comments);
        await Assert.ThrowsAsync<ForbiddenException>(() => Decisions.ModerateAsync(_staff, commentId, true, null));
        await Decisions.ModerateAsync(await _db.ActorAsync("convener"), commentId, true, "谢谢支持。");
        var shown = Assert.Single((await Decisions.PublicGetAsync("shiyan", _community, id))!.Comments);
        Assert.Equal("谢谢支持。", shown.Reply);
        _db.Clock.Advance(TimeSpan.FromDays(5));
        var before = await CountsAsync();
        await Assert.ThrowsAsync<DomainException>(() => Decisions.CommentAsync("shiyan", _community, id, "迟到的意见"));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Comment_WithAScript_IsRefused_AndNothingIsStored()
    {
        var id = await PublishedAsync();
        var before = await CountsAsync();

        await Assert.ThrowsAsync<ValidationFailedException>(() => Decisions.CommentAsync("shiyan", _community, id, "<script>alert(1)</script>"));

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Moderate_ByAnotherStreetsConvener_IsNotFound()
    {
        var id = await PublishedAsync();
        var comment = await Decisions.CommentAsync("shiyan", _community, id, "支持");
        var other = await _db.ActorAsync("convener2");

        await Assert.ThrowsAsync<NotFoundException>(() => Decisions.ModerateAsync(other, comment, true, null));
    }

    [Fact]
    public async Task Demo_HasOneDecisionInNotice_WithAnApprovedAndAWaitingComment_OneCarriedOut_AndOneSentUp()
    {
        var (_, rows) = await Decisions.ListAsync(_staff, _community);

        var inNotice = Assert.Single(rows, r => r.State == CouncilDecisionState.InNotice);
        Assert.Equal(1, inNotice.PendingComments);
        Assert.Single((await Decisions.PublicGetAsync("shiyan", _community, inNotice.Id))!.Comments);
        Assert.NotNull(Assert.Single(rows, r => r.State == CouncilDecisionState.CarriedOut).TrackedItemId);
        Assert.NotNull(Assert.Single(rows, r => r.State == CouncilDecisionState.SentUp).TrackedItemId);
        var list = await Decisions.PublicListAsync("shiyan", _community);
        Assert.Equal(inNotice.Id, list!.Items[0].Id);
    }
}
