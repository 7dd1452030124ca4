using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;

namespace CongressHub.Tests.Sessions;

public class SessionRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 11, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(40, 0, 21, false)]
    [InlineData(40, 20, 21, false)]
    [InlineData(40, 21, 21, true)]
    [InlineData(41, 21, 21, true)]
    [InlineData(41, 20, 21, false)]
    [InlineData(1, 1, 1, true)]
    [InlineData(0, 0, 1, false)]
    public void Quorum_IsMoreThanHalfOfAllDelegates(int all, int present, int required, bool reached)
    {
        var q = new Quorum(all, present);

        Assert.Equal(required, q.Required);
        Assert.Equal(reached, q.Reached);
    }

    [Fact]
    public void Session_MovesDraftPublishedLiveAdjournedMinutesPublished()
    {
        var s = NewSession();

        s.Publish(itemCount: 3);
        s.Start(Now);
        s.Adjourn(Now.AddHours(2));
        s.SaveMinutes("# 纪要");
        s.SubmitMinutes(Now.AddDays(1));
        s.SignOffMinutes("街道办事处主任 王建国", Now.AddDays(1));

        Assert.Equal(SessionStatus.MinutesPublished, s.Status);
    }

    [Fact]
    public void Publish_WithoutAgenda_IsRefusedWithAReason()
    {
        var ex = Assert.Throws<DomainException>(() => NewSession().Publish(itemCount: 0));

        Assert.Contains("议程", ex.Message);
    }

    [Fact]
    public void Start_ADraft_IsRefused() => Assert.Throws<DomainException>(() => NewSession().Start(Now));

    [Fact]
    public void Adjourn_BeforeStart_IsRefused()
    {
        var s = NewSession();
        s.Publish(1);

        Assert.Throws<DomainException>(() => s.Adjourn(Now));
    }

    [Fact]
    public void Minutes_BeforeAdjournment_AreRefused_AndEmptyMinutesCannotBePublished()
    {
        var s = NewSession();
        s.Publish(1);
        s.Start(Now);

        Assert.Throws<DomainException>(() => s.SaveMinutes("x"));
        s.Adjourn(Now);
        Assert.Throws<DomainException>(() => s.SubmitMinutes(Now));
        Assert.Throws<DomainException>(() => s.SignOffMinutes("主任", Now));
    }

    [Fact]
    public void EnsureVersion_StaleVersion_IsAConflict()
    {
        var s = NewSession();
        var seen = s.Version;
        s.Publish(1);

        var ex = Assert.Throws<DomainException>(() => s.EnsureVersion(seen));

        Assert.Contains("另一位召集人", ex.Message);
    }

    [Fact]
    public void RenewProjectorToken_ChangesTheSecret()
    {
        var s = NewSession();
        var before = s.ProjectorToken;

        s.RenewProjectorToken();

        Assert.NotEqual(before, s.ProjectorToken);
        Assert.Equal(32, s.ProjectorToken.Length);
    }

    [Fact]
    public void AgendaItem_Input_RefusesBadMinutesAndEmptyTitle()
    {
        var ex = Assert.Throws<ValidationFailedException>(() =>
            AgendaItem.Create(1, 1, new AgendaItemInput(AgendaItemType.Other, " ", null, null, 0)));

        Assert.NotNull(ex.ErrorFor(nameof(AgendaItemInput.Title)));
        Assert.NotNull(ex.ErrorFor(nameof(AgendaItemInput.PlannedMinutes)));
    }

    [Fact]
    public void RegularTemplate_StartsWithTheFollowUpOfTheLastSession()
    {
        var template = AgendaItemInput.RegularSessionTemplate();

        Assert.Equal(AgendaItemType.FollowUpReport, template[0].Type);
        Assert.Equal(AgendaItemType.MotionVote, template[^1].Type);
    }

    [Fact]
    public void Markdown_DropsRawHtmlAndScriptLinks()
    {
        var html = Markdown.ToSafeHtml("**议程** <script>alert(1)</script> [点我](javascript:alert(1)) <img src=x onerror=alert(1)>");

        Assert.Contains("<strong>议程</strong>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.DoesNotContain("<img", html);
    }

    private static Session NewSession() =>
        Session.Create(1, 1, new SessionInput(SessionKind.Regular, "第四季度例会", Now, "社区活动中心"));
}
