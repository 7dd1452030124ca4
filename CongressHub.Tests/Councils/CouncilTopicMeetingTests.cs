using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Councils;

/// <summary>
/// A council topic's way through the council: accepted, put on a meeting's agenda (scheduled), voted on at a decision
/// meeting, written up from the vote as a draft decision, and decided when that decision is published for its notice.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class CouncilTopicMeetingTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _staff = null!;
    private int _community;

    private CouncilService Councils => _db.Get<CouncilService>();

    private CouncilDecisionService Decisions => _db.Get<CouncilDecisionService>();

    private SessionService Sessions => _db.Get<SessionService>();

    private VotingService Voting => _db.Get<VotingService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        // staff01 keeps 东风社区's demo council: eight members, a decision meeting called for next week on the square's lights.
        _staff = await _db.ActorAsync("staff01");
        _community = _staff.CommunityId!.Value;
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private async Task<Topic> TopicAsync(string title)
    {
        await using var db = _db.NewContext();
        return await db.Topics.AsNoTracking().SingleAsync(t => t.Title == title);
    }

    private CouncilMeetingInput Meeting(string title, IReadOnlyList<int> topics, params string[] items) =>
        new(CouncilMeetingKind.OpinionCollection, title, DateTime.UtcNow.AddDays(3), "社区议事厅", items, topics);

    [Fact]
    public async Task Calling_A_Meeting_Schedules_Its_Topics_And_Taking_One_Off_The_Agenda_Returns_It()
    {
        var lift = await TopicAsync("老旧小区加装电梯意见征集");
        Assert.Equal(TopicState.Accepted, lift.State);

        var session = await Councils.CreateMeetingAsync(_staff, _community, Meeting("加装电梯意见收集会", [lift.Id], "其他事项"));

        await using var db = _db.NewContext();
        var items = await db.AgendaItems.Where(i => i.SessionId == session).OrderBy(i => i.Position).ToListAsync();
        Assert.Equal(["老旧小区加装电梯意见征集", "其他事项"], items.Select(i => i.Title));
        Assert.Equal([lift.Id, null], items.Select(i => i.TopicId));
        Assert.Contains("费用分摊办法", items[0].Description);
        var scheduled = await TopicAsync(lift.Title);
        Assert.Equal((TopicState.Scheduled, session), (scheduled.State, scheduled.SessionId));
        var row = (await _db.Get<TopicService>().ListAsync(_staff, _community)).Topics.Single(t => t.Id == lift.Id);
        Assert.Equal("加装电梯意见收集会", row.Meeting?.Title);
        Assert.False(row.ReadyForMeeting);

        // Taken off before it was discussed, the topic waits for another meeting.
        await Sessions.RemoveItemAsync(_staff, session, items[0].Id);
        var back = await TopicAsync(lift.Title);
        Assert.Equal((TopicState.Accepted, (int?)null), (back.State, back.SessionId));
    }

    [Fact]
    public async Task A_Topic_Not_Ready_For_A_Meeting_Is_Refused_With_No_Meeting_Stored()
    {
        var proposed = await TopicAsync("3号楼楼道加装扶手");
        var scheduled = await TopicAsync("中心广场晚间照明");
        var elsewhere = await TopicAsync("垃圾分类督导志愿者轮值");
        var lift = await TopicAsync("老旧小区加装电梯意见征集");
        await using var db = _db.NewContext();
        var before = await db.Sessions.CountAsync();

        var notVetted = await Assert.ThrowsAsync<DomainException>(() => Councils.CreateMeetingAsync(_staff, _community, Meeting("会一", [lift.Id, proposed.Id])));
        Assert.Contains("3号楼楼道加装扶手", notVetted.Message);
        // On the agenda of a meeting not yet held: it cannot go on a second one.
        var twice = await Assert.ThrowsAsync<DomainException>(() => Councils.CreateMeetingAsync(_staff, _community, Meeting("会二", [scheduled.Id])));
        Assert.Contains("中心广场晚间照明", twice.Message);
        var otherCommunity = await Assert.ThrowsAsync<ValidationFailedException>(() => Councils.CreateMeetingAsync(_staff, _community, Meeting("会三", [elsewhere.Id])));
        Assert.Contains(otherCommunity.Errors, e => e.Field == nameof(CouncilMeetingInput.TopicIds));
        var repeated = await Assert.ThrowsAsync<ValidationFailedException>(() => Councils.CreateMeetingAsync(_staff, _community, Meeting("会四", [lift.Id, lift.Id])));
        Assert.Contains(repeated.Errors, e => e.Field == nameof(CouncilMeetingInput.TopicIds));

        Assert.Equal(before, await db.Sessions.CountAsync());
        Assert.Equal(TopicState.Accepted, (await TopicAsync(lift.Title)).State);
    }

    [Fact]
    public async Task A_Decision_Meetings_Vote_Is_Written_Up_Once_And_Publishing_It_Decides_The_Topic()
    {
        await using var db = _db.NewContext();
        var session = await db.Sessions.SingleAsync(s => s.CommunityId == _community && s.Kind == SessionKind.CouncilDecision);
        var item = await db.AgendaItems.SingleAsync(i => i.SessionId == session.Id);
        var topic = await TopicAsync("中心广场晚间照明");
        Assert.Equal((TopicState.Scheduled, session.Id, topic.Id), (topic.State, topic.SessionId, item.TopicId));
        var members = await db.Delegates.Where(d => db.Terms.Any(t => t.Id == d.TermId && t.CommunityId == _community)).Select(d => d.Id).ToListAsync();
        foreach (var member in members)
        {
            await Sessions.MarkAttendanceAsync(_staff, session.Id, member, AttendanceStatus.Present);
        }
        await Sessions.StartAsync(_staff, session.Id);
        await Sessions.StartItemAsync(_staff, session.Id, item.Id);
        // Questions to the street's departments belong to the congress, not to a member at a council meeting.
        var secretary = await db.Terms.Where(t => t.CommunityId == _community).Select(t => t.SecretaryMemberId).SingleAsync();
        var department = await db.Departments.Where(d => d.StreetId == session.StreetId).Select(d => d.Id).FirstAsync();
        await Assert.ThrowsAsync<DomainException>(() => _db.Get<Domain.Tracking.HallQuestionService>().AskAsync(_staff with { DelegateId = secretary }, session.Id,
            new Domain.Tracking.QuestionInput("广场路灯什么时候修？", department)));
        var voteId = await Voting.PrepareAsync(_staff, session.Id, new VoteInput(null, "同意在中心广场增设8盏太阳能路灯", false, MajorityRule.HalfOfPresent));
        await Voting.OpenAsync(_staff, voteId);
        Assert.Empty(await Decisions.VotesToWriteAsync(_staff, _community));
        await Assert.ThrowsAsync<DomainException>(() => Decisions.DraftFromVoteAsync(_staff, voteId));
        await _db.Get<CountingService>().EnterHandsAsync(_staff, voteId, 6, 1, 1);
        await Voting.CloseAsync(_staff, voteId);

        var toWrite = Assert.Single(await Decisions.VotesToWriteAsync(_staff, _community));
        Assert.Equal((voteId, true), (toWrite.VoteId, toWrite.Adopted));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await Decisions.VotesToWriteAsync(await _db.ActorAsync("staff02"), _community));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await Decisions.DraftFromVoteAsync(await _db.ActorAsync("staff02"), voteId));
        await Assert.ThrowsAsync<NotFoundException>(async () => await Decisions.DraftFromVoteAsync(await _db.ActorAsync("convener2"), voteId));

        var id = await Decisions.DraftFromVoteAsync(_staff, voteId);
        var draft = await Decisions.GetAsync(_staff, id);
        Assert.Equal(("关于中心广场晚间照明的决定", CouncilDecisionState.Draft), (draft.Title, draft.State));
        Assert.Equal((session.Id, voteId, topic.Id), (draft.SessionId, draft.VoteId, draft.TopicId));
        Assert.Contains("表决事项：同意在中心广场增设8盏太阳能路灯", draft.Text);
        Assert.Contains("应到 8 人，实到 8 人；赞成 6，反对 1，弃权 1", draft.Text);
        Assert.Contains("结果：通过", draft.Text);
        Assert.Contains("广场晚上太暗", draft.Text);
        Assert.Equal(TopicState.Scheduled, (await TopicAsync(topic.Title)).State);
        Assert.Empty(await Decisions.VotesToWriteAsync(_staff, _community));
        var again = await Assert.ThrowsAsync<DomainException>(() => Decisions.DraftFromVoteAsync(_staff, voteId));
        Assert.Contains("已经起草过", again.Message);

        await Decisions.PublishAsync(_staff, id, draft.Version);

        var decided = await TopicAsync(topic.Title);
        Assert.Equal((TopicState.Decided, (int?)id), (decided.State, decided.DecisionId));
        var page = await _db.Get<TopicService>().PublicPageAsync("shiyan", _community);
        var row = page!.Topics.Single(t => t.Id == topic.Id);
        Assert.False(row.IsOpen);
        Assert.Equal($"/s/shiyan/c/{_community}/decisions/{id}", row.Decision?.PublicPath);
    }
}
