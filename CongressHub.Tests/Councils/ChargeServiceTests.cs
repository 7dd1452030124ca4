using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Councils;

/// <summary>The officer in charge of a community (包干干部): who the convener puts in charge, what they see, and passing on (转呈).</summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class ChargeServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private Actor _officer03 = null!;

    private ChargeService Charge => _db.Get<ChargeService>();

    private TrackingService Tracking => _db.Get<TrackingService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _officer03 = await _db.ActorAsync("officer03");
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private async Task<Community> CommunityAsync(string name)
    {
        await using var db = _db.NewContext();
        return await db.Communities.SingleAsync(c => c.Name == name);
    }

    private async Task<int> OfficerIdAsync(string userName) => (await _db.ActorAsync(userName)).OfficerId!.Value;

    private async Task<int> RecordAsync(string staffAccount, string text)
    {
        var staff = await _db.ActorAsync(staffAccount);
        return await Tracking.RecordOpinionAsync(staff, new OpinionInput(staff.CommunityId!.Value, new DateOnly(2026, 11, 1), text,
            OpinionCategory.Sanitation, GovernmentLevel.Street, null, null, Publishable: false));
    }

    private async Task<(int Passed, int Audit)> CountsAsync()
    {
        await using var db = _db.NewContext();
        return (await db.PassOns.CountAsync(), await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task Demo_EveryCommunityOfBothStreets_HasAServingOfficerOfItsStreetInCharge_AndSomeOpinionsArePassedOn()
    {
        await using var db = _db.NewContext();

        var communities = await db.Communities.ToListAsync();
        var officers = await db.Officers.ToDictionaryAsync(o => o.Id);

        Assert.Equal(2, communities.Select(c => c.StreetId).Distinct().Count());
        Assert.All(communities, c =>
        {
            var officer = officers[c.OfficerInChargeId!.Value];
            Assert.Equal(c.StreetId, officer.StreetId);
            Assert.False(officer.IsRetired);
        });
        Assert.InRange(await db.PassOns.CountAsync(), 2, 10);
    }

    [Fact]
    public async Task SetOfficerInCharge_SetsAndClears_WithAudit()
    {
        var community = await CommunityAsync("和平社区");
        var officer01 = await OfficerIdAsync("officer01");
        var before = await CountsAsync();

        await Charge.SetOfficerInChargeAsync(_convener, community.Id, officer01);
        var set = await Charge.OfficersInChargeAsync(_convener);
        var line = await Charge.OfficerInChargeAsync(community.StreetId, community.Id);
        await Charge.SetOfficerInChargeAsync(_convener, community.Id, null);

        Assert.Equal(officer01, set[community.Id].OfficerId);
        Assert.Equal("街道办事处主任", line!.Position);
        Assert.Null((await CommunityAsync("和平社区")).OfficerInChargeId);
        Assert.Null(await Charge.OfficerInChargeAsync(community.StreetId, community.Id));
        await using var db = _db.NewContext();
        var audit = await db.AuditEntries.OrderByDescending(a => a.Id).Take(2).Select(a => a.Action).ToListAsync();
        Assert.Equal(["Community.OfficerInChargeCleared", "Community.OfficerInChargeSet"], audit);
        Assert.Equal(before.Audit + 2, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task SetOfficerInCharge_RefusedForNonConvener_OfficerOfAnotherStreet_RetiredOfficer_AndAnotherStreetsCommunity()
    {
        var community = await CommunityAsync("和平社区");
        var was = community.OfficerInChargeId;
        var otherStreetOfficer = await OfficerIdAsync("officer07");
        var officer01 = await OfficerIdAsync("officer01");
        await _db.Get<DirectoryService>().RetireOfficerAsync(_convener, await OfficerIdAsync("officer02"));
        var retired = await OfficerIdAsync("officer02");
        await using var db = _db.NewContext();
        var otherCommunity = await db.Communities.Where(c => c.StreetId != community.StreetId).Select(c => c.Id).FirstAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => Charge.SetOfficerInChargeAsync(_officer03, community.Id, officer01));
        var staff = await _db.ActorAsync("staff01");
        await Assert.ThrowsAsync<ForbiddenException>(() => Charge.SetOfficerInChargeAsync(staff, community.Id, officer01));
        var foreign = await Assert.ThrowsAsync<ValidationFailedException>(() => Charge.SetOfficerInChargeAsync(_convener, community.Id, otherStreetOfficer));
        var gone = await Assert.ThrowsAsync<ValidationFailedException>(() => Charge.SetOfficerInChargeAsync(_convener, community.Id, retired));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Charge.SetOfficerInChargeAsync(_convener, community.Id, 999_999));
        await Assert.ThrowsAsync<NotFoundException>(() => Charge.SetOfficerInChargeAsync(_convener, otherCommunity, officer01));
        var convener2 = await _db.ActorAsync("convener2");
        await Assert.ThrowsAsync<NotFoundException>(() => Charge.SetOfficerInChargeAsync(convener2, community.Id, otherStreetOfficer));

        Assert.Equal("请从列表中选择本街道的干部。", foreign.ErrorFor(nameof(Community.OfficerInChargeId)));
        Assert.Contains("已离任", gone.ErrorFor(nameof(Community.OfficerInChargeId)));
        Assert.Equal(was, (await CommunityAsync("和平社区")).OfficerInChargeId);
    }

    [Fact]
    public async Task RetiringAnOfficer_TakesThemOutOfCharge()
    {
        var officer06 = await OfficerIdAsync("officer06");
        await using var db = _db.NewContext();
        Assert.True(await db.Communities.AnyAsync(c => c.OfficerInChargeId == officer06));

        await _db.Get<DirectoryService>().RetireOfficerAsync(_convener, officer06);

        Assert.False(await db.Communities.AnyAsync(c => c.OfficerInChargeId == officer06));
        Assert.False(await Charge.IsInChargeAsync(await _db.ActorAsync("officer06")));
    }

    [Fact]
    public async Task MyCharge_ListsExactlyTheOpinionsOfTheOfficersCommunities_NewestMonthFirst_AsCountedInTheDatabase()
    {
        // officer03 is in charge of 东风社区 and 春晖社区 in the demo; staff01 records for 东风社区, staff02 for 朝阳社区.
        var mine = await RecordAsync("staff01", "东风社区楼道灯坏了");
        var notMine = await RecordAsync("staff02", "朝阳社区门口积水");

        var charge = await Charge.MyChargeAsync(_officer03);

        await using var db = _db.NewContext();
        var communities = await db.Communities.Where(c => c.OfficerInChargeId == _officer03.OfficerId).OrderBy(c => c.SortOrder).ToListAsync();
        Assert.Equal(communities.Select(c => c.Name), charge.Select(c => c.Name));
        foreach (var c in charge)
        {
            var expected = await db.TrackedItems.Where(i => i.Kind == TrackedKind.Opinion && i.CommunityId == c.Id).Select(i => i.Id).ToListAsync();
            Assert.Equal(expected.Order(), c.Months.SelectMany(m => m.Opinions).Select(o => o.Id).Order());
            Assert.Equal(c.Months.Select(m => m.Month).OrderDescending(), c.Months.Select(m => m.Month));
        }
        var all = charge.SelectMany(c => c.Months).SelectMany(m => m.Opinions).ToList();
        Assert.Contains(all, o => o.Id == mine && o.State == TrackedState.Submitted && !o.PassedOn);
        Assert.DoesNotContain(all, o => o.Id == notMine);
        var passed = await db.PassOns.Where(p => all.Select(o => o.Id).Contains(p.TrackedItemId)).CountAsync();
        Assert.Equal(passed, all.Sum(o => o.PassOns));
        Assert.True(await Charge.IsInChargeAsync(_officer03));
        Assert.False(await Charge.IsInChargeAsync(await _db.ActorAsync("officer01")));
        Assert.Empty(await Charge.MyChargeAsync(await _db.ActorAsync("officer01")));
        var staff = await _db.ActorAsync("staff01");
        await Assert.ThrowsAsync<ForbiddenException>(() => Charge.MyChargeAsync(staff));
    }

    [Fact]
    public async Task PassOn_IsRecorded_InTheItemsHistory_WithAudit_AndTheOfficerMayOpenTheItem()
    {
        var id = await RecordAsync("staff01", "东风社区垃圾分类点太远");
        var department = (await Charge.DepartmentsAsync(_officer03)).Single(d => d.Name == "环境卫生科");
        var before = await CountsAsync();

        await Charge.PassOnAsync(_officer03, id, new PassOnInput(PassOnTarget.Department, department.Id, "  请环卫科研究增设分类点。 "));
        await Charge.PassOnAsync(_officer03, id, new PassOnInput(PassOnTarget.Leaders, null, null));

        Assert.Equal((before.Passed + 2, before.Audit + 2), await CountsAsync());
        var detail = await Tracking.GetAsync(_convener, id);
        var lines = detail.History.Where(h => h.PassedOnTo is not null).ToList();
        Assert.Equal(["环境卫生科", "街道领导"], lines.Select(h => h.PassedOnTo));
        Assert.Equal("请环卫科研究增设分类点。", lines[0].Note);
        Assert.Equal(_officer03.DisplayName, lines[0].Who);
        Assert.Equal(TrackedState.Submitted, detail.State);
        var seenByOfficer = await Tracking.GetAsync(_officer03, id);
        Assert.Null(seenByOfficer.ResidentName);
        Assert.Equal(2, seenByOfficer.History.Count(h => h.PassedOnTo is not null));
        var row = (await Charge.MyChargeAsync(_officer03)).SelectMany(c => c.Months).SelectMany(m => m.Opinions).Single(o => o.Id == id);
        Assert.Equal(2, row.PassOns);
        Assert.True(await Charge.CanPassOnAsync(_officer03, id));
        await using var db = _db.NewContext();
        Assert.Equal("Tracking.PassedOn", await db.AuditEntries.OrderByDescending(a => a.Id).Select(a => a.Action).FirstAsync());
        Assert.Contains(_db.Events.All, e => e is TrackingChanged t && t.ItemId == id);
    }

    [Fact]
    public async Task PassOn_ByAnOfficerNotInCharge_IsForbidden_FromAnotherStreet_NotFound()
    {
        var id = await RecordAsync("staff01", "东风社区健身器材损坏");
        var before = await CountsAsync();
        var input = new PassOnInput(PassOnTarget.Leaders, null, null);

        var refused = await Assert.ThrowsAsync<ForbiddenException>(async () => await Charge.PassOnAsync(await _db.ActorAsync("officer01"), id, input));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await Charge.PassOnAsync(await _db.ActorAsync("officer04"), id, input));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await Charge.PassOnAsync(await _db.ActorAsync("staff01"), id, input));
        await Assert.ThrowsAsync<ForbiddenException>(() => Charge.PassOnAsync(_convener, id, input));
        await Assert.ThrowsAsync<NotFoundException>(async () => await Charge.PassOnAsync(await _db.ActorAsync("officer09"), id, input));
        await Assert.ThrowsAsync<NotFoundException>(() => Charge.PassOnAsync(_officer03, 999_999, input));

        Assert.Equal("只有该社区的包干干部才能登记转呈。", refused.Message);
        Assert.False(await Charge.CanPassOnAsync(await _db.ActorAsync("officer01"), id));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task PassOn_WithBadInput_IsRefusedInWords_AndNothingIsStored()
    {
        var id = await RecordAsync("staff01", "东风社区夜间噪音扰民");
        await using var db = _db.NewContext();
        var otherStreetDepartment = await db.Departments.Where(d => d.StreetId != _officer03.StreetId).Select(d => d.Id).FirstAsync();
        var before = await CountsAsync();

        var tooLong = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Charge.PassOnAsync(_officer03, id, new PassOnInput(PassOnTarget.Leaders, null, new string('长', PassOn.NoteMaxLength + 1))));
        var unknown = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Charge.PassOnAsync(_officer03, id, new PassOnInput(PassOnTarget.Department, 999_999, null)));
        var foreign = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Charge.PassOnAsync(_officer03, id, new PassOnInput(PassOnTarget.Department, otherStreetDepartment, null)));
        var none = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Charge.PassOnAsync(_officer03, id, new PassOnInput(PassOnTarget.Department, null, null)));
        var nowhere = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Charge.PassOnAsync(_officer03, id, new PassOnInput((PassOnTarget)7, null, null)));

        Assert.Equal("“说明”最多 500 个字。", tooLong.ErrorFor(nameof(PassOnInput.Note)));
        Assert.Equal("请从列表中选择本街道的科室。", unknown.ErrorFor(nameof(PassOnInput.DepartmentId)));
        Assert.Equal(unknown.Message, foreign.Message);
        Assert.NotNull(none.ErrorFor(nameof(PassOnInput.DepartmentId)));
        Assert.NotNull(nowhere.ErrorFor(nameof(PassOnInput.To)));
        Assert.Equal(before, await CountsAsync());
    }
}
