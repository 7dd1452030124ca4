using Bunit;
using CongressHub.Domain.Resolutions;
using CongressHub.Tests.Support;
using CongressHub.Web.Resolutions;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Resolutions;

/// <summary>The in-app resolution pages: the convener moderates residents' comments live; others read published ones only.</summary>
public class ResolutionPagesTests : ComponentTest
{
    private ResolutionService Resolutions => Db.Get<ResolutionService>();

    /// <summary>The demo's resolution in its notice period, with one approved and one pending comment.</summary>
    private async Task<ResolutionRow> InNoticeAsync() =>
        (await Resolutions.ListAsync(await Db.ActorAsync("convener"))).Single(r => r.Notice == NoticeState.Open);

    private async Task<ResolutionRow> DraftAsync() =>
        (await Resolutions.ListAsync(await Db.ActorAsync("convener"))).Single(r => r.Status == ResolutionStatus.Draft);

    [Fact]
    public async Task List_ShowsTheDraftFirst_AsADraft_AndCountsPendingComments_ForTheConvener()
    {
        var draft = await DraftAsync();
        var inNotice = await InNoticeAsync();
        SignInAs("convener");
        RenderProviders();

        var page = Render<ResolutionsPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-resolution]")));
        var first = page.FindAll("[data-resolution]")[0];
        Assert.Equal(draft.Id.ToString(), first.GetAttribute("data-resolution"));
        Assert.Contains("草稿", first.TextContent);
        Assert.Contains("表决结果尚未公布", first.TextContent);
        Assert.Contains("1 条意见待审核", page.Find($"[data-resolution='{inNotice.Id}']").TextContent);
        Assert.Contains(inNotice.Number!, page.Find($"[data-resolution='{inNotice.Id}']").TextContent);
    }

    [Fact]
    public async Task Convener_SeesThePendingComment_AndApprovingItWithAReply_ChangesItsStatus()
    {
        var resolution = await InNoticeAsync();
        SignInAs("convener");
        RenderProviders();
        var page = Render<ResolutionPage>(p => p.Add(x => x.Id, resolution.Id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("li.comment[data-status='Pending']")));
        var pending = page.Find("li.comment[data-status='Pending']");
        var id = pending.GetAttribute("data-comment");
        Assert.Contains("施工期间噪音请控制在白天", pending.TextContent);
        Assert.Equal("1", page.Find("[data-count='pending']").TextContent);

        await page.InvokeAsync(() => page.Find($"#reply-{id}").Change("施工时间将限定在工作日白天。"));
        await page.InvokeAsync(() => page.Find($"#approve-{id}").Click());

        page.WaitForAssertion(() =>
        {
            var comment = page.Find($"li.comment[data-comment='{id}']");
            Assert.Equal("Approved", comment.GetAttribute("data-status"));
            Assert.Contains("已公开", comment.TextContent);
            Assert.Contains("施工时间将限定在工作日白天。", comment.TextContent);
            Assert.Equal("0", page.Find("[data-count='pending']").TextContent);
        });
        var stored = (await Resolutions.GetAsync(Me, resolution.Id)).Comments.Single(c => c.Id.ToString() == id);
        Assert.Equal((CommentStatus.Approved, "施工时间将限定在工作日白天。"), (stored.Status, stored.Reply));
    }

    [Fact]
    public async Task ResidentsNewComment_AppearsOnTheModeratorsOpenPage_WithoutReload()
    {
        var resolution = await InNoticeAsync();
        SignInAs("convener");
        RenderProviders();
        var page = Render<ResolutionPage>(p => p.Add(x => x.Id, resolution.Id));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("li.comment[data-status='Pending']")));

        var id = await Resolutions.CommentAsync("shiyan", resolution.Number!, "电梯井位置请避开一楼住户的窗户。");

        page.WaitForAssertion(() =>
        {
            var comment = page.Find($"li.comment[data-comment='{id}']");
            Assert.Equal("Pending", comment.GetAttribute("data-status"));
            Assert.Contains("电梯井位置请避开一楼住户的窗户。", comment.TextContent);
            Assert.Equal("2", page.Find("[data-count='pending']").TextContent);
            Assert.NotNull(page.Find($"#approve-{id}"));
        });
    }

    [Fact]
    public async Task Delegate_SeesNoDraft_AndNoModerationControls()
    {
        var draft = await DraftAsync();
        var resolution = await InNoticeAsync();
        SignInAs("delegate01");
        RenderProviders();

        var list = Render<ResolutionsPage>();
        var detail = Render<ResolutionPage>(p => p.Add(x => x.Id, resolution.Id));

        list.WaitForAssertion(() => Assert.NotEmpty(list.FindAll("[data-resolution]")));
        Assert.Empty(list.FindAll($"[data-resolution='{draft.Id}']"));
        Assert.DoesNotContain(draft.Title, list.Markup);
        Assert.DoesNotContain("草稿", list.Markup);
        Assert.DoesNotContain("待审核", list.Markup);
        detail.WaitForAssertion(() => Assert.NotNull(detail.Find("#notice-state")));
        Assert.Empty(detail.FindAll("#comments-panel"));
        Assert.Empty(detail.FindAll("[id^='approve-'], [id^='reject-']"));
        Assert.DoesNotContain("施工期间噪音请控制在白天", detail.Markup);
        Assert.Empty(detail.FindAll("#set-notice"));
        Assert.Empty(detail.FindAll("#assign"));
        Assert.NotNull(detail.Find("#implementation-link"));
    }

    [Fact]
    public async Task Delegate_OpeningADraft_GetsNotFound()
    {
        var draft = await DraftAsync();
        SignInAs("delegate01");
        RenderProviders();
        var notFound = false;
        Services.GetRequiredService<NavigationManager>().OnNotFound += (_, _) => notFound = true;

        var page = Render<ResolutionPage>(p => p.Add(x => x.Id, draft.Id));

        page.WaitForAssertion(() => Assert.True(notFound));
        Assert.DoesNotContain(draft.Title, page.Markup);
    }

    [Fact]
    public async Task Draft_ExplainsThatPublishingTheVoteResultPublishesIt()
    {
        var draft = await DraftAsync();
        SignInAs("convener");
        RenderProviders();

        var page = Render<ResolutionPage>(p => p.Add(x => x.Id, draft.Id));

        page.WaitForAssertion(() => Assert.Contains("公布这项表决的结果后", page.Find("#draft-note").TextContent));
        Assert.Empty(page.FindAll("#notice-panel"));
        Assert.Empty(page.FindAll("#public-page"));
        Assert.NotNull(page.Find("#assign"));
    }
}
