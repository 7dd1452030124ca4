using System.Globalization;
using Bunit;
using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Tests.Support;
using CongressHub.Web.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Audit;

public class AuditPageTests : ComponentTest
{
    public AuditPageTests() => Services.AddSingleton(Db.Get<AuditTrail>());

    [Fact]
    public async Task AuditPage_ShowsTheStreetsNewestEntriesInShanghaiTime_AndVerifyReportsIntact()
    {
        var street = SignInAs("convener").StreetId!.Value;
        await SignInsAsync(street, "delegate01", "delegate02", "convener");
        await Db.Get<AuditTrail>().RecordSignInAsync((await Db.ActorAsync("convener2")).StreetId, "convener2", "password");
        RenderProviders();

        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("#audit-table tbody tr").Count));
        var first = page.FindAll("#audit-table tbody tr")[0];
        Assert.Contains("召集人·示例街道", first.TextContent);
        Assert.Contains("登录", first.TextContent);
        Assert.Contains("2026-11-26 10:00", first.TextContent);
        Assert.Equal("2026-11-26T10:00:03+08:00", first.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.DoesNotContain("convener2", page.Markup);

        page.Find("#verify-chain").Click();

        page.WaitForAssertion(() => Assert.Contains("记录链完好（共 3 条）", page.Find("#verify-result").TextContent));
    }

    [Fact]
    public async Task AuditPage_AfterTampering_NamesTheBrokenEntryAndWhy()
    {
        var street = SignInAs("convener").StreetId!.Value;
        await SignInsAsync(street, "delegate01", "delegate02", "convener");
        await using (var db = Db.NewContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE AuditEntries SET Details = 'card' WHERE StreetId = {street} AND Sequence = 2");
        }
        RenderProviders();
        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("#audit-table tbody tr").Count));

        page.Find("#verify-chain").Click();

        page.WaitForAssertion(() =>
        {
            var result = page.Find("#verify-result").TextContent;
            Assert.Contains("记录链在第 2 条处断开", result);
            Assert.Contains("这条记录的内容已被改动", result);
        });
        var broken = page.FindAll("#audit-table tbody tr")[1];
        Assert.Contains("row-invalid", broken.ClassName);
        Assert.Contains("校验在此条失败", broken.QuerySelector(".audit-broken-mark")!.OuterHtml);
    }

    [Theory]
    [InlineData("zh-CN", "（社区工作人员 · ", "通过公示意见", "密码", "（街道办事处主任）")]
    [InlineData("en", " (Community staff · ", "Public comment approved", "password", " (街道办事处主任)")]
    public async Task AuditPage_ShowsPeopleByNameAndPost_AndActionsInWords_WithTheKeyBeside(string culture, string staffPost, string approved, string method, string officerPost)
    {
        var street = SignInAs("convener").StreetId!.Value;
        var staff = await Db.ActorAsync("staff01");
        await SignInsAsync(street, "staff01", "officer01");
        await using (var change = await Db.Get<Changes>().BeginAsync(staff, street))
        {
            change.Audit("Comment.Approved", "Resolution 2026-Q4-01#3");
            await change.CommitAsync();
        }
        string staffName, officerName;
        await using (var db = Db.NewContext())
        {
            staffName = await db.Users.Where(u => u.UserName == "staff01").Select(u => u.DisplayName).SingleAsync();
            officerName = await db.Users.Where(u => u.UserName == "officer01").Select(u => u.DisplayName).SingleAsync();
        }
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        RenderProviders();

        var page = Render<AuditPage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("#audit-table tbody tr").Count));
        var rows = page.FindAll("#audit-table tbody tr");
        Assert.Contains(staffName + staffPost, rows[0].TextContent);
        Assert.Contains(approved, rows[0].QuerySelector(".audit-action")!.TextContent);
        Assert.Equal("Comment.Approved", rows[0].QuerySelector(".audit-key")!.TextContent);
        Assert.Contains(officerName + officerPost, rows[1].TextContent);
        Assert.Equal("Account.SignedIn", rows[1].QuerySelector(".audit-key")!.TextContent);
        Assert.Equal(method, rows[1].QuerySelector(".audit-details")!.TextContent.Trim());
        Assert.Contains("password", rows[1].QuerySelector(".audit-details span")!.GetAttribute("title"));
        Assert.Equal("staff01", rows[2].QuerySelector(".audit-user span")!.GetAttribute("title"));
        Assert.StartsWith(staffName + staffPost, rows[2].QuerySelector(".audit-subject")!.TextContent.Trim());
        var shown = page.Find("#audit-table").TextContent;
        Assert.DoesNotContain("staff01", shown);
        Assert.DoesNotContain("officer01", shown);
    }

    [Fact]
    public async Task AuditPage_OlderAndNewer_PageThroughTheChainBySequence()
    {
        var street = SignInAs("convener").StreetId!.Value;
        await SignInsAsync(street, [.. Enumerable.Repeat("delegate01", AuditTrail.PageSize + 30)]);
        RenderProviders();
        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.Equal(AuditTrail.PageSize, page.FindAll("#audit-table tbody tr").Count));
        Assert.Equal("130", FirstSequence(page));
        Assert.Equal("第 31–130 条，共 130 条", page.Find("#audit-range").TextContent);
        Assert.True(page.Find("#audit-newer").HasAttribute("disabled"));

        page.Find("#audit-older").Click();

        page.WaitForAssertion(() => Assert.Equal(30, page.FindAll("#audit-table tbody tr").Count));
        Assert.Equal("30", FirstSequence(page));
        Assert.Equal("第 1–30 条，共 130 条", page.Find("#audit-range").TextContent);
        Assert.True(page.Find("#audit-older").HasAttribute("disabled"));

        page.Find("#audit-newer").Click();

        page.WaitForAssertion(() => Assert.Equal("130", FirstSequence(page)));
        Assert.Equal(AuditTrail.PageSize, page.FindAll("#audit-table tbody tr").Count);
        Assert.False(page.Find("#audit-older").HasAttribute("disabled"));
    }

    [Fact]
    public async Task AuditPage_AfterTampering_ShowsTheBrokenEntry_OnItsPage()
    {
        var street = SignInAs("convener").StreetId!.Value;
        await SignInsAsync(street, [.. Enumerable.Repeat("delegate01", AuditTrail.PageSize + 30)]);
        await using (var db = Db.NewContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE AuditEntries SET Details = 'card' WHERE StreetId = {street} AND Sequence = 7");
        }
        RenderProviders();
        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.Equal(AuditTrail.PageSize, page.FindAll("#audit-table tbody tr").Count));
        page.Find("#verify-chain").Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#audit-show-broken")));

        page.Find("#audit-show-broken").Click();

        page.WaitForAssertion(() => Assert.Equal(7, page.FindAll("#audit-table tbody tr").Count));
        Assert.Contains("row-invalid", page.FindAll("#audit-table tbody tr")[0].ClassName);
        Assert.Equal("第 1–7 条，共 130 条", page.Find("#audit-range").TextContent);
    }

    private static string FirstSequence(IRenderedComponent<AuditPage> page) => page.Find("#audit-table tbody tr .audit-seq").TextContent.Trim();

    private async Task SignInsAsync(int street, params string[] users)
    {
        foreach (var user in users)
        {
            Db.Clock.Advance(TimeSpan.FromSeconds(1));
            await Db.Get<AuditTrail>().RecordSignInAsync(street, user, "password");
        }
    }
}
