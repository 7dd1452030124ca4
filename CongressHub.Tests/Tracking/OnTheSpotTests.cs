using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Tracking;

/// <summary>
/// Departments and leaders in the hall: an officer answers their department's items on the spot (科室现场答复), a leader
/// states an intention where it needs study (领导表示意向), during the live session, and the minutes say so.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class OnTheSpotTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private int _live;

    private HallQuestionService Hall => _db.Get<HallQuestionService>();

    private TrackingService Tracking => _db.Get<TrackingService>();

    private SessionService Sessions => _db.Get<SessionService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _live = (await Sessions.ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    /// <summary>The demo's question in the live session addressed to <paramref name="department"/>.</summary>
    private async Task<HallQuestion> QuestionToAsync(string department) =>
        (await Hall.ListHallQuestionsAsync(_convener, _live)).Single(q => q.Department == department);

    /// <summary>A demo item of the live session's follow-up report, by the start of its text.</summary>
    private async Task<TrackedItem> FollowUpItemAsync(string text)
    {
        await using var db = _db.NewContext();
        return await db.TrackedItems.AsNoTracking().SingleAsync(i => i.Text.StartsWith(text));
    }

    private async Task<(int Events, int Minutes, int Audit)> CountsAsync(int itemId)
    {
        await using var db = _db.NewContext();
        return (await db.TrackedEvents.CountAsync(e => e.ItemId == itemId), await db.MinutesEntries.CountAsync(m => m.SessionId == _live), await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task Demo_HasAQuestionForEveryDepartment_InTheLiveSession()
    {
        var questions = await Hall.ListHallQuestionsAsync(_convener, _live);

        Assert.Equal(new[] { "民政科", "城市管理科", "综治办", "环境卫生科" }.Order(), questions.Select(q => q.Department!).Order());
        Assert.All(questions, q => Assert.Equal(TrackedState.Submitted, q.State));
        foreach (var (officer, department) in new[] { ("officer03", "民政科"), ("officer04", "城市管理科"), ("officer05", "综治办"), ("officer06", "环境卫生科") })
        {
            var hall = await Hall.OfficerHallAsync(await _db.ActorAsync(officer), _live);
            Assert.Equal(department, hall.Department);
            Assert.Single(hall.Questions, q => q.Department == department && q.CanAnswer);
        }
    }

    [Fact]
    public async Task AnswerOnTheSpot_SubmittedQuestion_IsAcceptedAssignedAndAnswered_TheMinutesAndAuditSayIt()
    {
        var question = await QuestionToAsync("综治办");
        var officer = await _db.ActorAsync("officer05");

        var result = await Hall.AnswerOnTheSpotAsync(officer, _live, question.Id, "监控维修已列入本月计划，月底前全部修复。");

        var item = await Tracking.GetAsync(_convener, question.Id);
        Assert.Equal(TrackedState.Answered, item.State);
        Assert.Equal("监控维修已列入本月计划，月底前全部修复。", item.Answer);
        Assert.Equal("综治办", item.Department);
        Assert.NotNull(item.DueOn);
        Assert.Equal([(TrackedState.Submitted, TrackedState.Assigned), (TrackedState.Assigned, TrackedState.Answered)],
            item.History.Skip(1).Select(h => (h.From, h.To)).ToArray());
        Assert.Equal(("综治办", TrackedState.Answered), (result.AnsweredBy, result.State));
        var shown = (await Hall.ListHallQuestionsAsync(_convener, _live)).Single(q => q.Id == question.Id);
        Assert.True(shown.OnTheSpot);
        Assert.Equal("综治办", shown.AnsweredBy);
        await using var db = _db.NewContext();
        var minutes = await db.MinutesEntries.Where(m => m.SessionId == _live).Select(m => m.Text).ToListAsync();
        Assert.Contains(minutes, m => m.Contains("综治办现场答复") && m.Contains("春晖苑几个楼道的监控"));
        var audit = await db.AuditEntries.Where(a => a.Subject == $"Tracked item {question.Id}").Select(a => a.Action).ToListAsync();
        Assert.Equal(["Tracking.AcceptedOnTheSpot", "Tracking.AnsweredOnTheSpot"], audit.Order().ToArray());
    }

    [Fact]
    public async Task AnswerOnTheSpot_ByAnotherDepartmentsOfficer_IsForbidden_AndNothingIsStored()
    {
        var question = await QuestionToAsync("综治办");
        var other = await _db.ActorAsync("officer04");
        var before = await CountsAsync(question.Id);

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => Hall.AnswerOnTheSpotAsync(other, _live, question.Id, "我们来答"));

        Assert.Equal("科室干部只能答复本科室的事项。", refused.Message);
        var item = await Tracking.GetAsync(_convener, question.Id);
        Assert.Equal(TrackedState.Submitted, item.State);
        Assert.Null(item.Answer);
        Assert.Equal(before, await CountsAsync(question.Id));
    }

    [Fact]
    public async Task AnswerOnTheSpot_TheDepartmentsFollowUpItem_IsAnswered_AnItemOutsideTheSession_IsNotFound()
    {
        var lights = await FollowUpItemAsync("和平路北段路灯不亮");
        var officer = await _db.ActorAsync("officer04");
        var hall = await Hall.OfficerHallAsync(officer, _live);
        var staff = await _db.ActorAsync("staff01");
        var today = DateOnly.FromDateTime(SessionTime.Local(_db.Clock.GetUtcNow().UtcDateTime));
        var later = await Tracking.RecordOpinionAsync(staff, new OpinionInput(staff.CommunityId!.Value, today, "会后才记下的意见", OpinionCategory.Other, GovernmentLevel.Street, null, null, true));
        await Tracking.AcceptAsync(_convener, later, lights.DepartmentId);

        await Hall.AnswerOnTheSpotAsync(officer, _live, lights.Id, "路灯线路已查明，本周内修复。");

        Assert.Contains(hall.FollowUp, r => r.Id == lights.Id && r.CanAnswer && !r.CanStateIntention);
        Assert.DoesNotContain(hall.FollowUp, r => r.Department != "城市管理科");
        var item = await Tracking.GetAsync(_convener, lights.Id);
        Assert.Equal((TrackedState.Answered, "路灯线路已查明，本周内修复。"), (item.State, item.Answer));
        await Assert.ThrowsAsync<NotFoundException>(() => Hall.AnswerOnTheSpotAsync(officer, _live, later, "答复"));
    }

    [Fact]
    public async Task StateIntentionOnTheSpot_ByALeader_MovesTheItemToIntentionStated_WhichThenWaitsForTheDecision()
    {
        var question = await QuestionToAsync("民政科");
        var director = await _db.ActorAsync("officer01");

        await Hall.StateIntentionOnTheSpotAsync(director, _live, question.Id, "需要研究资金来源，街道下月办公会专题研究。");
        await Tracking.DecideAsync(director, question.Id, "办公会决定：下季度起试点晚餐供应。");

        var item = await Tracking.GetAsync(_convener, question.Id);
        Assert.Equal("需要研究资金来源，街道下月办公会专题研究。", item.Intention);
        Assert.Equal([TrackedState.Assigned, TrackedState.IntentionStated, TrackedState.Decided], item.History.Skip(1).Select(h => h.To).ToArray());
        var shown = (await Hall.ListHallQuestionsAsync(_convener, _live)).Single(q => q.Id == question.Id);
        Assert.StartsWith("街道办事处主任 ", shown.AnsweredBy);
        await using var db = _db.NewContext();
        Assert.True(await db.MinutesEntries.AnyAsync(m => m.SessionId == _live && m.Text.Contains("当场表示意向") && m.Text.Contains("社区老年食堂")));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Tracking.IntentionOnTheSpot" && a.Subject == $"Tracked item {question.Id}"));
    }

    [Fact]
    public async Task StateIntentionOnTheSpot_ByADepartmentHead_IsForbidden_ALeaderMayAnswerAnyDepartment()
    {
        var question = await QuestionToAsync("环境卫生科");
        var head = await _db.ActorAsync("officer06");
        var deputy = await _db.ActorAsync("officer02");

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => Hall.StateIntentionOnTheSpotAsync(head, _live, question.Id, "研究一下"));
        await Hall.AnswerOnTheSpotAsync(deputy, _live, question.Id, "已通知自来水公司，三天内接通。");

        Assert.Contains("街道领导", refused.Message);
        Assert.Equal(TrackedState.Answered, (await Tracking.GetAsync(_convener, question.Id)).State);
        var hall = await Hall.OfficerHallAsync(deputy, _live);
        Assert.Equal(4, hall.Questions.Count);
        Assert.Contains(hall.Questions, q => q.Id == question.Id && q.CanStateIntention && !q.CanAnswer);
    }

    [Fact]
    public async Task AnswerOnTheSpot_WhenTheSessionIsNotLive_IsRefused()
    {
        var question = await QuestionToAsync("城市管理科");
        var officer = await _db.ActorAsync("officer04");
        await Sessions.AdjournAsync(_convener, _live);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Hall.AnswerOnTheSpotAsync(officer, _live, question.Id, "答复"));

        Assert.Contains("不在进行中", refused.Message);
        Assert.Equal(TrackedState.Submitted, (await Tracking.GetAsync(_convener, question.Id)).State);
    }

    [Fact]
    public async Task AnswerOnTheSpot_EmptyAnswer_AnItemAlreadyDecided_AndTheConvener_AreRefused()
    {
        var question = await QuestionToAsync("民政科");
        var decided = await FollowUpItemAsync("东风社区活动室设施陈旧");
        var officer = await _db.ActorAsync("officer03");

        var empty = await Assert.ThrowsAsync<ValidationFailedException>(() => Hall.AnswerOnTheSpotAsync(officer, _live, question.Id, "  "));
        var late = await Assert.ThrowsAsync<DomainException>(() => Hall.AnswerOnTheSpotAsync(officer, _live, decided.Id, "再答一次"));
        await Assert.ThrowsAsync<ForbiddenException>(() => Hall.AnswerOnTheSpotAsync(_convener, _live, question.Id, "召集人代答"));

        Assert.Contains(empty.Errors, e => e.Field == "Answer");
        Assert.Contains("已经决定或办结", late.Message);
        Assert.Equal(TrackedState.Submitted, (await Tracking.GetAsync(_convener, question.Id)).State);
    }

    [Fact]
    public async Task AnswerOnTheSpot_AnnouncesTheSession_AndTheShownQuestionCarriesTheAnswer()
    {
        var question = await QuestionToAsync("城市管理科");
        await Hall.ShowOnProjectorAsync(_convener, _live, question.Id);
        var before = _db.Events.All.Count;

        await Hall.AnswerOnTheSpotAsync(await _db.ActorAsync("officer04"), _live, question.Id, "下周在东风路加装隔离桩。");

        Assert.Contains(_db.Events.All.Skip(before), e => e is SessionChanged { SessionId: var id } && id == _live);
        var shown = (await _db.Get<SnapshotBuilder>().ReadAsync(_convener, _live)).ShownQuestion!;
        Assert.Equal(("下周在东风路加装隔离桩。", "城市管理科", true), (shown.Answer, shown.AnsweredBy, shown.OnTheSpot));
    }
}
