using Bunit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using CongressHub.Web.Tracking;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Tracking;

/// <summary>The closed loop's working pages: items shown live, and each move offered only to whom the service lets make it.</summary>
public class TrackingPagesTests : ComponentTest
{
    private TrackingService Tracking => Db.Get<TrackingService>();

    /// <summary>A resident's opinion recorded by staff01 for their community (东风社区) this month.</summary>
    private async Task<int> RecordAsync(string text = "小区东门路灯坏了一个月，晚上出行不安全。", string staffAccount = "staff01")
    {
        var staff = await Db.ActorAsync(staffAccount);
        return await Tracking.RecordOpinionAsync(staff, new OpinionInput(staff.CommunityId!.Value, new DateOnly(2026, 11, 1), text,
            OpinionCategory.UrbanManagement, GovernmentLevel.Street, "王阿姨", "13900000000", Publishable: true));
    }

    /// <summary>Accepted by the convener and assigned at once to the department officer03 heads (民政科).</summary>
    private async Task<int> AssignedToCivilAffairsAsync()
    {
        var id = await RecordAsync();
        var convener = await Db.ActorAsync("convener");
        var department = (await Db.Get<DirectoryService>().ListDepartmentsAsync(convener)).Single(d => d.Name == "民政科");
        await Tracking.AcceptAsync(convener, id, department.Id, new DateOnly(2026, 12, 20));
        return id;
    }

    private static string Squeeze(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s", "");

    [Fact]
    public async Task List_ShowsAnOpinionLive_WhenStaffRecordIt()
    {
        SignInAs("convener");
        RenderProviders();
        var page = Render<TrackingPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#track-summary")));
        var before = page.FindAll("[data-item]").Count;

        var id = await RecordAsync();

        page.WaitForAssertion(() =>
        {
            var title = page.Find($"[data-item='{id}']");
            Assert.Contains("小区东门路灯坏了一个月", title.TextContent);
            Assert.Contains("城市管理", title.TextContent);
            // The newest first, on a first page of 50 rows.
            Assert.Equal(Math.Min(before + 1, TrackingService.PageSize), page.FindAll("[data-item]").Count);
        });
    }

    [Fact]
    public async Task List_ShowsOverdueInWords_AndFiltersToOverdueOnly()
    {
        var overdue = await AssignedToCivilAffairsAsync();
        await RecordAsync("楼道堆放杂物。");
        Db.Clock.Advance(TimeSpan.FromDays(30));
        SignInAs("convener");
        RenderProviders();
        var page = Render<TrackingPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-item='{overdue}']")));
        Assert.Contains("项逾期", page.Find("#track-summary").TextContent);
        var all = page.FindAll("[data-item]").Count;

        await page.InvokeAsync(() => page.Find("#filter-overdue").Change(true));

        page.WaitForAssertion(() =>
        {
            var rows = page.FindAll("[data-item]");
            Assert.InRange(rows.Count, 1, all - 1);
            var row = page.Find($"[data-item='{overdue}']").ParentElement!;
            Assert.Contains("已逾期", row.TextContent);
        });
    }

    [Fact]
    public async Task Detail_OffersAnswer_ToTheResponsibleDepartmentsOfficer()
    {
        var id = await AssignedToCivilAffairsAsync();
        SignInAs("officer03");
        RenderProviders();

        var page = Render<TrackedItemPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("#answer")));
        Assert.NotEmpty(page.FindAll("#intention"));
        Assert.Empty(page.FindAll("#decide"));
        Assert.Empty(page.FindAll("#assign"));
        Assert.Empty(page.FindAll("#private-data"));
        Assert.DoesNotContain("王阿姨", page.Markup);
    }

    [Fact]
    public async Task Detail_DoesNotOfferAnswer_ToAnotherDepartmentsOfficer()
    {
        var id = await AssignedToCivilAffairsAsync();
        SignInAs("officer04");
        RenderProviders();

        var page = Render<TrackedItemPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Contains("民政科", page.Find("#responsible").TextContent));
        Assert.Empty(page.FindAll("#answer"));
        Assert.Empty(page.FindAll("#intention"));
        Assert.Empty(page.FindAll("#done"));
    }

    [Theory]
    [InlineData("convener", true)]
    [InlineData("officer01", true)]
    [InlineData("officer02", true)]
    [InlineData("officer03", false)]
    [InlineData("officer05", false)]
    [InlineData("staff01", false)]
    public async Task Detail_OffersDecide_OnlyToConvenersAndLeaders(string user, bool offered)
    {
        var id = await AssignedToCivilAffairsAsync();
        SignInAs(user);
        RenderProviders();

        var page = Render<TrackedItemPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("#history")));
        Assert.Equal(offered, page.FindAll("#decide").Count == 1);
    }

    [Fact]
    public async Task Detail_Answer_NeedsAText_ThenShowsTheAnswerAndItsHistory()
    {
        var id = await AssignedToCivilAffairsAsync();
        SignInAs("officer03");
        RenderProviders();
        var page = Render<TrackedItemPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#answer")));

        page.Find("#answer").Click();
        Dialogs.WaitForAssertion(() => Assert.NotNull(Dialogs.Find("#note-confirm")));
        Dialogs.Find("#note-confirm").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("请填写“答复”", Dialogs.Markup));
        Dialogs.Find("#note-input").Change("已联系路灯管理所，本周内修复。");
        Dialogs.Find("#note-confirm").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("已联系路灯管理所", page.Find("#answer-text").TextContent);
            var last = page.FindAll("#history li").Last().TextContent;
            Assert.Contains("已交办", last);
            Assert.Contains("已答复", last);
            Assert.Contains("本周内修复", last);
            Assert.Empty(page.FindAll("#answer"));
        });
    }

    [Fact]
    public async Task Detail_ShowsTheResidentsDetails_ToTheConvener_AndAnotherOfficersMoveLive()
    {
        var id = await AssignedToCivilAffairsAsync();
        SignInAs("convener");
        RenderProviders();
        var page = Render<TrackedItemPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Contains("王阿姨", page.Find("#private-data").TextContent));

        await Tracking.StateIntentionAsync(await Db.ActorAsync("officer03"), id, "需要区里批准，先做方案。");

        page.WaitForAssertion(() => Assert.Contains("需要区里批准", page.Find("#intention-text").TextContent));
    }

    [Fact]
    public async Task Detail_OfATask_OffersItsCommunitysStaffProgressAndDone_ButNothingToAnswer()
    {
        var convener = await Db.ActorAsync("convener");
        var staff = await Db.ActorAsync("staff02");
        var work = Db.Get<CongressHub.Domain.Committee.CommitteeWorkService>();
        var request = await work.SubmitAsync(convener, new CongressHub.Domain.Committee.CommitteeRequestInput("组织冬季消防安全检查", "请各社区组织志愿者逐楼检查。", null));
        var ids = await work.AssignAsync(convener, request, new CongressHub.Domain.Committee.CommitteeAssignInput("志愿者逐楼检查。", [staff.CommunityId!.Value], new DateOnly(2026, 12, 26)));
        SignInAs("staff02");
        RenderProviders();

        var page = Render<TrackedItemPage>(p => p.Add(x => x.Id, ids.Single()));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("#progress")));
        Assert.NotEmpty(page.FindAll("#done"));
        Assert.Empty(page.FindAll("#answer"));
        Assert.Empty(page.FindAll("#intention"));
        Assert.Empty(page.FindAll("#decide"));
    }

    [Fact]
    public void Detail_OfAnUnknownItem_IsNotFound()
    {
        SignInAs("convener");
        RenderProviders();
        var notFound = false;
        Services.GetRequiredService<NavigationManager>().OnNotFound += (_, _) => notFound = true;

        Render<TrackedItemPage>(p => p.Add(x => x.Id, 999_999));

        Assert.True(notFound);
    }

    [Fact]
    public async Task WorkList_ShowsTheDepartmentsItem_ToItsOfficerOnly()
    {
        var id = await AssignedToCivilAffairsAsync();
        SignInAs("officer03");
        RenderProviders();

        var page = Render<WorkListPage>();

        page.WaitForAssertion(() => Assert.Contains("2026-12-20", page.Find($"[data-item='{id}']").TextContent));
    }

    [Fact]
    public async Task WorkList_OfAnotherDepartmentsOfficer_LeavesTheItemOut()
    {
        var id = await AssignedToCivilAffairsAsync();
        SignInAs("officer04");
        RenderProviders();

        var page = Render<WorkListPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#no-work, #work-list")));
        Assert.Empty(page.FindAll($"[data-item='{id}']"));
    }

    [Fact]
    public async Task MonthlyGrid_CountsRecordedOpinions_AndShowsACompiledMonthLive()
    {
        // staff05's community has recorded nothing this month in the demo and not compiled it.
        await RecordAsync(staffAccount: "staff05");
        await RecordAsync("垃圾清运不及时。", "staff05");
        SignInAs("convener");
        RenderProviders();
        var page = Render<MonthlyGridPage>();
        var staff = await Db.ActorAsync("staff05");
        var cell = $"tr[data-community='{staff.CommunityId}'] td[data-month='11']";
        page.WaitForAssertion(() => Assert.Equal("2✗未汇总", Squeeze(page.Find(cell).TextContent)));

        await Tracking.CompileMonthAsync(staff, staff.CommunityId!.Value, new DateOnly(2026, 11, 1));

        page.WaitForAssertion(() => Assert.Equal("2✓已汇总", Squeeze(page.Find(cell).TextContent)));
    }
}
