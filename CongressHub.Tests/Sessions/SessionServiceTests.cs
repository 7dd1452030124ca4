using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Sessions;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class SessionServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private int _live;
    private SessionService Sessions => _db.Get<SessionService>();

    private SnapshotBuilder Snapshots => _db.Get<SnapshotBuilder>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _live = (await Sessions.ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Demo_Street1HasALiveSessionWithItsAgenda_AndNobodyCheckedIn()
    {
        var snapshot = await Snapshots.ReadAsync(_convener, _live);

        Assert.Equal(SessionStatus.Live, snapshot.Status);
        Assert.Equal(8, snapshot.Items.Count);
        Assert.Equal(AgendaItemType.FollowUpReport, snapshot.Items[0].Type);
        Assert.Equal(AgendaItemType.MotionVote, snapshot.Items[^1].Type);
        Assert.NotNull(snapshot.Items[^1].MotionId);
        Assert.Null(snapshot.Items[^1].VoteId);
        Assert.Equal(new QuorumView(40, 0, 21, false), snapshot.Quorum);
    }

    [Fact]
    public async Task CheckIn_IsIdempotent_AndMovesTheQuorum_AndAnnouncesAfterCommit()
    {
        var delegate01 = await _db.ActorAsync("delegate01");

        await Sessions.CheckInAsync(delegate01, _live);
        await Sessions.CheckInAsync(delegate01, _live);

        var snapshot = await Snapshots.ReadAsync(delegate01, _live);
        Assert.Equal(1, snapshot.Quorum.Present);
        Assert.True(snapshot.IsPresent(delegate01.DelegateId));
        Assert.Contains(new SessionChanged(_convener.StreetId!.Value, _live), _db.Events.All);
    }

    [Fact]
    public async Task CheckIn_ByDelegateOfAnotherStreet_IsNotFound_ByAnOfficer_IsForbidden()
    {
        await Assert.ThrowsAsync<NotFoundException>(async () => await Sessions.CheckInAsync(await _db.ActorAsync("delegate41"), _live));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await Sessions.CheckInAsync(await _db.ActorAsync("officer01"), _live));
    }

    [Fact]
    public async Task CheckIn_OnADraft_OrOnceAdjourned_IsRefusedWithAReason()
    {
        var delegate01 = await _db.ActorAsync("delegate01");
        var draft = await Sessions.CreateSessionAsync(_convener, new SessionInput(SessionKind.Extraordinary, "临时会议", _db.Clock.GetUtcNow().UtcDateTime, "礼堂"), withTemplate: false);

        var early = await Assert.ThrowsAsync<DomainException>(() => Sessions.CheckInAsync(delegate01, draft));
        Assert.Contains("临时会议", early.Message);
        await Sessions.AdjournAsync(_convener, _live);
        await Assert.ThrowsAsync<DomainException>(() => Sessions.CheckInAsync(delegate01, _live));
    }

    [Fact]
    public async Task ConvenerMarks_ExcusedAndAbsent_DoNotCount()
    {
        var ids = (await Sessions.ListAttendanceAsync(_convener, _live)).Select(a => a.DelegateId).Take(3).ToList();

        await Sessions.MarkAttendanceAsync(_convener, _live, ids[0], AttendanceStatus.Present);
        await Sessions.MarkAttendanceAsync(_convener, _live, ids[1], AttendanceStatus.Excused);
        await Sessions.MarkAttendanceAsync(_convener, _live, ids[2], AttendanceStatus.Absent);

        var snapshot = await Snapshots.ReadAsync(_convener, _live);
        Assert.Equal(1, snapshot.Quorum.Present);
        var rows = await Sessions.ListAttendanceAsync(_convener, _live);
        Assert.Equal(AttendanceStatus.Excused, rows.Single(r => r.DelegateId == ids[1]).Status);
    }

    [Fact]
    public async Task StartItem_FinishesThePreviousOne_AndOnlyOneIsCurrent()
    {
        var items = (await Snapshots.ReadAsync(_convener, _live)).Items;

        await Sessions.StartItemAsync(_convener, _live, items[0].Id);
        await Sessions.StartItemAsync(_convener, _live, items[1].Id);

        var snapshot = await Snapshots.ReadAsync(_convener, _live);
        Assert.Equal(items[1].Id, snapshot.CurrentItemId);
        Assert.Equal(AgendaItemStatus.Done, snapshot.Items[0].Status);
        Assert.Single(snapshot.Items, i => i.Status == AgendaItemStatus.Current);
        await Assert.ThrowsAsync<DomainException>(() => Sessions.StartItemAsync(_convener, _live, items[0].Id));
    }

    [Fact]
    public async Task SpeakersList_AskGiveEnd_CountsSpeakingTime()
    {
        var items = (await Snapshots.ReadAsync(_convener, _live)).Items;
        var a = await _db.ActorAsync("delegate01");
        var b = await _db.ActorAsync("delegate02");
        await Sessions.StartItemAsync(_convener, _live, items[2].Id);
        await Assert.ThrowsAsync<DomainException>(() => Sessions.RequestFloorAsync(a, _live));
        await Sessions.CheckInAsync(a, _live);
        await Sessions.CheckInAsync(b, _live);

        await Sessions.RequestFloorAsync(a, _live);
        await Sessions.RequestFloorAsync(b, _live);
        await Assert.ThrowsAsync<DomainException>(() => Sessions.RequestFloorAsync(a, _live));
        var waiting = (await Snapshots.ReadAsync(_convener, _live)).Waiting.ToList();
        await Sessions.MoveSpeakerAsync(_convener, _live, waiting[1].RequestId, 0);
        var reordered = await Snapshots.ReadAsync(b, _live);
        Assert.Equal(1, reordered.PlaceOf(b.DelegateId));
        Assert.Equal(2, reordered.PlaceOf(a.DelegateId));

        await Sessions.GiveFloorAsync(_convener, _live, waiting[1].RequestId);
        var speaking = await Snapshots.ReadAsync(_convener, _live);
        Assert.Equal(b.DelegateId, speaking.CurrentSpeaker!.DelegateId);
        Assert.Equal(speaking.CurrentSpeaker.StartedUtc!.Value.AddSeconds(180), speaking.CurrentSpeaker.DeadlineUtc);
        _db.Clock.Advance(TimeSpan.FromSeconds(95));
        await Sessions.GiveFloorAsync(_convener, _live, waiting[0].RequestId);
        _db.Clock.Advance(TimeSpan.FromSeconds(40));
        await Sessions.EndSpeechAsync(_convener, _live);

        var done = await Snapshots.ReadAsync(_convener, _live);
        Assert.Null(done.CurrentSpeaker);
        Assert.Equal(95, done.SpeakingTotals.Single(t => t.DelegateId == b.DelegateId).Seconds);
        Assert.Equal(40, done.SpeakingTotals.Single(t => t.DelegateId == a.DelegateId).Seconds);
    }

    [Fact]
    public async Task WithdrawFloor_LeavesTheList()
    {
        var items = (await Snapshots.ReadAsync(_convener, _live)).Items;
        var a = await _db.ActorAsync("delegate03");
        await Sessions.StartItemAsync(_convener, _live, items[2].Id);
        await Sessions.CheckInAsync(a, _live);
        await Sessions.RequestFloorAsync(a, _live);

        await Sessions.WithdrawFloorAsync(a, _live);

        Assert.Empty((await Snapshots.ReadAsync(a, _live)).Speakers);
        await Assert.ThrowsAsync<DomainException>(() => Sessions.WithdrawFloorAsync(a, _live));
    }

    [Fact]
    public async Task MoveItem_WithAStaleVersion_IsAConflict_AndChangesNothing()
    {
        var before = await Snapshots.ReadAsync(_convener, _live);
        await Sessions.MoveItemAsync(_convener, _live, before.Items[6].Id, 0, before.Version);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Sessions.MoveItemAsync(_convener, _live, before.Items[5].Id, 0, before.Version));

        Assert.Contains("另一位召集人", ex.Message);
        var after = await Snapshots.ReadAsync(_convener, _live);
        Assert.Equal(before.Items[6].Id, after.Items[0].Id);
        Assert.Equal(Enumerable.Range(1, 8), after.Items.Select(i => i.Position));
    }

    [Fact]
    public async Task CreatePublish_WithRegularTemplate_NotifiesDelegates_AndDraftIsHiddenFromThem()
    {
        var delegate01 = await _db.ActorAsync("delegate01");
        var id = await Sessions.CreateSessionAsync(_convener, new SessionInput(SessionKind.Regular, "明年第一季度例会", _db.Clock.GetUtcNow().UtcDateTime.AddDays(60), "礼堂"), withTemplate: true);
        Assert.DoesNotContain(await Sessions.ListSessionsAsync(delegate01), s => s.Id == id);

        await Sessions.PublishAsync(_convener, id);

        Assert.Contains(await Sessions.ListSessionsAsync(delegate01), s => s.Id == id && s.Items == 7);
        Assert.Contains(await Sessions.ListNoticesAsync(delegate01), n => n.Link == $"/sessions/{id}" && n.Title.Contains("明年第一季度例会"));
    }

    [Fact]
    public async Task Publish_ASessionLateInTheUtcDay_NoticeNamesItsTimeInTheInstallationsZone()
    {
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-CN");
        var delegate01 = await _db.ActorAsync("delegate01");
        var at = new DateTime(2026, 12, 1, 22, 0, 0, DateTimeKind.Utc);
        var id = await Sessions.CreateSessionAsync(_convener, new SessionInput(SessionKind.Regular, "冬季例会", at, "礼堂"), withTemplate: true);

        await Sessions.PublishAsync(_convener, id);

        var notice = (await Sessions.ListNoticesAsync(delegate01)).Single(n => n.Link == $"/sessions/{id}");
        Assert.Equal("会议通知：冬季例会，2026年12月2日 06:00，礼堂", notice.Title);
    }

    [Fact]
    public async Task EveryConvenerAction_OnAnotherStreetsSession_IsNotFound()
    {
        var convener2 = await _db.ActorAsync("convener2");

        await Assert.ThrowsAsync<NotFoundException>(() => Snapshots.ReadAsync(convener2, _live));
        await Assert.ThrowsAsync<NotFoundException>(() => Sessions.AdjournAsync(convener2, _live));
        await Assert.ThrowsAsync<NotFoundException>(() => Sessions.ListAttendanceAsync(convener2, _live));
        Assert.DoesNotContain(await Sessions.ListSessionsAsync(convener2), s => s.Id == _live);
    }

    [Fact]
    public async Task ProjectorToken_OpensTheSession_UntilRenewed()
    {
        var token = await Sessions.GetProjectorTokenAsync(_convener, _live);
        Assert.Equal(_live, await Sessions.FindByProjectorTokenAsync(token));

        await Sessions.RenewProjectorTokenAsync(_convener, _live);

        Assert.Null(await Sessions.FindByProjectorTokenAsync(token));
        Assert.Null(await Sessions.FindByProjectorTokenAsync("nope"));
    }

    [Fact]
    public async Task RetiredDelegates_DoNotCountTowardQuorum()
    {
        var d = await _db.ActorAsync("delegate05");
        await Sessions.CheckInAsync(d, _live);

        await _db.Get<Domain.Directory.DirectoryService>().RetireDelegateAsync(_convener, d.DelegateId!.Value, null);

        var q = (await Snapshots.ReadAsync(_convener, _live)).Quorum;
        Assert.Equal((39, 0, 20), (q.All, q.Present, q.Required));
    }

    [Fact]
    public async Task CheckIn_AHallAtOnce_EveryoneOnce_ARefusalDoesNotSpoilTheGroup()
    {
        var actors = new List<Actor>();
        for (var i = 1; i <= 30; i++)
        {
            actors.Add(await _db.ActorAsync($"delegate{i:D2}"));
        }
        var officer = await _db.ActorAsync("officer02");

        var tasks = actors.Select(a => Sessions.CheckInAsync(a, _live))
            .Concat(actors.Take(5).Select(a => Sessions.CheckInAsync(a, _live)))
            .Append(Sessions.CheckInAsync(officer, _live))
            .ToList();
        var all = Task.WhenAll(tasks);
        await Assert.ThrowsAsync<ForbiddenException>(() => all);

        Assert.Equal(1, tasks.Count(t => t.IsFaulted));
        await using var ctx = _db.NewContext();
        Assert.Equal(30, await ctx.Attendances.CountAsync(a => a.SessionId == _live && a.Status == AttendanceStatus.Present));
        Assert.Equal(30, (await Snapshots.ReadAsync(_convener, _live)).Quorum.Present);
    }

    [Theory]
    [InlineData(SessionKind.Regular, 7, AgendaItemType.FollowUpReport)]
    [InlineData(SessionKind.AnnualReview, 1, AgendaItemType.Other)]
    public async Task CreateSession_WithTheUsualAgenda_TakesTheAgendaOfItsKind(SessionKind kind, int items, AgendaItemType first)
    {
        var id = await Sessions.CreateSessionAsync(_convener, new SessionInput(kind, "新会议", _db.Clock.GetUtcNow().UtcDateTime.AddDays(30), "礼堂"), withTemplate: true);

        var snapshot = await Snapshots.ReadAsync(_convener, id);
        Assert.Equal(items, snapshot.Items.Count);
        Assert.Equal(first, snapshot.Items[0].Type);
        Assert.DoesNotContain(snapshot.Items, i => kind == SessionKind.AnnualReview && i.Type is AgendaItemType.FollowUpReport or AgendaItemType.MotionVote);
    }

    [Fact]
    public async Task MarkRestPresent_MarksOnlyThoseNotYetRecorded_AndReachesQuorum()
    {
        // The demo's delegate on granted leave is recorded already.
        var rows = (await Sessions.ListAttendanceAsync(_convener, _live)).Where(r => r.Status is null).ToList();
        await Sessions.MarkAttendanceAsync(_convener, _live, rows[0].DelegateId, AttendanceStatus.Excused);
        await Sessions.MarkAttendanceAsync(_convener, _live, rows[1].DelegateId, AttendanceStatus.Absent);

        var marked = await Sessions.MarkRestPresentAsync(_convener, _live);

        Assert.Equal(rows.Count - 2, marked);
        var after = await Sessions.ListAttendanceAsync(_convener, _live);
        Assert.Equal(AttendanceStatus.Excused, after.Single(a => a.DelegateId == rows[0].DelegateId).Status);
        Assert.Equal(AttendanceStatus.Absent, after.Single(a => a.DelegateId == rows[1].DelegateId).Status);
        Assert.Equal(rows.Count - 2, after.Count(a => a.Status == AttendanceStatus.Present));
        Assert.True((await Snapshots.ReadAsync(_convener, _live)).Quorum.Reached);
        var delegate01 = await _db.ActorAsync("delegate01");
        await Assert.ThrowsAsync<ForbiddenException>(() => Sessions.MarkRestPresentAsync(delegate01, _live));
    }

    [Fact]
    public async Task StartItem_TakesDownTheHallQuestionShownForTheItemBefore()
    {
        var items = (await Snapshots.ReadAsync(_convener, _live)).Items;
        var asker = await _db.ActorAsync("delegate15");
        await Sessions.MarkAttendanceAsync(_convener, _live, asker.DelegateId!.Value, AttendanceStatus.Present);
        await Sessions.StartItemAsync(_convener, _live, items[3].Id);
        await using (var db = _db.NewContext())
        {
            var department = await db.Departments.Where(d => d.StreetId == _convener.StreetId).Select(d => d.Id).FirstAsync();
            var question = await _db.Get<CongressHub.Domain.Tracking.HallQuestionService>().AskAsync(asker, _live, new CongressHub.Domain.Tracking.QuestionInput("社区食堂什么时候开业？", department));
            await _db.Get<CongressHub.Domain.Tracking.HallQuestionService>().ShowOnProjectorAsync(_convener, _live, question);
        }
        Assert.NotNull((await Snapshots.ReadAsync(_convener, _live)).ShownQuestion);

        await Sessions.StartItemAsync(_convener, _live, items[4].Id);

        Assert.Null((await Snapshots.ReadAsync(_convener, _live)).ShownQuestion);
    }
}
