using Bunit;
using CongressHub.Domain.Accounts;
using CongressHub.Domain.Directory;
using CongressHub.Tests.Support;
using CongressHub.Web.Directory;
using CongressHub.Web.Streets;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Accounts;

public class PasswordResetPagesTests : ComponentTest
{
    [Fact]
    public void StreetsPage_CityAdmin_ResetsAConvenersPassword_AndSeesTheOneTimePasswordOnce()
    {
        SignInAs("admin");
        RenderProviders();
        var page = Render<StreetsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#street-table tbody tr").Count));

        page.FindAll("#street-table tbody tr")[1].QuerySelectorAll("button").Single(b => b.TextContent.Contains("召集人账号")).Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("convener2", Dialogs.Find("#convener-table").TextContent));
        Dialogs.FindAll("#convener-table button").Single(b => b.TextContent.Contains("重置密码")).Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("原密码立即失效", Dialogs.Markup));
        Dialogs.FindAll(".mud-message-box button, .mud-dialog-actions button").Last(b => b.TextContent.Trim() == "重置密码").Click();

        Dialogs.WaitForAssertion(() => Assert.NotEmpty(Dialogs.FindAll("#one-time-password")));
        var oneTime = Dialogs.Find("#one-time-password").TextContent.Trim();
        Assert.Equal("convener2", Dialogs.Find("#reset-username").TextContent);
        Assert.Contains("请当面交给本人", Dialogs.Markup);
        Assert.True(PasswordWorks("convener2", oneTime));
    }

    [Fact]
    public async Task DelegatePage_OffersTheReset_ForAPasswordAccountOnly()
    {
        SignInAs("convener");
        RenderProviders();
        var withPassword = (await Db.ActorAsync("delegate06")).DelegateId!.Value;
        var directory = Db.Get<DirectoryService>();
        await Db.Get<RosterImportService>().ImportAsync(Me, (await directory.GetCurrentTermAsync(Me))!.Id, "name,category,community\n卡片人,cppcc,\n"u8.ToArray());
        var cardOnly = (await directory.ListDelegatesAsync(Me, new DelegateQuery(Search: "卡片人"))).Items.Single().Id;

        var first = Render<DelegatePage>(p => p.Add(x => x.Id, withPassword));
        var second = Render<DelegatePage>(p => p.Add(x => x.Id, cardOnly));

        first.WaitForAssertion(() => Assert.NotEmpty(first.FindAll("#reset-password")));
        second.WaitForAssertion(() => Assert.Contains("卡片人", second.Markup));
        Assert.Empty(second.FindAll("#reset-password"));
    }

    [Fact]
    public void CommunitiesPage_Convener_ResetsACommunityStaffAccount_NamedOnItsCommunitysRow()
    {
        SignInAs("convener");
        RenderProviders();
        var page = Render<CommunitiesPage>();
        page.WaitForAssertion(() => Assert.Contains("(staff02)", page.Find("#community-table").TextContent));

        page.FindAll("#community-table .staff-account").Single(a => a.TextContent.Contains("(staff02)")).QuerySelector("button")!.Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("原密码立即失效", Dialogs.Markup));
        Dialogs.FindAll(".mud-message-box button, .mud-dialog-actions button").Last(b => b.TextContent.Trim() == "重置密码").Click();

        Dialogs.WaitForAssertion(() => Assert.NotEmpty(Dialogs.FindAll("#one-time-password")));
        Assert.Equal("staff02", Dialogs.Find("#reset-username").TextContent);
        Assert.True(PasswordWorks("staff02", Dialogs.Find("#one-time-password").TextContent.Trim()));
    }

    private bool PasswordWorks(string userName, string password)
    {
        using var scope = Db.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CongressUser>>();
        return users.CheckPasswordAsync(users.FindByNameAsync(userName).GetAwaiter().GetResult()!, password).GetAwaiter().GetResult();
    }
}
