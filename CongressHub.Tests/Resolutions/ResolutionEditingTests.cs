using CongressHub.Domain.Common;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Streets;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Resolutions;

/// <summary>
/// The convener checks a draft's wording and publishes it: every save kept as a version, the motion's text kept as
/// adopted, numbering at publication, and nothing of a draft or its versions reaching the public.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class ResolutionEditingTests : IAsyncLifetime
{
    private const string Final = "各小区快递柜统一设置在小区出入口附近，不得占用消防通道、绿地和盲道。";

    private TestDatabase _db = null!;
    private Actor _convener = null!;

    private ResolutionService Resolutions => _db.Get<ResolutionService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    /// <summary>The demo's draft: its vote's result published, one edit saved already.</summary>
    private async Task<ResolutionDetail> DraftAsync() =>
        await Resolutions.GetAsync(_convener, (await Resolutions.ListAsync(_convener)).Single(r => r.Status == ResolutionStatus.Draft).Id);

    private async Task<(int Versions, int Audit)> StoredAsync(int id)
    {
        await using var db = _db.NewContext();
        return (await db.ResolutionVersions.CountAsync(v => v.ResolutionId == id), await db.AuditEntries.CountAsync());
    }

    /// <summary>The number the draft takes: the next of its session's quarter, after the demo's three.</summary>
    private async Task<string> NextNumberAsync(int id)
    {
        await using var db = _db.NewContext();
        var session = await db.Resolutions.Where(r => r.Id == id).Select(r => r.SessionId).SingleAsync();
        var last = await db.Resolutions.Where(r => r.SessionId == session && r.Status == ResolutionStatus.Published).OrderByDescending(r => r.Sequence).FirstAsync();
        return Resolution.FormatNumber(last.Year, last.Quarter, last.Sequence + 1);
    }

    [Fact]
    public async Task Edit_KeepsEveryVersion_WhoAndWhen_AndTheMotionsTextAsAdopted()
    {
        var draft = await DraftAsync();
        await using var before = _db.NewContext();
        var motionId = await before.Resolutions.Where(r => r.Id == draft.Id).Select(r => r.MotionId).SingleAsync();
        var motion = await before.Motions.AsNoTracking().SingleAsync(m => m.Id == motionId);

        await Resolutions.EditAsync(_convener, draft.Id, draft.Title, "中间稿：快递柜设在出入口。", draft.Version);
        _db.Clock.Advance(TimeSpan.FromMinutes(5));
        await Resolutions.EditAsync(_convener, draft.Id, "  关于规范小区快递柜设置的决议  ", Final, draft.Version + 1);

        var after = await DraftAsync();
        Assert.Equal(("关于规范小区快递柜设置的决议", Final), (after.Title, after.Text));
        Assert.Equal(draft.Versions.Count + 2, after.Versions.Count);
        Assert.Equal(["中间稿：快递柜设在出入口。", Final], after.Versions.TakeLast(2).Select(v => v.Text));
        // Shown as the person with their post, never as the account.
        Assert.All(after.Versions.TakeLast(2), v => Assert.StartsWith(_convener.DisplayName!, v.EditedBy));
        Assert.All(after.Versions, v => Assert.NotEqual("convener", v.EditedBy));
        Assert.Equal(_db.Clock.GetUtcNow().UtcDateTime, after.Versions[^1].AtUtc);
        Assert.Equal(new ResolutionWording(motion.Title, motion.Text), after.Adopted);
        await using var db = _db.NewContext();
        var stored = await db.Motions.Where(m => m.Id == motion.Id).Select(m => new { m.Title, m.Text }).SingleAsync();
        Assert.Equal((motion.Title, motion.Text), (stored.Title, stored.Text));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "Resolution.Edited" && e.Subject == "draft#" + draft.Id));
        Assert.Contains(new ResolutionChanged(_convener.StreetId!.Value, draft.Id), _db.Events.All);
    }

    [Fact]
    public async Task Publish_NumbersItByItsSessionsQuarter_AuditsIt_AndEndsEditing()
    {
        var draft = await DraftAsync();
        var expected = await NextNumberAsync(draft.Id);

        var number = await Resolutions.PublishAsync(_convener, draft.Id, draft.Version);

        Assert.Equal(expected, number);
        var published = await Resolutions.GetAsync(_convener, draft.Id);
        Assert.Equal((ResolutionStatus.Published, expected), (published.Status, published.Number));
        var refused = await Assert.ThrowsAsync<DomainException>(() => Resolutions.EditAsync(_convener, draft.Id, "再改一次", Final, published.Version));
        Assert.Contains("已经公布，不能再修改", refused.Message);
        await Assert.ThrowsAsync<DomainException>(() => Resolutions.PublishAsync(_convener, draft.Id, published.Version));
        await using var db = _db.NewContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "Resolution.Published" && e.Subject == expected));
        Assert.True(await db.TrackedItems.Where(i => i.Id == draft.ImplementationId).Select(i => i.Publishable).SingleAsync());
        Assert.Contains(new TrackingChanged(_convener.StreetId!.Value, draft.ImplementationId), _db.Events.All);
        Assert.True((await _db.Get<CongressHub.Domain.Audit.AuditTrail>().VerifyAsync(_convener)).Intact);
    }

    [Fact]
    public async Task Published_ShowsItsLastWordingPublicly_AndNeverAnEarlierVersion()
    {
        var draft = await DraftAsync();
        await Resolutions.EditAsync(_convener, draft.Id, "关于规范小区快递柜设置的决议", "中间稿：快递柜设在出入口。", draft.Version);
        await Resolutions.EditAsync(_convener, draft.Id, "关于规范小区快递柜设置的决议", Final, draft.Version + 1);

        var number = await Resolutions.PublishAsync(_convener, draft.Id, draft.Version + 2);

        var page = (await Resolutions.PublicGetAsync("shiyan", number))!;
        Assert.Equal(("关于规范小区快递柜设置的决议", Final), (page.Title, page.Text));
        Assert.Equal([ResolutionStepKind.Adopted, ResolutionStepKind.Published], page.History.Select(h => h.Kind));
        Assert.Equal(0, (await Resolutions.PublicListAsync("shiyan", new ResolutionFilter("中间稿"), 1))!.Total);
        Assert.Equal(1, (await Resolutions.PublicListAsync("shiyan", new ResolutionFilter("盲道"), 1))!.Total);
        Assert.DoesNotContain((await Resolutions.FeedAsync("shiyan"))!.Entries, e => e.Summary.Contains("中间稿"));
    }

    [Fact]
    public async Task Draft_NeverReachesAPublicQuery_WhateverItsWording()
    {
        var draft = await DraftAsync();

        await Resolutions.EditAsync(_convener, draft.Id, "关于规范小区快递柜设置的决议", Final, draft.Version);

        Assert.Equal(0, (await Resolutions.PublicListAsync("shiyan", new ResolutionFilter("盲道"), 1))!.Total);
        Assert.DoesNotContain((await Resolutions.FeedAsync("shiyan"))!.Entries, e => e.Title.Contains("快递柜"));
        // The motions' three and this year's three livelihood projects.
        Assert.Equal(6, (await _db.Get<SitemapService>().StreetPathsAsync("shiyan"))!.Count(p => p.StartsWith("/s/shiyan/resolutions/", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("", Final, "Title")]
    [InlineData("关于规范小区快递柜设置的决议", "  ", "Text")]
    [InlineData(null, Final, "Title")]
    public async Task Edit_WithAnEmptyField_IsRefusedOnIt_AndNothingIsStored(string? title, string? text, string field)
    {
        var draft = await DraftAsync();
        var stored = await StoredAsync(draft.Id);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Resolutions.EditAsync(_convener, draft.Id, title, text, draft.Version));

        Assert.Equal(field, refused.Errors.Single().Field);
        Assert.StartsWith("请填写", refused.Errors.Single().Message);
        Assert.Equal(stored, await StoredAsync(draft.Id));
        var after = await DraftAsync();
        Assert.Equal((draft.Title, draft.Text, draft.Version), (after.Title, after.Text, after.Version));
    }

    [Fact]
    public async Task Edit_TooLong_OrUnchanged_IsRefused_AndNothingIsStored()
    {
        var draft = await DraftAsync();
        var stored = await StoredAsync(draft.Id);

        var tooLong = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Resolutions.EditAsync(_convener, draft.Id, new string('题', 201), new string('文', 20_001), draft.Version));
        var unchanged = await Assert.ThrowsAsync<DomainException>(() => Resolutions.EditAsync(_convener, draft.Id, draft.Title, draft.Text + "\n", draft.Version));

        Assert.Equal(["Title", "Text"], tooLong.Errors.Select(e => e.Field));
        Assert.Equal("“决议标题”最多 200 个字。", tooLong.ErrorFor("Title"));
        Assert.Contains("没有需要保存的修改", unchanged.Message);
        Assert.Equal(stored, await StoredAsync(draft.Id));
    }

    [Fact]
    public async Task Edit_FromAScreenThatShowedAnOlderVersion_IsRefusedAsAConflict_AndKeepsTheOtherSave()
    {
        var draft = await DraftAsync();
        await Resolutions.EditAsync(_convener, draft.Id, draft.Title, Final, draft.Version);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Resolutions.EditAsync(_convener, draft.Id, "另一位召集人的标题", draft.Text, draft.Version));
        var publishStale = await Assert.ThrowsAsync<DomainException>(() => Resolutions.PublishAsync(_convener, draft.Id, draft.Version));

        Assert.Equal("另一位召集人刚刚修改了这项决议。页面已显示最新文本，请核对后再操作一次。", refused.Message);
        Assert.Equal(refused.Message, publishStale.Message);
        var after = await DraftAsync();
        Assert.Equal((draft.Title, Final, ResolutionStatus.Draft), (after.Title, after.Text, after.Status));
    }

    [Fact]
    public async Task TwoSavesAtOnce_FromTheSameVersion_OneIsKept_TheOtherRefusedAsAConflict()
    {
        var draft = await DraftAsync();

        var saves = new[] { "甲：" + Final, "乙：" + Final }.Select(text => Record.ExceptionAsync(() => Resolutions.EditAsync(_convener, draft.Id, draft.Title, text, draft.Version)).AsTask()).ToList();
        var errors = await Task.WhenAll(saves);

        var refusal = Assert.Single(errors, e => e is not null);
        Assert.Contains("另一位召集人刚刚修改了这项决议", refusal!.Message);
        var after = await DraftAsync();
        Assert.Equal(draft.Versions.Count + 1, after.Versions.Count);
        Assert.Equal(after.Text, after.Versions[^1].Text);
    }

    [Theory]
    [InlineData("delegate01")]
    [InlineData("officer01")]
    [InlineData("staff01")]
    public async Task EditOrPublish_BySomeoneNotAConvener_IsForbidden(string user)
    {
        var draft = await DraftAsync();
        var actor = await _db.ActorAsync(user);

        await Assert.ThrowsAsync<ForbiddenException>(() => Resolutions.EditAsync(actor, draft.Id, draft.Title, Final, draft.Version));
        await Assert.ThrowsAsync<ForbiddenException>(() => Resolutions.PublishAsync(actor, draft.Id, draft.Version));

        var after = await DraftAsync();
        Assert.Equal((draft.Text, ResolutionStatus.Draft), (after.Text, after.Status));
    }

    [Fact]
    public async Task EditOrPublish_ByAnotherStreetsConvener_IsNotFound()
    {
        var draft = await DraftAsync();
        var other = await _db.ActorAsync("convener2");

        await Assert.ThrowsAsync<NotFoundException>(() => Resolutions.EditAsync(other, draft.Id, draft.Title, Final, draft.Version));
        await Assert.ThrowsAsync<NotFoundException>(() => Resolutions.PublishAsync(other, draft.Id, draft.Version));
        await Assert.ThrowsAsync<NotFoundException>(() => Resolutions.GetAsync(other, draft.Id));

        var after = await DraftAsync();
        Assert.Equal((draft.Text, ResolutionStatus.Draft), (after.Text, after.Status));
    }

    [Fact]
    public async Task Versions_AndTheTextAsAdopted_AreTheConvenersOnly()
    {
        var published = (await Resolutions.ListAsync(_convener)).First(r => r.Status == ResolutionStatus.Published);
        var officer = await _db.ActorAsync("officer01");

        var forOfficer = await Resolutions.GetAsync(officer, published.Id);
        var forConvener = await Resolutions.GetAsync(_convener, published.Id);

        Assert.Null(forOfficer.Adopted);
        Assert.Empty(forOfficer.Versions);
        Assert.NotNull(forConvener.Adopted);
    }
}
