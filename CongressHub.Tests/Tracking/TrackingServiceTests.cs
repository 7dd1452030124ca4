using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Tracking;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class TrackingServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private Actor _staff = null!;
    private int _community;
    private int _department;

    private TrackingService Tracking => _db.Get<TrackingService>();

    private HallQuestionService Hall => _db.Get<HallQuestionService>();

    private FollowUpService FollowUp => _db.Get<FollowUpService>();
    private SessionService Sessions => _db.Get<SessionService>();

    private SnapshotBuilder Snapshots => _db.Get<SnapshotBuilder>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _staff = await _db.ActorAsync("staff01");
        _community = _staff.CommunityId!.Value;
        var officer = await _db.ActorAsync("officer03");
        await using var db = _db.NewContext();
        _department = await db.Officers.Where(o => o.Id == officer.OfficerId).Select(o => o.DepartmentId!.Value).SingleAsync();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(_db.Clock.GetUtcNow().UtcDateTime));

    private Task<int> RecordAsync(string text, OpinionCategory category = OpinionCategory.Sanitation, int? community = null, bool publishable = true) =>
        Tracking.RecordOpinionAsync(community is null ? _staff : _convener,
            new OpinionInput(community ?? _community, Today, text, category, GovernmentLevel.Street, "李四", "13800000000", publishable));

    [Fact]
    public async Task Demo_HasItemsInEveryState_OneOverdue_AndATaskForCommunities()
    {
        var rows = (await Tracking.ListAsync(_convener, new TrackingFilter(), new KeyRequest(Size: TrackingService.MaxPageSize))).Page.Rows;

        Assert.Equal(Enum.GetValues<TrackedState>(), rows.Select(r => r.State).Distinct().Order());
        Assert.Single(rows, r => r.Overdue);
        Assert.Contains(rows, r => r.Kind == TrackedKind.Task && r.AssignedCommunity is not null);
        var live = (await Sessions.ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
        Assert.Contains(await FollowUp.FollowUpAsync(_convener, live), r => r.Overdue);
    }

    [Fact]
    public async Task Record_KeepsTheResidentPrivate_FromOfficersAndOtherCommunities()
    {
        var id = await RecordAsync("垃圾清运不及时");
        await Tracking.AcceptAsync(_convener, id, _department);

        var byStaff = await Tracking.GetAsync(_staff, id);
        var byOfficer = await Tracking.GetAsync(await _db.ActorAsync("officer03"), id);
        var byConvener = await Tracking.GetAsync(_convener, id);

        Assert.Equal("李四", byStaff.ResidentName);
        Assert.Equal("13800000000", byConvener.ResidentContact);
        Assert.Null(byOfficer.ResidentName);
        Assert.Null(byOfficer.ResidentContact);
        Assert.Equal(TrackedState.Assigned, byOfficer.State);
        Assert.NotNull(byOfficer.DueOn);
    }

    [Fact]
    public async Task Record_ForAnotherCommunity_IsForbidden_UnknownCommunity_IsBadInput()
    {
        await using var db = _db.NewContext();
        var other = await db.Communities.Where(c => c.StreetId == _staff.StreetId && c.Id != _community).Select(c => c.Id).FirstAsync();
        var before = await db.TrackedItems.CountAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => Tracking.RecordOpinionAsync(_staff, new OpinionInput(other, Today, "x", OpinionCategory.Other, GovernmentLevel.Street, null, null, true)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Tracking.RecordOpinionAsync(_convener, new OpinionInput(999_999, Today, "x", OpinionCategory.Other, GovernmentLevel.Street, null, null, true)));
        Assert.Equal(before, await db.TrackedItems.CountAsync());
    }

    [Fact]
    public async Task Merge_KeepsTheLinkAndTheCount_AndTheHistorySaysWhoAndWhy()
    {
        var target = await RecordAsync("路灯不亮");
        var dup1 = await RecordAsync("路灯坏了很久");
        var dup2 = await RecordAsync("晚上路太黑");

        await Tracking.MergeAsync(_convener, dup1, target);
        await Tracking.MergeAsync(_convener, dup2, target);
        var detail = await Tracking.GetAsync(_convener, target);
        var merged = await Tracking.GetAsync(_convener, dup1);

        Assert.Equal(2, detail.Merged.Count);
        Assert.Equal(target, merged.MergedIntoId);
        Assert.Equal(TrackedState.Merged, merged.State);
        var move = merged.History.Last();
        Assert.Equal(("召集人·示例街道", TrackedState.Submitted, TrackedState.Merged), (move.Who, move.From, move.To));
        Assert.Contains($"#{target}", move.Note);
        Assert.Equal(2, (await Tracking.ListAsync(_convener, new TrackingFilter())).Page.Rows.Single(r => r.Id == target).MergedCount);
    }

    [Fact]
    public async Task WorkOn_ByAnotherDepartment_IsForbidden_Decide_OnlyByConvenerOrLeader()
    {
        var id = await RecordAsync("小区停车难");
        await Tracking.AcceptAsync(_convener, id, _department);
        var otherOfficer = await _db.ActorAsync("officer04");

        var officer = await _db.ActorAsync("officer03");
        await Assert.ThrowsAsync<ForbiddenException>(() => Tracking.StateIntentionAsync(otherOfficer, id, "我们来办"));
        await Tracking.StateIntentionAsync(officer, id, "需要与区交通局研究");
        await Assert.ThrowsAsync<ForbiddenException>(() => Tracking.DecideAsync(officer, id, "决定"));
        await Tracking.DecideAsync(await _db.ActorAsync("officer01"), id, "在小区东侧增设30个车位");

        Assert.Equal(TrackedState.Decided, (await Tracking.GetAsync(_convener, id)).State);
        await using var db = _db.NewContext();
        var notices = await db.Notices.Where(n => n.Title.Contains("小区停车难")).ToListAsync();
        var delegateUsers = await db.Delegates.Where(d => d.StreetId == _staff.StreetId && d.UserId != null && d.RetiredUtc == null).Select(d => d.UserId).ToListAsync();
        Assert.Equal(1, notices.Count(n => n.UserId == delegateUsers[0]));
        Assert.Contains(notices, n => n.UserId == _staff.UserId);
        Assert.Contains(await Sessions.ListNoticesAsync(_staff), n => n.Title.Contains("小区停车难"));
    }

    [Fact]
    public async Task Decide_EachStaffMemberAndDelegateGetsOneNotice_ThatSaysWhatWasDecided()
    {
        var id = await RecordAsync("小区停车难");
        await Tracking.AcceptAsync(_convener, id, _department);

        await Tracking.DecideAsync(await _db.ActorAsync("officer01"), id, "在小区东侧增设30个车位，由城管科牵头");

        foreach (var reader in new[] { _staff, await _db.ActorAsync("staff02"), await _db.ActorAsync("delegate01") })
        {
            var notice = Assert.Single(await Sessions.ListNoticesAsync(reader), n => n.Link == $"/tracking/{id}");
            Assert.Contains("小区停车难", notice.Title);
            Assert.Contains("在小区东侧增设30个车位", notice.Title);
        }
        Assert.DoesNotContain(await Sessions.ListNoticesAsync(await _db.ActorAsync("officer04")), n => n.Link == $"/tracking/{id}");
    }

    [Fact]
    public async Task FollowUp_AtTheNextSession_DelegatesRate_DoneItemsCloseTheirLoop_UnfinishedCarryOver()
    {
        var done = await RecordAsync("楼道堆物");
        var open = await RecordAsync("健身器材损坏");
        var officer = await _db.ActorAsync("officer03");
        foreach (var id in new[] { done, open })
        {
            await Tracking.AcceptAsync(_convener, id, _department);
            await Tracking.StateIntentionAsync(officer, id, "一周内处理");
            await Tracking.DecideAsync(_convener, id, "由街道统一清理");
        }
        await Tracking.MarkDoneAsync(officer, done, "已清理完毕");
        await Tracking.RecordProgressAsync(officer, open, 50, "已报修");
        var next = await NextSessionAsync("下一次例会");
        var followUpItem = (await Snapshots.ReadAsync(_convener, next)).Items.Single(i => i.Type == AgendaItemType.FollowUpReport);
        var raters = new[] { "delegate01", "delegate02", "delegate03" };
        foreach (var r in raters)
        {
            await Sessions.CheckInAsync(await _db.ActorAsync(r), next);
        }

        var tooEarly = await Assert.ThrowsAsync<DomainException>(async () => await FollowUp.RateAsync(await _db.ActorAsync("delegate01"), next, done, Satisfaction.Satisfied));
        await Sessions.StartItemAsync(_convener, next, followUpItem.Id);
        var list = await FollowUp.FollowUpAsync(await _db.ActorAsync("delegate01"), next);
        await FollowUp.RateAsync(await _db.ActorAsync("delegate01"), next, done, Satisfaction.Satisfied);
        await FollowUp.RateAsync(await _db.ActorAsync("delegate02"), next, done, Satisfaction.BasicallySatisfied);
        await FollowUp.RateAsync(await _db.ActorAsync("delegate03"), next, done, Satisfaction.NotSatisfied);
        var twice = await Assert.ThrowsAsync<DomainException>(async () => await FollowUp.RateAsync(await _db.ActorAsync("delegate01"), next, done, Satisfaction.NotSatisfied));
        var absent = await Assert.ThrowsAsync<ForbiddenException>(async () => await FollowUp.RateAsync(await _db.ActorAsync("delegate09"), next, done, Satisfaction.Satisfied));
        var rows = await FollowUp.FollowUpAsync(await _db.ActorAsync("delegate01"), next);
        await Sessions.FinishItemAsync(_convener, next);

        Assert.Contains("通报", tooEarly.Message);
        Assert.Equal(new[] { done, open }.Order(), list.Select(r => r.Id).Where(i => i == done || i == open).Order());
        var doneRow = rows.Single(r => r.Id == done);
        Assert.Equal((1, 1, 1, Satisfaction.Satisfied), (doneRow.Ratings.Satisfied, doneRow.Ratings.BasicallySatisfied, doneRow.Ratings.NotSatisfied, doneRow.MyRating));
        Assert.Equal(66.7, Math.Round(doneRow.Ratings.SatisfactionRate!.Value, 1));
        Assert.Contains("不能更改", twice.Message);
        Assert.NotNull(absent);
        Assert.Equal(TrackedState.Rated, (await Tracking.GetAsync(_convener, done)).State);
        Assert.Equal(next, (await Tracking.GetAsync(_convener, done)).ReportedInSessionId);
        Assert.Equal(TrackedState.InProgress, (await Tracking.GetAsync(_convener, open)).State);
        var after = await NextSessionAsync("再下一次例会");
        var carried = await FollowUp.FollowUpAsync(_convener, after);
        Assert.Contains(carried, r => r.Id == open);
        Assert.DoesNotContain(carried, r => r.Id == done);
    }

    [Fact]
    public async Task OpinionReport_CountsByCommunityCategoryAndDepartment_MergedOnesCountedWithTheirTarget()
    {
        var live = (await Sessions.ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
        var baseline = await FollowUp.OpinionReportAsync(_convener, live);
        int Count(IReadOnlyList<CountRow> rows, string name) => rows.SingleOrDefault(r => r.Name == name)?.Count ?? 0;
        var a = await RecordAsync("噪音扰民", OpinionCategory.Safety);
        var b = await RecordAsync("夜间施工噪音", OpinionCategory.Safety);
        await RecordAsync("绿化带缺少维护", OpinionCategory.Sanitation);
        await using var db = _db.NewContext();
        var other = await db.Communities.Where(c => c.StreetId == _staff.StreetId && c.Id != _community).OrderBy(c => c.Id).FirstAsync();
        await RecordAsync("快递柜太少", OpinionCategory.Other, other.Id);
        await Tracking.MergeAsync(_convener, b, a);
        await Tracking.AcceptAsync(_convener, a, _department);
        var mine = await db.Communities.Where(c => c.Id == _community).Select(c => c.Name).SingleAsync();
        var unassigned = DomainText.Get("Tracking.Unassigned");

        var report = await FollowUp.OpinionReportAsync(_convener, live);
        await FollowUp.AttachOpinionReportAsync(_convener, live);

        Assert.Equal(baseline.Total + 4, report.Total);
        Assert.Equal(Count(baseline.ByCommunity, mine) + 3, Count(report.ByCommunity, mine));
        Assert.Equal(Count(baseline.ByCommunity, other.Name) + 1, Count(report.ByCommunity, other.Name));
        Assert.Equal(Count(baseline.ByCategory, OpinionCategory.Safety.Label()) + 2, Count(report.ByCategory, OpinionCategory.Safety.Label()));
        Assert.Equal(baseline.Items.Count + 3, report.Items.Count);
        Assert.Equal(Count(baseline.ByDepartment, unassigned) + 2, Count(report.ByDepartment, unassigned));
        Assert.Equal(report.Total, report.ByCommunity.Sum(c => c.Count));
        var item = (await Snapshots.ReadAsync(_convener, live)).Items.Single(i => i.Type == AgendaItemType.OpinionReport);
        Assert.Contains("opinion-report", item.DescriptionHtml);
    }

    [Fact]
    public async Task MonthlyGrid_ShowsRecordedCountsAndCompiledMonths()
    {
        var demo = (await Tracking.MonthlyGridAsync(_convener, Today.Year)).Single(r => r.CommunityId == _community).Months[Today.Month - 1].Recorded;
        await RecordAsync("一");
        await RecordAsync("二");
        await Tracking.CompileMonthAsync(_staff, _community, Today);

        var grid = await Tracking.MonthlyGridAsync(_convener, Today.Year);

        var mine = grid.Single(r => r.CommunityId == _community).Months[Today.Month - 1];
        Assert.Equal((demo + 2, true), (mine.Recorded, mine.Compiled));
        Assert.All(grid.Where(r => r.CommunityId != _community), r => Assert.False(r.Months[Today.Month - 1].Compiled));
        await Assert.ThrowsAsync<ForbiddenException>(() => Tracking.MonthlyGridAsync(_staff, Today.Year));
    }

    [Fact]
    public async Task MonthlyGrid_MonthsBeforeTheStreetBeganCollecting_AreNotMissing()
    {
        await using var db = _db.NewContext();
        var first = await db.TrackedItems.Where(i => i.StreetId == _convener.StreetId && i.Month != null).MinAsync(i => i.Month!.Value);

        var lastYear = await Tracking.MonthlyGridAsync(_convener, first.Year - 1);
        var firstYear = await Tracking.MonthlyGridAsync(_convener, first.Year);

        Assert.All(lastYear.SelectMany(r => r.Months), m => Assert.True(m.BeforeStart));
        var row = firstYear.Single(r => r.CommunityId == _community).Months;
        Assert.All(row.Where(m => m.Month < first), m => Assert.True(m.BeforeStart));
        Assert.All(row.Where(m => m.Month >= first), m => Assert.False(m.BeforeStart));
    }

    [Fact]
    public async Task Tasks_ForCommunities_AreAssignedToEach_AndStaffRecordProgressOnTheirOwn()
    {
        await using var db = _db.NewContext();
        var communities = await db.Communities.Where(c => c.StreetId == _convener.StreetId).OrderBy(c => c.Id).Select(c => c.Id).Take(2).ToListAsync();

        var work = _db.Get<CongressHub.Domain.Committee.CommitteeWorkService>();
        var request = await work.SubmitAsync(_convener, new CongressHub.Domain.Committee.CommitteeRequestInput("垃圾分类入户宣传", "请各社区每周入户宣传一次。", null));
        var ids = await work.AssignAsync(_convener, request, new CongressHub.Domain.Committee.CommitteeAssignInput("居民自治委员会组织，各社区每周入户一次", communities, Today.AddDays(30)));
        var mine = (await Tracking.WorkListAsync(_staff)).Where(r => ids.Contains(r.Id)).ToList();

        Assert.Equal(2, ids.Count);
        var own = Assert.Single(mine);
        await Tracking.RecordProgressAsync(_staff, own.Id, 60, "已完成三个楼栋");
        await Tracking.MarkDoneAsync(_staff, own.Id, null);
        await Assert.ThrowsAsync<ForbiddenException>(() => Tracking.MarkDoneAsync(_staff, ids.Single(i => i != own.Id), null));
        Assert.Equal(TrackedState.Done, (await Tracking.GetAsync(_convener, own.Id)).State);
    }

    [Fact]
    public async Task Overdue_ShowsOnTheLists_AfterTheDueDate()
    {
        var id = await RecordAsync("井盖松动");
        await Tracking.AcceptAsync(_convener, id, _department, Today.AddDays(3));

        _db.Clock.Advance(TimeSpan.FromDays(5));

        Assert.True((await Tracking.WorkListAsync(await _db.ActorAsync("officer03"))).Single(r => r.Id == id).Overdue);
        Assert.Contains((await Tracking.ListAsync(_convener, new TrackingFilter(OverdueOnly: true))).Page.Rows, r => r.Id == id);
    }

    [Fact]
    public async Task List_PagesByNumber_EachItemOnce_WhileItemsAreRecordedBetweenPages()
    {
        var before = (await Tracking.ListAsync(_convener, new TrackingFilter(), new KeyRequest(Size: TrackingService.MaxPageSize))).Page;

        var walked = new List<int>();
        var added = new List<int>();
        var page = (await Tracking.ListAsync(_convener, new TrackingFilter(), new KeyRequest(Size: 4))).Page;
        while (true)
        {
            walked.AddRange(page.Rows.Select(r => r.Id));
            added.Add(await RecordAsync($"翻页之间记录的意见 {added.Count + 1}"));
            if (page.Older is not { } older)
            {
                break;
            }
            page = (await Tracking.ListAsync(_convener, new TrackingFilter(), new KeyRequest(Before: older, Size: 4))).Page;
        }
        var newest = (await Tracking.ListAsync(_convener, new TrackingFilter(), new KeyRequest(Size: 4))).Page;

        Assert.True(before.Rows.Count > 8, $"The demo street has {before.Rows.Count} items: too few for three pages.");
        Assert.Equal(before.Rows.Select(r => r.Id), walked);
        Assert.Equal(before.Rows.Count, before.Total);
        Assert.Equal(before.Total + added.Count, newest.Total);
        Assert.Equal(added.AsEnumerable().Reverse().Take(4), newest.Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task List_OverdueOnly_IsAskedOfTheDatabase_SoEveryPageIsFullAndAllAreCounted()
    {
        for (var i = 1; i <= 5; i++)
        {
            await Tracking.AcceptAsync(_convener, await RecordAsync($"逾期未办的意见 {i}"), _department, Today.AddDays(3));
        }
        // Newer items that are not overdue: a page cut before the overdue filter held none of the five.
        for (var i = 1; i <= 6; i++)
        {
            await RecordAsync($"刚记录的意见 {i}");
        }
        _db.Clock.Advance(TimeSpan.FromDays(5));
        var expected = (await Tracking.ListAsync(_convener, new TrackingFilter(), new KeyRequest(Size: TrackingService.MaxPageSize))).Page.Rows
            .Where(r => r.Overdue).Select(r => r.Id).ToList();
        var filter = new TrackingFilter(OverdueOnly: true);

        var first = await Tracking.ListAsync(_convener, filter, new KeyRequest(Size: 3));
        var walked = first.Page.Rows.Select(r => r.Id).ToList();
        for (var page = first.Page; page.Older is { } older;)
        {
            page = (await Tracking.ListAsync(_convener, filter, new KeyRequest(Before: older, Size: 3))).Page;
            walked.AddRange(page.Rows.Select(r => r.Id));
        }
        var unfiltered = await Tracking.ListAsync(_convener, new TrackingFilter(), new KeyRequest(Size: 3));
        var searched = await Tracking.ListAsync(_convener, new TrackingFilter(Search: "逾期未办"), new KeyRequest(Size: 3));

        Assert.True(expected.Count >= 6, $"{expected.Count} overdue");
        Assert.Equal(3, first.Page.Rows.Count);
        Assert.All(first.Page.Rows, r => Assert.True(r.Overdue));
        Assert.Equal(expected, walked);
        Assert.Equal(expected.Count, first.Page.Total);
        Assert.Equal(expected.Count, first.Overdue);
        Assert.Equal(expected.Count, unfiltered.Overdue);
        // A text search is not counted: it would read the street's every item a second time.
        Assert.Equal(3, searched.Page.Rows.Count);
        Assert.Null(searched.Page.Total);
    }

    [Fact]
    public async Task PublicList_PagesByLastUpdate_EachItemOnce_WhileItemsAreUpdatedAndAddedBetweenPages()
    {
        for (var i = 1; i <= 45; i++)
        {
            _db.Clock.Advance(TimeSpan.FromMinutes(1));
            await Tracking.AcceptAsync(_convener, await RecordAsync($"公开办理的意见 {i}"), _department, Today.AddDays(30));
        }
        var listed = await PublicIdsAsync();

        var walked = new List<int>();
        var page = (await FollowUp.PublicListAsync("shiyan", new TrackingFilter()))!;
        var firstPage = page.Items.Select(i => i.Id).ToList();
        var moved = new List<int>();
        while (true)
        {
            walked.AddRange(page.Items.Select(i => i.Id));
            // Between pages an item already read is updated (it moves to the first page) and a new one is published.
            _db.Clock.Advance(TimeSpan.FromMinutes(1));
            moved.Add(walked[moved.Count]);
            await Tracking.AnswerAsync(_convener, moved[^1], "已答复居民。");
            await Tracking.AcceptAsync(_convener, await RecordAsync($"翻页之间公开的意见 {moved.Count}"), _department, Today.AddDays(30));
            if (page.Older is not { } older)
            {
                break;
            }
            page = (await FollowUp.PublicListAsync("shiyan", new TrackingFilter(), before: older))!;
        }
        var newerWalk = new List<int>();
        while (true)
        {
            newerWalk.AddRange(page.Items.Select(i => i.Id));
            if (page.Newer is not { } newer)
            {
                break;
            }
            page = (await FollowUp.PublicListAsync("shiyan", new TrackingFilter(), after: newer))!;
        }

        Assert.True(listed.Count > 2 * FollowUpService.PublicPageSize, $"{listed.Count} public items: too few for three pages.");
        Assert.Equal(listed, walked);
        Assert.Equal(FollowUpService.PublicPageSize, firstPage.Count);
        // Walking back to the first page meets every item once, the updated and the new ones included.
        Assert.Equal((await PublicIdsAsync()).Order(), newerWalk.Order());
        Assert.Equal(newerWalk.Count, newerWalk.Distinct().Count());
        Assert.Contains(moved[^1], page.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task History_OfALongRunningItem_ShowsItsNewestLines_AndAllOnRequest()
    {
        var id = await RecordAsync("背街小巷整治需要长期推进");
        await Tracking.AcceptAsync(_convener, id, _department, Today.AddDays(300));
        await Tracking.StateIntentionAsync(_convener, id, "分三年整治。");
        await Tracking.DecideAsync(_convener, id, "列入年度计划。");
        for (var i = 1; i <= 60; i++)
        {
            _db.Clock.Advance(TimeSpan.FromHours(1));
            await Tracking.RecordProgressAsync(_convener, id, i, $"第 {i} 次进展");
        }

        var detail = await Tracking.GetAsync(_convener, id);
        var whole = await Tracking.GetAsync(_convener, id, wholeHistory: true);
        var listed = (await FollowUp.PublicListAsync("shiyan", new TrackingFilter()))!.Items.Single(i => i.Id == id);
        var listedWhole = (await FollowUp.PublicListAsync("shiyan", new TrackingFilter(), wholeHistoryOf: id))!.Items.Single(i => i.Id == id);

        Assert.Equal(whole.History.Count, detail.HistoryCount);
        Assert.True(whole.History.Count >= 64, $"{whole.History.Count} lines");
        Assert.Equal(TrackingService.HistoryShown, detail.History.Count);
        Assert.Equal(whole.History.TakeLast(TrackingService.HistoryShown), detail.History);
        Assert.EndsWith("第 60 次进展", detail.History[^1].Note);
        Assert.Equal(FollowUpService.PublicHistoryShown, listed.History.Count);
        Assert.Equal(whole.History.Count, listed.HistoryCount);
        Assert.EndsWith("第 60 次进展", listed.History[^1].Note);
        Assert.Equal(whole.History.Count, listedWhole.History.Count);
        Assert.Equal(whole.History.Select(h => h.AtUtc), listedWhole.History.Select(h => h.AtUtc));
    }

    /// <summary>The street's public follow-up in its order, read straight from the table.</summary>
    private async Task<List<int>> PublicIdsAsync()
    {
        await using var db = _db.NewContext();
        var rows = await db.TrackedItems.Where(i => i.StreetId == _convener.StreetId && i.Publishable && i.Kind != TrackedKind.Resolution
                && i.State != TrackedState.Submitted && i.State != TrackedState.Merged)
            .Select(i => new { i.Id, i.UpdatedUtc }).ToListAsync();
        return rows.OrderByDescending(i => i.UpdatedUtc).ThenByDescending(i => i.Id).Select(i => i.Id).ToList();
    }

    private async Task<int> NextSessionAsync(string title)
    {
        var when = _db.Clock.GetUtcNow().UtcDateTime.AddDays(7);
        var id = await Sessions.CreateSessionAsync(_convener, new SessionInput(SessionKind.Regular, title, when, "礼堂"), withTemplate: true);
        await Sessions.PublishAsync(_convener, id);
        _db.Clock.Advance(TimeSpan.FromDays(7));
        await Sessions.StartAsync(_convener, id);
        return id;
    }

    [Fact]
    public async Task ReturnToTriage_ByTheAssignedDepartment_GoesBackToAccepted_WithTheReason_AndTellsTheConvener()
    {
        var id = await RecordAsync("路灯不亮，晚上看不清路");
        await Tracking.AcceptAsync(_convener, id, _department);
        var officer = await _db.ActorAsync("officer03");

        await Tracking.ReturnToTriageAsync(officer, id, "路灯归城市管理科管，不是本科室");

        var item = await Tracking.GetAsync(_convener, id);
        Assert.Equal(TrackedState.Accepted, item.State);
        Assert.Null(item.DepartmentId);
        Assert.Null(item.DueOn);
        Assert.Contains(item.History, h => h.From == TrackedState.Assigned && h.To == TrackedState.Accepted && h.Note == "路灯归城市管理科管，不是本科室");
        Assert.Contains(await Sessions.ListNoticesAsync(_convener), n => n.Title.Contains("路灯不亮") && n.Title.Contains("不是本科室"));
    }

    [Fact]
    public async Task ReturnToTriage_WithoutAReason_OrByAnotherDepartment_IsRefused_AndNothingChanges()
    {
        var id = await RecordAsync("小区门口积水");
        await Tracking.AcceptAsync(_convener, id, _department);
        var officer = await _db.ActorAsync("officer03");
        var other = await _db.ActorAsync("officer04");

        var blank = await Assert.ThrowsAsync<ValidationFailedException>(() => Tracking.ReturnToTriageAsync(officer, id, "  "));
        await Assert.ThrowsAsync<ForbiddenException>(() => Tracking.ReturnToTriageAsync(other, id, "不归我们管"));

        Assert.Contains(blank.Errors, e => e.Field == "Reason");
        var item = await Tracking.GetAsync(_convener, id);
        Assert.Equal(TrackedState.Assigned, item.State);
        Assert.Equal(_department, item.DepartmentId);
    }

    [Fact]
    public async Task Ask_WithoutADepartment_IsRefused_NamingTheDepartment()
    {
        var live = (await Sessions.ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
        var asker = await _db.ActorAsync("delegate15");
        await Sessions.MarkAttendanceAsync(_convener, live, asker.DelegateId!.Value, AttendanceStatus.Present);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Hall.AskAsync(asker, live, new QuestionInput("电梯加装补贴什么时候有？", 0)));

        Assert.Contains(refused.Errors, e => e.Field == nameof(QuestionInput.DepartmentId));
        Assert.DoesNotContain(await Hall.ListHallQuestionsAsync(_convener, live), q => q.Text.Contains("电梯加装补贴"));
    }
}
