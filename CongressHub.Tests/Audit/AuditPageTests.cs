using Bunit;
using CongressHub.Domain.Audit;
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
        Assert.Contains("convener", first.TextContent);
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

    private async Task SignInsAsync(int street, params string[] users)
    {
        foreach (var user in users)
        {
            Db.Clock.Advance(TimeSpan.FromSeconds(1));
            await Db.Get<AuditTrail>().RecordSignInAsync(street, user, "password");
        }
    }
}
