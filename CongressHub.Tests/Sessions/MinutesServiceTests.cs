using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Sessions;

/// <summary>
/// The minutes stand on their own: the draft holds who came and who did not, each item with its times, speeches,
/// questions, votes (named ones with who voted how, secret ones with counts only) and the audit anchor; a leader signs
/// them off, every edit keeps its version.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class MinutesServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private int _live;

    private SessionService Sessions => _db.Get<SessionService>();

    private MinutesService Minutes => _db.Get<MinutesService>();

    private VotingService Voting => _db.Get<VotingService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _live = (await Sessions.ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private async Task<Actor> DelegateAsync(int n) => await _db.ActorAsync($"delegate{n:00}");

    private async Task<string> NameAsync(Actor who)
    {
        await using var db = _db.NewContext();
        return await db.Delegates.Where(d => d.Id == who.DelegateId).Select(d => d.Name).SingleAsync();
    }

    [Fact]
    public async Task Draft_HoldsAttendance_ItemTimes_Speeches_Questions_NamedAndSecretVotes_AndTheAnchor()
    {
        var present = new List<Actor>();
        for (var n = 1; n <= 24; n++)
        {
            var d = await DelegateAsync(n);
            await Sessions.CheckInAsync(d, _live);
            present.Add(d);
        }
        var absent = await DelegateAsync(30);
        var item = (await _db.Get<SnapshotBuilder>().ReadAsync(_convener, _live)).Items[0];
        await Sessions.StartItemAsync(_convener, _live, item.Id);
        var itemStarted = _db.Clock.GetUtcNow().UtcDateTime;

        // A delegate speaks for two minutes and a half.
        await Sessions.RequestFloorAsync(present[2], _live);
        var request = (await _db.Get<SnapshotBuilder>().ReadAsync(_convener, _live)).Speakers.Single(s => s.DelegateId == present[2].DelegateId);
        await Sessions.GiveFloorAsync(_convener, _live, request.RequestId);
        _db.Clock.Advance(TimeSpan.FromSeconds(150));
        await Sessions.EndSpeechAsync(_convener, _live);

        // A named vote: 20 yes, 2 no, 1 abstains, one does not vote.
        var named = await Voting.PrepareAsync(_convener, _live, new VoteInput(null, "通过会议议程", Secret: false, MajorityRule.HalfOfPresent));
        await Voting.OpenAsync(_convener, named);
        for (var i = 0; i < 23; i++)
        {
            await Voting.CastAsync(present[i], named, i < 20 ? VoteChoice.Yes : i < 22 ? VoteChoice.No : VoteChoice.Abstain);
        }
        await Voting.CloseAsync(_convener, named);

        // A secret vote: counts only.
        var secret = await Voting.PrepareAsync(_convener, _live, new VoteInput(null, "确定下次会议地点", Secret: true, MajorityRule.HalfOfPresent));
        await Voting.OpenAsync(_convener, secret);
        foreach (var (d, i) in present.Select((d, i) => (d, i)))
        {
            await Voting.CastAsync(d, secret, i % 3 == 0 ? VoteChoice.No : VoteChoice.Yes);
        }
        await Voting.CloseAsync(_convener, secret);

        // An officer answers a delegate's question on the spot.
        var hall = _db.Get<HallQuestionService>();
        var question = (await hall.ListHallQuestionsAsync(_convener, _live)).Single(q => q.Department == "民政科");
        await hall.AnswerOnTheSpotAsync(await _db.ActorAsync("officer03"), _live, question.Id, "本月底前完成修缮。");

        _db.Clock.Advance(TimeSpan.FromMinutes(5));
        await Sessions.AdjournAsync(_convener, _live);
        var adjourned = _db.Clock.GetUtcNow().UtcDateTime;

        var draft = await Minutes.DraftAsync(_convener, _live);

        Assert.Contains("- **代表**：应到 40 人，实到 24 人，请假 1 人，缺席 15 人", draft);
        Assert.Contains($"，{SessionTime.FormatTime(adjourned)} 闭会）", draft);
        Assert.Contains("**缺席**（15 人）：", draft);
        Assert.Contains(await NameAsync(absent), draft.Split("**缺席**")[1].Split('\n')[0]);
        Assert.Contains($"### 1. {item.Title}（{SessionTime.FormatTime(itemStarted)}—{SessionTime.FormatTime(adjourned)}）", draft);
        var speaker = await NameAsync(present[2]);
        Assert.Contains(draft.Split('\n'), l => l.StartsWith("- " + speaker, StringComparison.Ordinal) && l.EndsWith("起，2 分 30 秒", StringComparison.Ordinal));

        // Who voted how, exactly, in the named vote.
        var yes = NamesOn(draft, "- 赞成（20 人）：");
        var no = NamesOn(draft, "- 反对（2 人）：");
        var abstain = NamesOn(draft, "- 弃权（1 人）：");
        var notVoted = NamesOn(draft, "- 未表决（1 人）：");
        var names = new List<string>();
        foreach (var who in present)
        {
            names.Add(await NameAsync(who));
        }
        Assert.Equal(names.Take(20).Order(), yes.Order());
        Assert.Equal(names.Skip(20).Take(2).Order(), no.Order());
        Assert.Equal([names[22]], abstain);
        Assert.Equal([names[23]], notVoted);
        Assert.Contains("赞成 20 票，反对 2 票，弃权 1 票，**通过**。", draft);

        // The secret vote: its counts, and no list of names anywhere after its heading up to the next vote or section.
        var secretPart = draft[draft.IndexOf("**表决：确定下次会议地点**", StringComparison.Ordinal)..].Split("\n#")[0];
        Assert.Contains("无记名投票", secretPart);
        Assert.Contains("赞成 16 票，反对 8 票，弃权 0 票，**通过**。", secretPart);
        Assert.DoesNotContain("- 赞成", secretPart);
        foreach (var who in present)
        {
            Assert.DoesNotContain(await NameAsync(who), secretPart);
        }
        Assert.Contains("手机 24 人", secretPart);

        Assert.Contains("当场答复", draft);
        Assert.Contains("本月底前完成修缮。", draft);
        await using var db = _db.NewContext();
        var street = await db.Sessions.Where(x => x.Id == _live).Select(x => x.StreetId).SingleAsync();
        var head = await db.AuditEntries.Where(e => e.StreetId == street).OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstAsync();
        Assert.Contains($"审计链第 {head.Sequence} 条，哈希 `{head.Hash}`", draft);
    }

    /// <summary>The names listed on the line that starts so ("张三（朝阳社区）、李四" → 张三, 李四).</summary>
    private static List<string> NamesOn(string markdown, string start) =>
        markdown.Split('\n').Single(l => l.StartsWith(start, StringComparison.Ordinal))[start.Length..]
            .Split('、').Select(n => n.Split('（')[0]).ToList();

    [Fact]
    public async Task EveryEdit_KeepsItsVersion_ALeaderSignsOff_AndThePublicPageShowsTheSignature()
    {
        await Sessions.AdjournAsync(_convener, _live);
        await Minutes.SaveAsync(_convener, _live, "# 纪要\n\n第一稿");
        await Minutes.SaveAsync(_convener, _live, "# 纪要\n\n第一稿");
        await Minutes.SaveAsync(_convener, _live, "# 纪要\n\n第二稿");
        var officer01 = await _db.ActorAsync("officer01");

        var beforeSubmit = await Minutes.GetAsync(officer01, _live);
        Assert.False(beforeSubmit.WithLeaders);
        await Assert.ThrowsAsync<DomainException>(() => Minutes.SignOffAsync(officer01, _live, 2));

        await Minutes.SubmitAsync(_convener, _live, "# 纪要\n\n第三稿");
        var view = await Minutes.GetAsync(officer01, _live);
        Assert.Equal(new[] { 3, 2, 1 }, view.Versions.Select(v => v.Number));
        Assert.True(view.CanSignOff);
        Assert.False(view.CanEdit);
        Assert.Equal("# 纪要\n\n第一稿", await Minutes.VersionAsync(officer01, _live, 1));
        await using (var db = _db.NewContext())
        {
            var leaderUser = await db.Officers.Where(o => o.Id == officer01.OfficerId).Select(o => o.UserId).SingleAsync();
            Assert.Contains(await db.Notices.Where(n => n.UserId == leaderUser).Select(n => n.Link).ToListAsync(), l => l == $"/sessions/{_live}/minutes");
        }

        // While with the leaders the text is fixed; a stale version is refused.
        await Assert.ThrowsAsync<DomainException>(() => Minutes.SaveAsync(_convener, _live, "改动"));
        await Assert.ThrowsAsync<DomainException>(() => Minutes.SignOffAsync(officer01, _live, 2));

        await Minutes.SignOffAsync(officer01, _live, 3);

        var signed = await Minutes.GetAsync(_convener, _live);
        Assert.Equal(SessionStatus.MinutesPublished, signed.Status);
        Assert.Contains("王", signed.SignedOffBy, StringComparison.Ordinal);
        var published = await Sessions.GetPublishedMinutesAsync("shiyan", _live);
        Assert.NotNull(published);
        Assert.Contains("第三稿", published.Html);
        Assert.Equal(signed.SignedOffBy, published.SignedOffBy);
        await Assert.ThrowsAsync<DomainException>(() => Minutes.SaveAsync(_convener, _live, "签发后改动"));
    }

    [Fact]
    public async Task ALeaderReturnsTheMinutes_WithANote_AndTheConvenerEditsAgain()
    {
        await Sessions.AdjournAsync(_convener, _live);
        await Minutes.SubmitAsync(_convener, _live, "# 纪要\n\n初稿");
        var officer02 = await _db.ActorAsync("officer02");

        var empty = await Assert.ThrowsAsync<ValidationFailedException>(() => Minutes.ReturnAsync(officer02, _live, "  "));
        Assert.NotNull(empty.ErrorFor("Note"));
        await Minutes.ReturnAsync(officer02, _live, "请补充代表提问的答复情况。");

        var view = await Minutes.GetAsync(_convener, _live);
        Assert.False(view.WithLeaders);
        Assert.Equal("请补充代表提问的答复情况。", view.ReturnNote);
        await Minutes.SaveAsync(_convener, _live, "# 纪要\n\n修改稿");
        Assert.Equal(SessionStatus.Adjourned, (await Minutes.GetAsync(_convener, _live)).Status);
        Assert.Null(await Sessions.GetPublishedMinutesAsync("shiyan", _live));
    }

    [Fact]
    public async Task OnlyALeaderOfTheStreet_SignsOff_OthersAreRefusedOrNotFound()
    {
        await Sessions.AdjournAsync(_convener, _live);
        await Minutes.SubmitAsync(_convener, _live, "# 纪要\n\n正文");

        // The convener writes but does not sign; a department head may not see the minutes; a delegate neither;
        // the other street's leader does not find them.
        var (officer03, officer07, delegate01, convener2) =
            (await _db.ActorAsync("officer03"), await _db.ActorAsync("officer07"), await DelegateAsync(1), await _db.ActorAsync("convener2"));
        await Assert.ThrowsAsync<ForbiddenException>(() => Minutes.SignOffAsync(_convener, _live, 1));
        await Assert.ThrowsAsync<NotFoundException>(() => Minutes.SignOffAsync(officer03, _live, 1));
        await Assert.ThrowsAsync<NotFoundException>(() => Minutes.GetAsync(officer03, _live));
        await Assert.ThrowsAsync<NotFoundException>(() => Minutes.GetAsync(delegate01, _live));
        await Assert.ThrowsAsync<NotFoundException>(() => Minutes.SignOffAsync(officer07, _live, 1));
        await Assert.ThrowsAsync<NotFoundException>(() => Minutes.SubmitAsync(convener2, _live, "x"));

        Assert.Equal(SessionStatus.Adjourned, (await Minutes.GetAsync(_convener, _live)).Status);
    }

    [Fact]
    public async Task Minutes_BeforeTheSessionIsAdjourned_AreRefused_AndNothingIsStored()
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() => Minutes.SubmitAsync(_convener, _live, "# 纪要"));

        Assert.Contains("闭会", ex.Message);
        await using var db = _db.NewContext();
        Assert.False(await db.MinutesVersions.AnyAsync(v => v.SessionId == _live));
        Assert.Equal("", await db.Sessions.Where(s => s.Id == _live).Select(s => s.MinutesMarkdown).SingleAsync());
    }
}
