using Bunit;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using CongressHub.Web.Councils;
using CongressHub.Web.Directory;
using CongressHub.Web.Tracking;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Councils;

/// <summary>The officer in charge's page (/charge), passing an opinion on from it, and the community's line naming its officer.</summary>
public class ChargePagesTests : ComponentTest
{
    private TrackingService Tracking => Db.Get<TrackingService>();

    private async Task<int> RecordAsync(string staffAccount, string text)
    {
        var staff = await Db.ActorAsync(staffAccount);
        return await Tracking.RecordOpinionAsync(staff, new OpinionInput(staff.CommunityId!.Value, new DateOnly(2026, 11, 1), text,
            OpinionCategory.Sanitation, GovernmentLevel.Street, "王阿姨", null, Publishable: false));
    }

    [Fact]
    public async Task ChargePage_ShowsTheOfficersCommunitiesOpinionsLive_AndRecordsAPassOn()
    {
        SignInAs("officer03");
        RenderProviders();
        var page = Render<ChargePage>();
        page.WaitForAssertion(() => Assert.Equal(["东风社区", "春晖社区"], page.FindAll("section[data-community] h2").Select(h => h.FirstChild!.TextContent.Trim())));
        Assert.Contains("2026年", page.Find("h3").TextContent);

        var mine = await RecordAsync("staff01", "东风社区楼道灯坏了很久");
        var notMine = await RecordAsync("staff02", "朝阳社区路面坑洼");

        page.WaitForAssertion(() => Assert.Contains("未转呈", page.Find($"[data-item='{mine}']").TextContent));
        Assert.Empty(page.FindAll($"[data-item='{notMine}']"));

        page.Find($"[data-pass-on='{mine}']").Click();
        Dialogs.WaitForAssertion(() => Assert.NotNull(Dialogs.Find("#pass-on-save")));
        Dialogs.Find("#pass-on-note").Input(new string('长', PassOn.NoteMaxLength + 1));
        Dialogs.Find("#pass-on-save").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("最多 500 个字", Dialogs.Markup));
        await using (var db = Db.NewContext())
        {
            Assert.False(await db.PassOns.AnyAsync(p => p.TrackedItemId == mine));
        }
        Dialogs.Find("#pass-on-note").Input("居民反映强烈，请街道领导关注。");
        Dialogs.Find("#pass-on-save").Click();

        page.WaitForAssertion(() => Assert.Contains("已转呈 1 次", page.Find($"[data-item='{mine}']").TextContent));
        Assert.Empty(Dialogs.FindAll("#pass-on-save"));
    }

    [Fact]
    public async Task TrackedItemPage_ShowsThePassOnInTheHistory_AndOffersPassingOnOnlyToTheOfficerInCharge()
    {
        var id = await RecordAsync("staff01", "东风社区垃圾桶不够用");
        await Db.Get<ChargeService>().PassOnAsync(await Db.ActorAsync("officer03"), id, new PassOnInput(PassOnTarget.Leaders, null, "请研究。"));

        SignInAs("convener");
        RenderProviders();
        var page = Render<TrackedItemPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Contains("转呈：街道领导", page.Find("#history").TextContent));
        Assert.Contains("请研究。", page.Find("#history").TextContent);
        Assert.Empty(page.FindAll("#pass-on"));
    }

    [Fact]
    public async Task TrackedItemPage_OffersTheOfficerInChargeToPassOn()
    {
        var id = await RecordAsync("staff01", "东风社区楼下有积水");
        SignInAs("officer03");
        RenderProviders();

        var page = Render<TrackedItemPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("#pass-on")));
        Assert.Empty(page.FindAll("#private-data"));
    }

    [Fact]
    public async Task CommunitiesPage_NamesEachCommunitysOfficerInCharge()
    {
        SignInAs("convener");
        RenderProviders();

        var page = Render<CommunitiesPage>();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-set-officer]").Count));
        await using var db = Db.NewContext();
        var first = await db.Communities.Where(c => c.Name == "东风社区").Select(c => new { c.Id, Officer = db.Officers.Single(o => o.Id == c.OfficerInChargeId) }).SingleAsync();
        Assert.Contains(first.Officer.Name, page.Find($"[data-officer-cell='{first.Id}']").TextContent);
    }

    [Fact]
    public async Task OfficerInChargeLine_NamesThePostAndName_OrNothing()
    {
        await using var db = Db.NewContext();
        var community = await db.Communities.Where(c => c.Name == "东风社区").SingleAsync();
        var officer = await db.Officers.SingleAsync(o => o.Id == community.OfficerInChargeId);
        await Db.Get<ChargeService>().SetOfficerInChargeAsync(await Db.ActorAsync("convener"), (await db.Communities.SingleAsync(c => c.Name == "和平社区")).Id, null);
        var none = await db.Communities.Where(c => c.Name == "和平社区").SingleAsync();

        var line = Render<OfficerInChargeLine>(p => p.Add(x => x.StreetId, community.StreetId).Add(x => x.CommunityId, community.Id));
        var empty = Render<OfficerInChargeLine>(p => p.Add(x => x.StreetId, none.StreetId).Add(x => x.CommunityId, none.Id));
        var otherStreet = Render<OfficerInChargeLine>(p => p.Add(x => x.StreetId, community.StreetId + 1).Add(x => x.CommunityId, community.Id));

        line.WaitForAssertion(() => Assert.Equal($"包干干部：{officer.Position} {officer.Name}", line.Find("p").TextContent));
        Assert.Equal("", empty.Markup.Trim());
        Assert.Equal("", otherStreet.Markup.Trim());
    }
}
