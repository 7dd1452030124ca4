using CongressHub.Domain.Committee;
using CongressHub.Domain.Common;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Committee;

/// <summary>
/// The committee's workspace (seed 三.2, 自治委员会负责组织社区协办): a department's request for communities' help goes to the
/// committee, which discusses it, assigns it to communities with due dates, follows their tasks and closes it with a
/// summary that goes back to the department. Only the committee's members (and the convener) work it; a member gains no
/// other right by it.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class CommitteeWorkTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _member = null!, _officer = null!;
    private List<(int Id, string Name)> _communities = null!;

    private CommitteeWorkService Work => _db.Get<CommitteeWorkService>();

    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(_db.Clock.GetUtcNow().UtcDateTime));

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        // delegate01 chairs the committee the demo elected; officer04 heads 城市管理科.
        _member = await _db.ActorAsync("delegate01");
        _officer = await _db.ActorAsync("officer04");
        await using var db = _db.NewContext();
        _communities = (await db.Communities.Where(c => c.StreetId == _member.StreetId).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync())
            .Select(c => (c.Id, c.Name)).ToList();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private Task<int> AskAsync(string title = "协助排查沿街商铺占道经营") =>
        Work.SubmitAsync(_officer, new CommitteeRequestInput(title, "请各社区摸排辖区沿街商铺占道经营情况，登记点位报城管科。", Today.AddDays(20)));

    private async Task<List<string?>> NoticeTextsAsync(string userName)
    {
        var user = await _db.ActorAsync(userName);
        await using var db = _db.NewContext();
        return await db.Notices.Where(n => n.UserId == user.UserId).Select(n => n.TextKey).ToListAsync();
    }

    [Fact]
    public async Task A_Departments_Request_Goes_Through_The_Committee_To_Two_Communities_And_Back()
    {
        var id = await AskAsync();
        Assert.Contains("Notice.CommitteeRequest", await NoticeTextsAsync("delegate01"));
        await Assert.ThrowsAsync<ForbiddenException>(() => Work.DiscussAsync(_officer, id, "我来商议"));

        await Work.DiscussAsync(_member, id, "先做朝阳、和平两个社区，商铺多。");
        var (chaoyang, heping) = (_communities[1], _communities[2]);
        var tasks = await Work.AssignAsync(_member, id, new CommitteeAssignInput("网格员逐街登记，拍照留存，周五汇总。", [chaoyang.Id, heping.Id], Today.AddDays(10)));

        var detail = await Work.GetAsync(_member, id);
        Assert.Equal(CommitteeRequestState.Assigned, detail.State);
        Assert.Equal("网格员逐街登记，拍照留存，周五汇总。", detail.AgreedWay);
        Assert.Equal([chaoyang.Name, heping.Name], detail.Tasks.Select(t => t.Community));
        Assert.All(detail.Tasks, t => Assert.Equal((TrackedState.Assigned, Today.AddDays(10)), (t.State, t.DueOn!.Value)));
        Assert.Equal(["先做朝阳、和平两个社区，商铺多。"], detail.Notes.Select(n => n.Text));
        await using (var db = _db.NewContext())
        {
            var items = await db.TrackedItems.Where(i => tasks.Contains(i.Id)).ToListAsync();
            Assert.All(items, i => Assert.Equal((TrackedKind.Task, id, "协助排查沿街商铺占道经营"), (i.Kind, i.RequestId!.Value, i.Title)));
        }
        Assert.Contains("Notice.Assigned", await NoticeTextsAsync("staff02"));
        Assert.DoesNotContain("Notice.Assigned", await NoticeTextsAsync("staff04"));
        await Assert.ThrowsAsync<DomainException>(() => Work.CloseAsync(_member, id, "都办完了"));

        var tracking = _db.Get<TrackingService>();
        await tracking.MarkDoneAsync(await _db.ActorAsync("staff02"), tasks[0], "登记 23 处。");
        await Work.ChaseAsync(_member, id, tasks[1], "周五前请报数。");
        await using (var db = _db.NewContext())
        {
            Assert.Contains(await db.TrackedEvents.Where(e => e.ItemId == tasks[1]).Select(e => e.Note).ToListAsync(), n => n != null && n.Contains("周五前请报数。"));
        }
        Assert.Contains("Notice.CommitteeChased", await NoticeTextsAsync("staff03"));
        await Assert.ThrowsAsync<DomainException>(() => Work.ChaseAsync(_member, id, tasks[0], "再催一次"));
        await tracking.MarkDoneAsync(await _db.ActorAsync("staff03"), tasks[1], "登记 9 处。");
        await Work.CloseAsync(_member, id, "两个社区共登记占道点位 32 处，已交城管科。");

        var back = await Work.GetAsync(_officer, id);
        Assert.Equal((CommitteeRequestState.Closed, "两个社区共登记占道点位 32 处，已交城管科。"), (back.State, back.Outcome));
        Assert.Equal(("2/2", false), ($"{back.Tasks.Count(t => t.Done)}/{back.Tasks.Count}", back.Works));
        Assert.Contains("Notice.CommitteeClosed", await NoticeTextsAsync("officer04"));
        var row = (await Work.ViewAsync(_officer)).Requests.Single(r => r.Id == id);
        Assert.Equal((2, 2, 0), (row.Tasks, row.Done, row.Overdue));
    }

    [Fact]
    public async Task Only_The_Committee_And_The_Convener_Work_Requests_Departments_See_Their_Own_And_Other_Streets_See_None()
    {
        var id = await AskAsync();
        var outsider = await _db.ActorAsync("delegate02");
        var otherDepartment = await _db.ActorAsync("officer05");
        var staff = await _db.ActorAsync("staff02");
        var otherStreet = await _db.ActorAsync("convener2");

        Assert.False(await Work.IsMemberAsync(outsider));
        Assert.True(await Work.IsMemberAsync(_member));
        await Assert.ThrowsAsync<ForbiddenException>(() => Work.ViewAsync(outsider));
        await Assert.ThrowsAsync<ForbiddenException>(() => Work.DiscussAsync(outsider, id, "我也说两句"));
        await Assert.ThrowsAsync<ForbiddenException>(() => Work.AssignAsync(staff, id, new CommitteeAssignInput("自己分", [staff.CommunityId!.Value], Today.AddDays(5))));
        await Assert.ThrowsAsync<ForbiddenException>(() => Work.GetAsync(otherDepartment, id));
        Assert.DoesNotContain((await Work.ViewAsync(otherDepartment)).Requests, r => r.Id == id);
        Assert.Contains((await Work.ViewAsync(await _db.ActorAsync("officer01"))).Requests, r => r.Id == id);
        await Assert.ThrowsAsync<ForbiddenException>(() => Work.SubmitAsync(staff, new CommitteeRequestInput("社区自己提", "内容")));
        await using (var db = _db.NewContext())
        {
            var theirs = await db.Departments.Where(d => d.StreetId == _officer.StreetId && d.Name == "民政科").Select(d => d.Id).SingleAsync();
            await Assert.ThrowsAsync<ForbiddenException>(() => Work.SubmitAsync(_officer, new CommitteeRequestInput("代别的科提", "内容", DepartmentId: theirs)));
        }
        await Assert.ThrowsAsync<NotFoundException>(() => Work.GetAsync(otherStreet, id));
        await Assert.ThrowsAsync<NotFoundException>(() => Work.DeclineAsync(otherStreet, id, "不归我们"));

        await Work.DeclineAsync(await _db.ActorAsync("convener"), id, "城管科可直接组织网格员，不需社区协办。");
        Assert.Contains("Notice.CommitteeDeclined", await NoticeTextsAsync("officer04"));
        await Assert.ThrowsAsync<DomainException>(() => Work.AssignAsync(_member, id, new CommitteeAssignInput("还是分吧", [_communities[0].Id], Today.AddDays(5))));
    }

    [Fact]
    public async Task Bad_Input_Is_Refused_Naming_The_Field_And_Stores_Nothing()
    {
        var empty = await Assert.ThrowsAsync<ValidationFailedException>(() => Work.SubmitAsync(_officer, new CommitteeRequestInput(" ", "")));
        Assert.Equal(["Title", "Need"], empty.Errors.Select(e => e.Field));
        var past = await Assert.ThrowsAsync<ValidationFailedException>(() => Work.SubmitAsync(_officer, new CommitteeRequestInput("标题", "内容", Today.AddDays(-1))));
        Assert.Equal("WantedBy", past.Errors.Single().Field);
        var tooLong = await Assert.ThrowsAsync<ValidationFailedException>(() => Work.SubmitAsync(_officer, new CommitteeRequestInput("标题", new string('长', CommitteeRequest.TextMaxLength + 1))));
        Assert.Equal("Need", tooLong.Errors.Single().Field);

        var id = await AskAsync();
        await using (var db = _db.NewContext())
        {
            var elsewhere = await db.Communities.Where(c => c.StreetId != _member.StreetId).Select(c => c.Id).FirstAsync();
            foreach (var (input, field) in new (CommitteeAssignInput, string)[]
            {
                (new("办法", [], Today.AddDays(5)), "CommunityIds"),
                (new("", [_communities[0].Id], Today.AddDays(5)), "AgreedWay"),
                (new("办法", [elsewhere], Today.AddDays(5)), "CommunityIds"),
                (new("办法", [_communities[0].Id], Today.AddDays(-1)), "DueOn"),
            })
            {
                var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Work.AssignAsync(_member, id, input));
                Assert.Equal(field, refused.Errors.Single().Field);
            }
        }
        await Assert.ThrowsAsync<ValidationFailedException>(() => Work.DiscussAsync(_member, id, "  "));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Work.DeclineAsync(_member, id, ""));
        var untouched = await Work.GetAsync(_member, id);
        Assert.Equal((CommitteeRequestState.Submitted, 0, 0), (untouched.State, untouched.Tasks.Count, untouched.Notes.Count));

        await Work.AssignAsync(_member, id, new CommitteeAssignInput("办法", [_communities[0].Id], Today.AddDays(5)));
        var twice = await Assert.ThrowsAsync<ValidationFailedException>(() => Work.AssignAsync(_member, id, new CommitteeAssignInput("办法", [_communities[0].Id, _communities[1].Id], Today.AddDays(5))));
        Assert.Contains(_communities[0].Name, twice.Errors.Single().Message);
        Assert.Single((await Work.GetAsync(_member, id)).Tasks);
    }

    [Fact]
    public async Task The_Demo_Committee_Was_Elected_With_Its_Chair_And_Has_A_Request_In_Progress_And_One_Waiting()
    {
        var committee = await _db.Get<CommitteeService>().GetAsync(_member);
        Assert.Equal(5, committee.Members.Count);
        Assert.Equal(_member.DisplayName, committee.Chair!.Name);
        Assert.Equal(_communities.Skip(3).Select(c => c.Name), committee.Composition!.CommunitiesWithoutHead);

        var requests = (await Work.ViewAsync(_member)).Requests;
        var gas = requests.Single(r => r.Title == "冬季燃气安全入户宣传");
        Assert.Equal((CommitteeRequestState.Assigned, 2, 0, "综治办"), (gas.State, gas.Tasks, gas.Done, gas.Department));
        Assert.Contains(requests, r => r.State == CommitteeRequestState.Submitted && r.Department == "环境卫生科");
        var detail = await Work.GetAsync(_member, gas.Id);
        Assert.Equal(2, detail.Notes.Count);
        Assert.Contains(detail.Tasks, t => t.State == TrackedState.InProgress);
    }
}
