using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static CongressHub.Tests.Common.SystemTextTests;

namespace CongressHub.Tests.Common;

/// <summary>
/// Notices, item histories and the minutes' log store a message key and its arguments and are read in the reader's
/// language; rows written before as text alone read as stored; who acted reads as a name and post.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class SystemTextStorageTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private Actor _staff = null!;
    private Actor _delegate = null!;

    private SessionService Sessions => _db.Get<SessionService>();


    private SnapshotBuilder Snapshots => _db.Get<SnapshotBuilder>();
    private TrackingService Tracking => _db.Get<TrackingService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _staff = await _db.ActorAsync("staff01");
        _delegate = await _db.ActorAsync("delegate01");
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(_db.Clock.GetUtcNow().UtcDateTime));

    [Fact]
    public async Task SessionNotice_StoresKeyAndArgs_AndReadsInChineseAndEnglish_InShanghaiTime()
    {
        var id = await Sessions.CreateSessionAsync(_convener, new SessionInput(SessionKind.Regular, "明年第一季度例会", _db.Clock.GetUtcNow().UtcDateTime.AddDays(60), "礼堂"), withTemplate: true);

        await Sessions.PublishAsync(_convener, id);

        await using var db = _db.NewContext();
        var stored = await db.Notices.FirstAsync(n => n.Link == $"/sessions/{id}" && n.UserId == _delegate.UserId);
        var at = SessionTime.Local(await db.Sessions.Where(s => s.Id == id).Select(s => s.ScheduledUtc).SingleAsync());
        Assert.Equal("Notice.SessionPublished", stored.TextKey);
        Assert.Contains(@"{""formal"":", stored.TextArgs);
        var zh = await InAsync("zh-CN", () => Sessions.ListNoticesAsync(_delegate));
        var en = await InAsync("en", () => Sessions.ListNoticesAsync(_delegate));
        Assert.Contains(zh, n => n.Title == $"会议通知：明年第一季度例会，{at.Year}年{at.Month}月{at.Day}日 {at:HH:mm}，礼堂");
        Assert.Contains(en, n => n.Title == $"Session notice: 明年第一季度例会, {at.ToString("d MMMM yyyy HH:mm", new System.Globalization.CultureInfo("en"))}, 礼堂");
    }

    [Fact]
    public async Task History_NamesPeopleByNameAndPost_AndItsNotesReadInTheReadersLanguage()
    {
        var department = await DepartmentAsync("officer03");
        var id = await RecordAsync("小区东门路灯坏了");

        await Tracking.AcceptAsync(_convener, id, department.Id, Today.AddDays(30));

        await using var db = _db.NewContext();
        var move = await db.TrackedEvents.Where(e => e.ItemId == id).OrderBy(e => e.Id).LastAsync();
        Assert.Equal(("Tracking.AcceptedAssigned", _convener.UserId), (move.NoteKey, move.UserId));
        var zh = await InAsync("zh-CN", () => Tracking.GetAsync(_convener, id));
        var en = await InAsync("en", () => Tracking.GetAsync(_convener, id));
        var (staffName, community) = await StaffAsync(db);
        Assert.Equal($"{staffName}（社区工作人员 · {community}）", zh.History[0].Who);
        Assert.Equal($"{staffName} (Community staff · {community})", en.History[0].Who);
        Assert.Equal("召集人·示例街道", zh.History[1].Who);
        Assert.Equal($"受理并交办{department.Name}，期限 {Today.AddDays(30):yyyy-MM-dd}", zh.History[1].Note);
        Assert.Equal($"Accepted and assigned to {department.Name}, due {Today.AddDays(30).ToString("d MMM yyyy", new System.Globalization.CultureInfo("en"))}", en.History[1].Note);
        Assert.DoesNotContain(zh.History.Concat(en.History), h => h.Who.Contains("staff01") || h.Who.Contains("convener"));
    }

    [Fact]
    public async Task History_ByAnOfficer_ShowsTheirPost_AndAResidentReadsAsResident()
    {
        var department = await DepartmentAsync("officer03");
        var id = await RecordAsync("垃圾清运不及时");
        await Tracking.AcceptAsync(_convener, id, department.Id);
        var officer = await _db.ActorAsync("officer03");
        await Tracking.AnswerAsync(officer, id, "已增加清运车次。");
        var slug = await StreetSlugAsync();
        var publicId = await Tracking.SubmitPublicOpinionAsync(slug, new OpinionInput(_staff.CommunityId!.Value, Today, "楼道灯不亮", OpinionCategory.Safety, GovernmentLevel.Street, null, null, true));

        var answered = await InAsync("en", () => Tracking.GetAsync(_convener, id));
        var submitted = await InAsync("en", () => Tracking.GetAsync(_convener, publicId));

        await using var db = _db.NewContext();
        var o = await db.Officers.SingleAsync(x => x.Id == officer.OfficerId);
        Assert.Equal($"{o.Name} ({o.Position})", answered.History[^1].Who);
        Assert.Equal("已增加清运车次。", answered.History[^1].Note);
        Assert.Equal("Resident", submitted.History[0].Who);
    }

    [Fact]
    public async Task MinutesLog_StoresKeyAndArgs_AndReadsInChineseAndEnglish_InTheLogAndTheDraft()
    {
        var live = (await Sessions.ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
        var first = (await Snapshots.ReadAsync(_convener, live)).Items[0];

        await Sessions.StartItemAsync(_convener, live, first.Id);

        await using var db = _db.NewContext();
        var stored = await db.MinutesEntries.Where(m => m.SessionId == live).OrderBy(m => m.Id).LastAsync();
        Assert.Equal("Log.ItemStarted", stored.TextKey);
        Assert.Contains(await InAsync("zh-CN", () => Sessions.ListLogAsync(_convener, live)), r => r.Text == $"开始议程 1：{first.Title}");
        Assert.Contains(await InAsync("en", () => Sessions.ListLogAsync(_convener, live)), r => r.Text == $"Item 1 started: {first.Title}");
        Assert.Contains($"Item 1 started: {first.Title}", await InAsync("en", () => _db.Get<MinutesService>().DraftAsync(_convener, live)));
    }

    [Fact]
    public async Task OldRows_WithTextAlone_ReadAsStored_AndAnAccountNameReadsAsThePerson()
    {
        var live = (await Sessions.ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
        var id = await RecordAsync("健身器材损坏");
        var now = _db.Clock.GetUtcNow().UtcDateTime;
        await using (var db = _db.NewContext())
        {
            var notice = CongressHub.Domain.Notices.Notice.ToUser(_convener.StreetId!.Value, _delegate.UserId, CongressHub.Domain.Notices.NoticeKind.SessionCall, "old:1", "/old", now,
                "Notice.SessionPublished", "x", "y", "z");
            var line = MinutesEntry.Log(live, now, "Log.Adjourned", 1, 2);
            db.AddRange(notice, line, TrackedEvent.Of(id, "staff01", TrackedState.Submitted, TrackedState.Submitted, "旧备注：已电话回访", now));
            // As rows were written before keys were stored: the text alone.
            db.Entry(notice).Property(n => n.TextKey).CurrentValue = null;
            db.Entry(notice).Property(n => n.Title).CurrentValue = "旧通知：会议改在礼堂";
            db.Entry(line).Property(n => n.TextKey).CurrentValue = null;
            db.Entry(line).Property(n => n.Text).CurrentValue = "旧记录：休会十分钟";
            await db.SaveChangesAsync();
        }

        var notices = await InAsync("en", () => Sessions.ListNoticesAsync(_delegate));
        var log = await InAsync("en", () => Sessions.ListLogAsync(_convener, live));
        var history = (await InAsync("en", () => Tracking.GetAsync(_convener, id))).History;

        Assert.Contains(notices, n => n.Link == "/old" && n.Title == "旧通知：会议改在礼堂");
        Assert.Contains(log, r => r.Text == "旧记录：休会十分钟");
        await using var read = _db.NewContext();
        var (staffName, community) = await StaffAsync(read);
        Assert.Contains(history, h => h.Note == "旧备注：已电话回访" && h.Who == $"{staffName} (Community staff · {community})");
    }

    private Task<int> RecordAsync(string text) =>
        Tracking.RecordOpinionAsync(_staff, new OpinionInput(_staff.CommunityId!.Value, Today, text, OpinionCategory.Sanitation, GovernmentLevel.Street, "李四", "13800000000", true));

    private async Task<(int Id, string Name)> DepartmentAsync(string officer)
    {
        var actor = await _db.ActorAsync(officer);
        await using var db = _db.NewContext();
        var id = await db.Officers.Where(o => o.Id == actor.OfficerId).Select(o => o.DepartmentId!.Value).SingleAsync();
        return (id, await db.Departments.Where(d => d.Id == id).Select(d => d.Name).SingleAsync());
    }

    private async Task<(string Name, string Community)> StaffAsync(Domain.Common.CongressDbContext db) =>
        (await db.Users.Where(u => u.Id == _staff.UserId).Select(u => u.DisplayName).SingleAsync(),
         await db.Communities.Where(c => c.Id == _staff.CommunityId).Select(c => c.Name).SingleAsync());

    private async Task<string> StreetSlugAsync()
    {
        await using var db = _db.NewContext();
        return await db.Streets.Where(s => s.Id == _convener.StreetId).Select(s => s.Slug).SingleAsync();
    }
}
