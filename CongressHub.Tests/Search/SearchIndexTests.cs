using CongressHub.Domain.Common;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Search;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Search;

/// <summary>
/// Searches through the public lists and the staff list find what the plain comparison over the street's records
/// finds, no more and no less, with the index kept in step as records are added and change.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class SearchIndexTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private Actor _staff = null!;

    private TrackingService Tracking => _db.Get<TrackingService>();

    private FollowUpService FollowUp => _db.Get<FollowUpService>();

    private ResolutionService Resolutions => _db.Get<ResolutionService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _staff = await _db.ActorAsync("staff01");
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(_db.Clock.GetUtcNow().UtcDateTime));

    /// <summary>Searches with something to show for each kind of query, and some that must find nothing.</summary>
    private static readonly string[] Queries =
    [
        "电梯", "电", "梯", "2026", "Q3", "q3", "加装电梯2026", "２０２６", "Ｑ３", "电梯 加装", "加装 电梯 楼", "ELEVATOR", "elevator",
        "电梯2026", "1至4号楼", "没有这样的词语", "-", "。", "号", "a", "0",
    ];

    [Fact]
    public async Task Index_OfTheDemo_HoldsTheGramsOfEveryRecord()
    {
        await using var db = _db.NewContext();

        Assert.Empty(await SearchIndexCheck.DifferencesAsync(db));
        Assert.False(await db.SearchGrams.AnyAsync(g => g.Kind == SearchKind.ToFill));
    }

    [Fact]
    public async Task PublicResolutions_FindWhatThePlainComparisonFinds()
    {
        var number = (await Resolutions.PublicListAsync("shiyan", new ResolutionFilter(), 1))!.Items[0].Number;
        foreach (var query in Queries.Concat([number, number.ToLowerInvariant(), number[5..]]).Concat(await SampleAsync(SearchKind.Resolution, 60)))
        {
            var found = (await Resolutions.PublicListAsync("shiyan", new ResolutionFilter(query), 1))!;

            var expected = await PlainResolutionsAsync(query);
            Assert.True(expected.Count <= ResolutionService.PublicPageSize, query);
            Assert.Equal(expected.Count, found.Total);
            Assert.Equal(expected, found.Items.Select(r => r.Number).Order(StringComparer.Ordinal).ToList());
        }
        Assert.NotEmpty((await Resolutions.PublicListAsync("shiyan", new ResolutionFilter("电梯"), 1))!.Items);
        var order = (await Resolutions.PublicListAsync("shiyan", new ResolutionFilter(), 1))!.Items.Select(r => r.Number).ToList();
        var some = (await Resolutions.PublicListAsync("shiyan", new ResolutionFilter("的"), 1))!.Items.Select(r => r.Number).ToList();
        Assert.True(some.Count > 1);
        Assert.Equal(order.Where(some.Contains), some); // newest first, as without a search
        Assert.Single((await Resolutions.PublicListAsync("shiyan", new ResolutionFilter(number[5..].ToLowerInvariant()), 1))!.Items);
    }

    [Fact]
    public async Task StaffList_FindsWhatThePlainComparisonFinds()
    {
        var ids = new List<int>();
        foreach (var text in (string[])["小区加装电梯2026年完成", "电梯间的灯坏了", "电", "Q3季度巡查发现问题", "２０２６年的计划", "梯子倒在楼道", "加装电 梯", "ELEVATOR 维修"])
        {
            ids.Add(await RecordAsync(text));
        }

        foreach (var query in Queries.Concat(await SampleAsync(SearchKind.TrackedItem, 60)))
        {
            var found = (await Tracking.ListAsync(_convener, new TrackingFilter(Search: query))).Page.Rows;

            Assert.Equal(await PlainItemsAsync(query), found.Select(r => r.Id).Order().ToList());
        }
        var lifts = ((await Tracking.ListAsync(_convener, new TrackingFilter(Search: "电梯"))).Page.Rows).Select(r => r.Id).ToList();
        Assert.Subset(lifts.ToHashSet(), ids.Take(2).ToHashSet());
        Assert.DoesNotContain(ids[6], lifts);
        Assert.Equal([ids[4]], ((await Tracking.ListAsync(_convener, new TrackingFilter(Search: "２０２６年的"))).Page.Rows).Select(r => r.Id));
    }

    [Fact]
    public async Task PublicOpinions_FindAnAnsweredOpinion_ByAWordOfItsTextOrItsAnswer()
    {
        var id = await RecordAsync("自行车棚漏雨，车子都淋湿了");
        var hidden = await RecordAsync("自行车棚的灯不亮");
        var officer = await _db.ActorAsync("officer03");
        await using (var db = _db.NewContext())
        {
            var department = await db.Officers.Where(o => o.Id == officer.OfficerId).Select(o => o.DepartmentId!.Value).SingleAsync();
            await Tracking.AcceptAsync(_convener, id, department);
        }

        await Tracking.AnswerAsync(officer, id, "已联系物业更换车棚顶板");

        Assert.Equal([id], await PublicOpinionsAsync("车棚漏雨"));
        Assert.Equal([id], await PublicOpinionsAsync("顶板"));
        Assert.Equal([id], await PublicOpinionsAsync("自行车棚")); // the other one is not accepted yet, so not public
        Assert.Contains(hidden, ((await Tracking.ListAsync(_convener, new TrackingFilter(Search: "自行车棚"))).Page.Rows).Select(r => r.Id));
        Assert.Equal([id], ((await Tracking.ListAsync(_convener, new TrackingFilter(Search: "顶板"))).Page.Rows).Select(r => r.Id));
        Assert.Empty(await PublicOpinionsAsync("车棚顶板漏雨"));
        await using var check = _db.NewContext();
        Assert.Empty(await SearchIndexCheck.DifferencesAsync(check));
    }

    [Fact]
    public async Task ADraftEditedThenPublished_IsFoundByItsNewWords_AndNotByItsOldOnes()
    {
        var draft = (await Resolutions.ListAsync(_convener)).Single(r => r.Status == ResolutionStatus.Draft);
        var detail = await Resolutions.GetAsync(_convener, draft.Id);
        Assert.Contains("快递柜", detail.Title);

        await Resolutions.EditAsync(_convener, draft.Id, "关于规范共享单车停放的决议", "共享单车统一停放在小区门口的划线区域内。", detail.Version);
        var number = await Resolutions.PublishAsync(_convener, draft.Id, detail.Version + 1);

        Assert.Equal([number], (await Resolutions.PublicListAsync("shiyan", new ResolutionFilter("共享单车"), 1))!.Items.Select(r => r.Number));
        Assert.Contains(number, (await Resolutions.PublicListAsync("shiyan", new ResolutionFilter("划线 停放"), 1))!.Items.Select(r => r.Number));
        Assert.DoesNotContain(number, (await Resolutions.PublicListAsync("shiyan", new ResolutionFilter("快递柜"), 1))!.Items.Select(r => r.Number));
        // Its implementation takes the published wording, and the staff list follows.
        Assert.Contains(detail.ImplementationId, ((await Tracking.ListAsync(_convener, new TrackingFilter(Search: "共享单车"))).Page.Rows).Select(r => r.Id));
        Assert.DoesNotContain(detail.ImplementationId, ((await Tracking.ListAsync(_convener, new TrackingFilter(Search: "快递柜"))).Page.Rows).Select(r => r.Id));
        await using var db = _db.NewContext();
        Assert.Empty(await SearchIndexCheck.DifferencesAsync(db));
    }

    [Fact]
    public async Task AnotherStreetsRecords_AreNeverFound()
    {
        var staff2 = await _db.ActorAsync("staff06");
        var convener2 = await _db.ActorAsync("convener2");
        var theirs = await Tracking.RecordOpinionAsync(staff2,
            new OpinionInput(staff2.CommunityId!.Value, Today, "星海广场喷泉夜间噪音扰民", OpinionCategory.Other, GovernmentLevel.Street, "王五", "13900000000", true));
        await Tracking.AcceptAsync(convener2, theirs);

        Assert.Empty((await Tracking.ListAsync(_convener, new TrackingFilter(Search: "喷泉"))).Page.Rows);
        Assert.Empty(await PublicOpinionsAsync("喷泉"));
        Assert.Equal([theirs], ((await Tracking.ListAsync(convener2, new TrackingFilter(Search: "喷泉"))).Page.Rows).Select(r => r.Id));
        Assert.Equal([theirs], (await FollowUp.PublicListAsync("xinghai", new TrackingFilter(Search: "喷泉")))!.Items.Select(i => i.Id));
        var ours = (await Resolutions.PublicListAsync("shiyan", new ResolutionFilter(), 1))!.Items[0].Title;
        Assert.Single((await Resolutions.PublicListAsync("shiyan", new ResolutionFilter(ours), 1))!.Items);
        Assert.Empty((await Resolutions.PublicListAsync("xinghai", new ResolutionFilter(ours), 1))!.Items);
    }

    [Fact]
    public async Task ARecordDeleted_LosesItsGrams_WhicheverWayTheContextIsSaved()
    {
        var first = await RecordAsync("井盖缺失，夜里容易踩空");
        var second = await RecordAsync("井盖松动，车辆经过时响声很大");

        await using (var db = _db.NewContext())
        {
            db.TrackedItems.Remove(await db.TrackedItems.SingleAsync(i => i.Id == first));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            db.TrackedItems.Remove(await db.TrackedItems.SingleAsync(i => i.Id == second));
            db.SaveChanges();
        }

        Assert.Empty((await Tracking.ListAsync(_convener, new TrackingFilter(Search: "井盖缺失"))).Page.Rows);
        Assert.Empty((await Tracking.ListAsync(_convener, new TrackingFilter(Search: "井盖松动"))).Page.Rows);
        await using var check = _db.NewContext();
        Assert.False(await check.SearchGrams.AnyAsync(g => g.Kind == SearchKind.TrackedItem && (g.ItemId == first || g.ItemId == second)));
        Assert.Empty(await SearchIndexCheck.DifferencesAsync(check));
    }

    // ---- helpers

    private Task<int> RecordAsync(string text) =>
        Tracking.RecordOpinionAsync(_staff, new OpinionInput(_staff.CommunityId!.Value, Today, text, OpinionCategory.Housing, GovernmentLevel.Street, "李四", "13800000000", true));

    private async Task<List<int>> PublicOpinionsAsync(string search) =>
        (await FollowUp.PublicListAsync("shiyan", new TrackingFilter(Search: search)))!.Items.Select(i => i.Id).Order().ToList();

    /// <summary>The street's published resolutions that the search's words are part of, compared as the list compared them before the index.</summary>
    private async Task<List<string>> PlainResolutionsAsync(string search)
    {
        await using var db = _db.NewContext();
        var q = db.Resolutions.Where(r => r.StreetId == _convener.StreetId && r.Status == ResolutionStatus.Published);
        foreach (var word in TextRules.Strip(search).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(5))
        {
            var w = word.ToLower();
            q = q.Where(r => r.Title.ToLower().Contains(w) || r.Text.ToLower().Contains(w) || r.Number!.ToLower().Contains(w));
        }
        return (await q.Select(r => r.Number!).ToListAsync()).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The street's tracked items that contain the search, compared as the list compared them before the index.</summary>
    private async Task<List<int>> PlainItemsAsync(string search)
    {
        await using var db = _db.NewContext();
        var term = TextRules.Strip(search).Trim();
        return await db.TrackedItems.Where(i => i.StreetId == _convener.StreetId)
            .Where(i => i.Text.Contains(term) || (i.Answer != null && i.Answer.Contains(term)) || (i.Decision != null && i.Decision.Contains(term)))
            .Select(i => i.Id).OrderBy(id => id).ToListAsync();
    }

    /// <summary>Parts of the street's searched texts, of one to six characters, some upper-cased, picked the same way every run.</summary>
    private async Task<List<string>> SampleAsync(SearchKind kind, int count)
    {
        await using var db = _db.NewContext();
        var texts = kind == SearchKind.Resolution
            ? (await db.Resolutions.Where(r => r.StreetId == _convener.StreetId && r.Status == ResolutionStatus.Published).Select(r => new[] { r.Title, r.Text, r.Number }).ToListAsync()).SelectMany(t => t)
            : (await db.TrackedItems.Where(i => i.StreetId == _convener.StreetId).Select(i => new[] { i.Text, i.Answer, i.Decision }).ToListAsync()).SelectMany(t => t);
        var all = texts.OfType<string>().Where(t => t.Length > 0).ToList();
        var random = new Random(2026);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var text = all[random.Next(all.Count)];
            var start = random.Next(text.Length);
            var part = text.Substring(start, Math.Min(text.Length - start, random.Next(1, 7)));
            return random.Next(4) == 0 ? part.ToUpperInvariant() : part;
        }).Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
    }
}
