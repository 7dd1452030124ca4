using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Resolutions;

namespace CongressHub.Tests.Councils;

/// <summary>A council decision's own rules: its input, its states and the refusals of moves out of order.</summary>
public class CouncilDecisionTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static CouncilDecision Draft(int days = 7) => CouncilDecision.Draft(1, 1, new CouncilDecisionInput("增设充电棚", "在东门增设充电棚。", Today, days), Today, Now);

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    public void Draft_WithNoticeDaysOutOfRange_IsRefusedOnThatField(int days)
    {
        var ex = Assert.Throws<ValidationFailedException>(() => Draft(days));

        Assert.Contains("公示天数", ex.ErrorFor(nameof(CouncilDecisionInput.NoticeDays)));
    }

    [Fact]
    public void Draft_WithATitleTooLong_AndADateAfterToday_IsRefusedOnBothFields()
    {
        var ex = Assert.Throws<ValidationFailedException>(() =>
            CouncilDecision.Draft(1, 1, new CouncilDecisionInput(new string('题', 81), "内容", Today.AddDays(1)), Today, Now));

        Assert.NotNull(ex.ErrorFor(nameof(CouncilDecisionInput.Title)));
        Assert.NotNull(ex.ErrorFor(nameof(CouncilDecisionInput.DecidedOn)));
    }

    [Fact]
    public void Publish_StartsTheNoticeNow_ForItsDays_AndTheNoticeEndsByItself()
    {
        var d = Draft(10);

        d.Publish(Now);

        Assert.Equal(Now, d.NoticeStartsUtc);
        Assert.Equal(Now.AddDays(10), d.NoticeEndsUtc);
        Assert.Equal(CouncilDecisionState.InNotice, d.StateAt(Now.AddDays(10).AddTicks(-1)));
        Assert.Equal(CouncilDecisionState.NoticeEnded, d.StateAt(Now.AddDays(10)));
    }

    [Fact]
    public void Edit_OncePublished_IsRefused_AndPublishingTwiceToo()
    {
        var d = Draft();
        d.Publish(Now);

        var edit = Assert.Throws<DomainException>(() => d.Edit(new CouncilDecisionInput("新标题", "新内容", Today), Today));
        var again = Assert.Throws<DomainException>(() => d.Publish(Now.AddDays(1)));

        Assert.Contains("已经公示", edit.Message);
        Assert.Contains("已经公示过", again.Message);
        Assert.Equal("增设充电棚", d.Title);
        Assert.Equal(Now, d.NoticeStartsUtc);
    }

    [Fact]
    public void CarryOut_DuringTheNotice_IsRefused_SayingWhenItEnds()
    {
        var d = Draft();
        d.Publish(Now);

        var ex = Assert.Throws<DomainException>(() => d.RequireNoticeEnded(Now.AddDays(3)));

        Assert.Contains("不能提前结束", ex.Message);
        Assert.Equal(CouncilDecisionState.InNotice, d.State);
    }

    [Fact]
    public void Comment_OutsideTheNotice_IsRefused()
    {
        var d = Draft();

        Assert.Throws<DomainException>(() => d.RequireOpenNotice(Now));
        d.Publish(Now);
        d.RequireOpenNotice(Now.AddDays(1));
        Assert.Throws<DomainException>(() => d.RequireOpenNotice(Now.AddDays(7)));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("看这里 <b>粗体</b>")]
    public void CommentSubmit_WithMarkup_IsRefused(string text) =>
        Assert.Throws<ValidationFailedException>(() => CouncilDecisionComment.Submit(1, text, Now));

    [Fact]
    public void CommentSubmit_IsPendingUntilModerated()
    {
        var c = CouncilDecisionComment.Submit(1, "  支持  ", Now);

        Assert.Equal(CommentStatus.Pending, c.Status);
        Assert.Equal("支持", c.Text);
        c.Moderate(true, "谢谢", Now);
        Assert.Equal(CommentStatus.Approved, c.Status);
    }
}
