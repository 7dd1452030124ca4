using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Motions;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class MotionServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private Actor _sponsor = null!;
    private int _live;

    private MotionService Motions => _db.Get<MotionService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _sponsor = await _db.ActorAsync("delegate11");
        _live = (await _db.Get<SessionService>().ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Demo_Street1_HasAnAdmittedMotion_AndASubmittedOneWithTwoCosigners()
    {
        var rows = await Motions.ListAsync(await _db.ActorAsync("delegate20"));

        // Besides last quarter's four adopted motions (now resolutions or a draft of one).
        Assert.Equal(4, rows.Count(r => r.Status == MotionStatus.Adopted));
        Assert.Equal(2, rows.Count(r => r.Status != MotionStatus.Adopted));
        var admitted = rows.Single(r => r.Status == MotionStatus.Admitted);
        Assert.Equal(_live, admitted.SessionId);
        var submitted = rows.Single(r => r.Status == MotionStatus.Submitted);
        Assert.Equal((2, 5), (submitted.Cosigners, submitted.Needed));
    }

    [Fact]
    public async Task DraftSubmitCosignByFiveAdmit_PutsAMotionVoteAtTheEndOfTheAgenda()
    {
        var id = await Motions.DraftAsync(_sponsor, new MotionInput("关于增设社区公共自行车站点的议案", "## 建议\n在东风社区北门增设一个站点。"));
        await Motions.SubmitAsync(_sponsor, id);
        for (var i = 21; i <= 25; i++)
        {
            await Motions.CosignAsync(await _db.ActorAsync($"delegate{i:D2}"), id);
        }
        var before = (await _db.Get<SnapshotBuilder>().ReadAsync(_convener, _live)).Items.Count;

        var itemId = await Motions.AdmitAsync(_convener, id, _live);

        var items = (await _db.Get<SnapshotBuilder>().ReadAsync(_convener, _live)).Items;
        Assert.Equal(before + 1, items.Count);
        var last = items[^1];
        Assert.Equal((itemId, AgendaItemType.MotionVote, id), (last.Id, last.Type, last.MotionId));
        Assert.Equal("关于增设社区公共自行车站点的议案", last.Title);
        var motion = await Motions.GetAsync(_sponsor, id);
        Assert.Equal((MotionStatus.Admitted, _live, 5), (motion.Status, motion.SessionId, motion.Cosigners.Count));
        Assert.Contains(new MotionChanged(_convener.StreetId!.Value, id), _db.Events.All);
        Assert.Contains(new SessionChanged(_convener.StreetId!.Value, _live), _db.Events.All);
    }

    [Fact]
    public async Task Admit_WithTooFewCosigners_IsRefusedWithTheCounts_AndTheAgendaIsUnchanged()
    {
        var canteen = (await Motions.ListAsync(_convener)).Single(r => r.Status == MotionStatus.Submitted).Id;
        var before = (await _db.Get<SnapshotBuilder>().ReadAsync(_convener, _live)).Items.Count;

        var refused = await Assert.ThrowsAsync<DomainException>(() => Motions.AdmitAsync(_convener, canteen, _live));

        Assert.Contains("2 名代表附议", refused.Message);
        Assert.Contains("需要 5 名", refused.Message);
        Assert.Equal(before, (await _db.Get<SnapshotBuilder>().ReadAsync(_convener, _live)).Items.Count);
        Assert.Equal(MotionStatus.Submitted, (await Motions.GetAsync(_convener, canteen)).Status);
    }

    [Fact]
    public async Task Cosign_ByTheSponsor_IsRefused()
    {
        var id = await SubmittedMotionAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() => Motions.CosignAsync(_sponsor, id));

        Assert.Contains("领衔人", refused.Message);
        var motion = await Motions.GetAsync(_sponsor, id);
        Assert.Empty(motion.Cosigners);
        Assert.False(MotionService.CanCosign(_sponsor, motion));
        Assert.True(MotionService.CanCosign(await _db.ActorAsync("delegate12"), motion));
    }

    [Fact]
    public async Task Draft_IsSeenOnlyByItsSponsor_OtherDelegatesGetNotFound()
    {
        var id = await Motions.DraftAsync(_sponsor, new MotionInput("草稿议案", "还没写完。"));
        var other = await _db.ActorAsync("delegate12");

        await Assert.ThrowsAsync<NotFoundException>(() => Motions.GetAsync(other, id));
        await Assert.ThrowsAsync<NotFoundException>(() => Motions.CosignAsync(other, id));

        Assert.DoesNotContain(await Motions.ListAsync(other), r => r.Id == id);
        Assert.Contains(await Motions.ListAsync(_sponsor), r => r.Id == id);
        Assert.Equal(MotionStatus.Draft, (await Motions.GetAsync(_sponsor, id)).Status);
    }

    [Fact]
    public async Task DelegateOfAnotherStreet_GetsNotFound_AndDoesNotSeeTheList()
    {
        var id = await SubmittedMotionAsync();
        var stranger = await _db.ActorAsync("delegate41");

        await Assert.ThrowsAsync<NotFoundException>(() => Motions.GetAsync(stranger, id));
        await Assert.ThrowsAsync<NotFoundException>(() => Motions.CosignAsync(stranger, id));

        Assert.Empty(await Motions.ListAsync(stranger));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public async Task Return_WithoutAReason_IsRefused_WithAReasonGiven_ShowsItToTheSponsor(string? reason)
    {
        var id = await SubmittedMotionAsync();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Motions.ReturnAsync(_convener, id, reason));
        await Motions.ReturnAsync(_convener, id, "  请补充选址和费用测算。 ");

        Assert.NotNull(refused.ErrorFor("Reason"));
        var motion = await Motions.GetAsync(_sponsor, id);
        Assert.Equal((MotionStatus.Returned, "请补充选址和费用测算。"), (motion.Status, motion.ReturnReason));
    }

    [Fact]
    public async Task Return_OrAdmit_ByADelegate_IsForbidden()
    {
        var id = await SubmittedMotionAsync();
        var other = await _db.ActorAsync("delegate12");

        await Assert.ThrowsAsync<ForbiddenException>(() => Motions.ReturnAsync(other, id, "不行"));
        await Assert.ThrowsAsync<ForbiddenException>(() => Motions.AdmitAsync(other, id, _live));

        Assert.False(MotionService.CanDecideAdmission(other, await Motions.GetAsync(other, id)));
        Assert.True(MotionService.CanDecideAdmission(_convener, await Motions.GetAsync(_convener, id)));
    }

    [Fact]
    public async Task WithdrawCosignature_TakesTheDelegateOffTheList()
    {
        var id = await SubmittedMotionAsync();
        var other = await _db.ActorAsync("delegate12");
        await Motions.CosignAsync(other, id);
        await Motions.CosignAsync(other, id);

        var cosigned = await Motions.GetAsync(other, id);
        await Motions.WithdrawCosignatureAsync(other, id);

        Assert.Equal((1, true), (cosigned.Cosigners.Count, cosigned.CosignedByMe));
        var after = await Motions.GetAsync(other, id);
        Assert.Equal((0, false), (after.Cosigners.Count, after.CosignedByMe));
    }

    [Fact]
    public async Task Markdown_WithScriptAndJavascriptLinks_NeverReachesTextHtml()
    {
        const string text = """
            正文<script>alert('x')</script>

            [点我](javascript:alert(1)) 和 <a href="javascript:alert(2)">这里</a>

            <img src=x onerror=alert(3)>

            [正常链接](https://example.org/plan) **加粗**
            """;

        var id = await Motions.DraftAsync(_sponsor, new MotionInput("带脚本的议案", text));

        var motion = await Motions.GetAsync(_sponsor, id);
        Assert.Equal(text.Trim(), motion.TextMarkdown);
        // Raw HTML may survive as escaped, visible text; what matters is that no tag carries it.
        var tags = System.Text.RegularExpressions.Regex.Matches(motion.TextHtml, "<[^>]*>").Select(m => m.Value).ToList();
        Assert.DoesNotContain(tags, t => t.StartsWith("<script", StringComparison.OrdinalIgnoreCase) || t.StartsWith("<img", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(tags, t => t.Contains("javascript:", StringComparison.OrdinalIgnoreCase) || t.Contains("onerror", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("<a href=\"https://example.org/plan\">正常链接</a>", motion.TextHtml);
        Assert.Contains("<strong>加粗</strong>", motion.TextHtml);
    }

    [Fact]
    public async Task Withdraw_BySponsor_RemovesCosignatures_AndOnlyTheSponsorMayWithdraw()
    {
        var id = await SubmittedMotionAsync();
        var other = await _db.ActorAsync("delegate12");
        await Motions.CosignAsync(other, id);

        await Assert.ThrowsAsync<ForbiddenException>(() => Motions.WithdrawAsync(other, id));
        await Motions.WithdrawAsync(_sponsor, id);

        var motion = await Motions.GetAsync(other, id);
        Assert.Equal(MotionStatus.Withdrawn, motion.Status);
        Assert.Empty(motion.Cosigners);
        await Assert.ThrowsAsync<DomainException>(() => Motions.CosignAsync(other, id));
    }

    private async Task<int> SubmittedMotionAsync()
    {
        var id = await Motions.DraftAsync(_sponsor, new MotionInput("关于增设社区公共自行车站点的议案", "在东风社区北门增设一个站点。"));
        await Motions.SubmitAsync(_sponsor, id);
        return id;
    }
}
