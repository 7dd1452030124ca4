using Bunit;
using CongressHub.Domain.Resolutions;
using CongressHub.Tests.Support;
using CongressHub.Web.Resolutions;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Resolutions;

/// <summary>
/// The in-app resolution pages: the convener checks a draft's wording and publishes it, and moderates residents' comments
/// live; others read published ones only.
/// </summary>
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
        Assert.Contains("待核对公布", first.TextContent);
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
    public async Task Draft_ShowsItsEditor_TheTextAsAdopted_WhatChanged_AndItsVersions()
    {
        var draft = await DraftAsync();
        SignInAs("convener");
        RenderProviders();

        var page = Render<ResolutionPage>(p => p.Add(x => x.Id, draft.Id));

        page.WaitForAssertion(() => Assert.Equal(draft.Title, page.Find("#wording-title").GetAttribute("value")));
        Assert.Contains("核对无误后公布决议", page.Find("#draft-note").TextContent);
        Assert.Contains("关于规范小区内快递柜设置的议案", page.Find("#as-adopted").TextContent);
        Assert.Contains("建议", page.Find("#wording-diff del").TextContent);
        Assert.Equal(2, page.FindAll("#wording-versions li").Count);
        Assert.Contains("第 1 版 · 召集人·示例街道", page.Find("#wording-versions li[data-version='1']").TextContent);
        Assert.DoesNotContain("convener", page.Find("#wording-versions").TextContent);
        Assert.False(page.Find("#publish-resolution").HasAttribute("disabled"));
        Assert.True(page.Find("#save-wording").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("#notice-panel"));
        Assert.Empty(page.FindAll("#public-page"));
        Assert.NotNull(page.Find("#assign"));
    }

    [Fact]
    public async Task Convener_EditsTheDraft_SeesTheNewVersion_ThenPublishesItAfterConfirming()
    {
        var draft = await DraftAsync();
        SignInAs("convener");
        RenderProviders();
        var page = Render<ResolutionPage>(p => p.Add(x => x.Id, draft.Id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#wording-text")));

        await page.InvokeAsync(() => page.Find("#wording-text").Input("## 决议内容\n各小区快递柜统一设置在小区出入口附近，**不得占用消防通道和绿地**。"));
        page.WaitForAssertion(() => Assert.Contains("<strong>不得占用消防通道和绿地</strong>", page.Find("#wording-preview").InnerHtml));
        Assert.True(page.Find("#publish-resolution").HasAttribute("disabled"));
        Assert.Contains("保存后才能公布", page.Find("#publish-hint").TextContent);
        await page.InvokeAsync(() => page.Find("#save-wording").Click());

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("#wording-versions li").Count));
        Assert.Contains("## 决议内容", page.Find("#wording-diff").TextContent);
        await page.InvokeAsync(() => page.Find("#publish-resolution").Click());
        Dialogs.WaitForAssertion(() => Assert.Contains("不能再修改", Dialogs.Markup));
        await Dialogs.InvokeAsync(() => Dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "公布决议").Click());

        page.WaitForAssertion(() => Assert.Contains("决议编号", page.Markup));
        var published = await Resolutions.GetAsync(Me, draft.Id);
        Assert.Equal(ResolutionStatus.Published, published.Status);
        Assert.Contains(published.Number!, page.Markup);
        Assert.Contains("<h2>决议内容</h2>", page.Find("#resolution-text").InnerHtml);
        Assert.Empty(page.FindAll("#draft-editor"));
        Assert.NotNull(page.Find("#wording-history"));
    }

    [Fact]
    public async Task Convener_SavingAnEmptyText_SeesTheRefusalOnTheField_AndNothingIsSaved()
    {
        var draft = await DraftAsync();
        SignInAs("convener");
        RenderProviders();
        var page = Render<ResolutionPage>(p => p.Add(x => x.Id, draft.Id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#wording-text")));

        var versions = (await Resolutions.GetAsync(Me, draft.Id)).Versions.Count;

        await page.InvokeAsync(() => page.Find("#wording-text").Input("   "));
        page.WaitForAssertion(() => Assert.False(page.Find("#save-wording").HasAttribute("disabled")));
        await page.InvokeAsync(() => page.Find("#save-wording").Click());

        page.WaitForAssertion(() => Assert.Contains("请填写“决议内容”。", page.Find("#draft-editor").TextContent));
        Assert.Equal(versions, (await Resolutions.GetAsync(Me, draft.Id)).Versions.Count);
    }
}
