using Bunit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Motions;
using CongressHub.Tests.Support;
using CongressHub.Web.Motions;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Motions;

/// <summary>The motions list and a motion's page: what each person may do, and changes by others shown without a reload.</summary>
public class MotionPagesTests : ComponentTest
{
    public MotionPagesTests() => Services.AddSingleton(Db.Get<MotionService>());

    private MotionService Motions => Db.Get<MotionService>();

    /// <summary>The demo's submitted motion: sponsored by delegate07, co-signed by delegate08 and delegate09.</summary>
    private int Canteen(Actor actor) =>
        Motions.ListAsync(actor).GetAwaiter().GetResult().Single(m => m.Status == MotionStatus.Submitted).Id;

    [Fact]
    public async Task List_ShowsANewCosignatureLive_WhenAnotherDelegateCosigns()
    {
        var me = SignInAs("delegate01");
        RenderProviders();
        var id = Canteen(me);
        var page = Render<MotionsPage>();
        page.WaitForAssertion(() => Assert.Contains("附议 2 / 5", page.Find($"[data-motion='{id}']").TextContent));

        await Motions.CosignAsync(await Db.ActorAsync("delegate10"), id);

        page.WaitForAssertion(() => Assert.Contains("附议 3 / 5", page.Find($"[data-motion='{id}']").TextContent));
    }

    [Fact]
    public async Task List_ShowsAMotionOnceItsSponsorSubmitsIt_ButNeverAnotherDelegatesDraft()
    {
        SignInAs("delegate01");
        RenderProviders();
        var page = Render<MotionsPage>();
        // The live session's two motions and last quarter's four adopted ones.
        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll(".motion-card").Count));
        var sponsor = await Db.ActorAsync("delegate15");

        var id = await Motions.DraftAsync(sponsor, new MotionInput("关于在小区门口增设减速带的议案", "车速太快。"));
        await Motions.CosignAsync(await Db.ActorAsync("delegate10"), Canteen(sponsor));
        page.WaitForAssertion(() => Assert.Contains("附议 3 / 5", page.Markup));
        Assert.Empty(page.FindAll($"[data-motion='{id}']"));
        await Motions.SubmitAsync(sponsor, id);

        page.WaitForAssertion(() => Assert.Contains("关于在小区门口增设减速带的议案", page.Find($"[data-motion='{id}']").TextContent));
    }

    [Fact]
    public void List_FilterMine_ShowsOnlyWhatISponsorOrCosigned()
    {
        SignInAs("delegate08");
        RenderProviders();
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/motions?show=mine");

        var page = Render<MotionsPage>();

        page.WaitForAssertion(() =>
        {
            var card = Assert.Single(page.FindAll(".motion-card"));
            Assert.Contains("您已附议", card.TextContent);
            Assert.Equal("page", page.Find("[data-filter='mine']").GetAttribute("aria-current"));
        });
    }

    [Fact]
    public void Detail_OffersCosignToAnotherDelegate_AndCosigningShowsThemOnTheList()
    {
        var me = SignInAs("delegate10");
        RenderProviders();
        var id = Canteen(me);
        var page = Render<MotionPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#cosign")));
        Assert.Empty(page.FindAll("#withdraw-motion"));
        Assert.Empty(page.FindAll("#admit-motion"));

        page.Find("#cosign").Click();

        page.WaitForAssertion(() =>
        {
            Assert.NotNull(page.Find("#cosigned"));
            Assert.Contains(me.DisplayName!, page.Find("#cosigners").TextContent);
            Assert.Contains("附议 3 / 5", page.Markup);
        });
    }

    [Fact]
    public void Detail_DoesNotOfferCosignToTheSponsor_ButWithdraw()
    {
        var me = SignInAs("delegate07");
        RenderProviders();
        var id = Canteen(me);

        var page = Render<MotionPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("#withdraw-motion")));
        Assert.Empty(page.FindAll("#cosign"));
        Assert.Empty(page.FindAll("#withdraw-cosign"));
        Assert.Empty(page.FindAll("#submit-motion"));
        Assert.Contains("还需 3 名代表附议", page.Find("#cosign-hint").TextContent);
    }

    [Fact]
    public async Task Detail_ShowsAnotherDelegatesCosignatureLive()
    {
        var me = SignInAs("delegate07");
        RenderProviders();
        var id = Canteen(me);
        var page = Render<MotionPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#cosigners li").Count));
        var other = await Db.ActorAsync("delegate30");

        await Motions.CosignAsync(other, id);

        page.WaitForAssertion(() => Assert.Contains(other.DisplayName!, page.Find("#cosigners").TextContent));
    }

    [Fact]
    public void Detail_ConvenerReturns_OnlyWithAReason_WhichThenShows()
    {
        var me = SignInAs("convener");
        RenderProviders();
        var id = Canteen(me);
        var page = Render<MotionPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.True(page.Find("#admit-motion").HasAttribute("disabled")));

        page.Find("#return-motion").Click();
        Dialogs.WaitForAssertion(() => Assert.NotNull(Dialogs.Find("#return-confirm")));
        Dialogs.Find("#return-confirm").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("请填写“理由”", Dialogs.Markup));
        Dialogs.Find("#return-reason-input").Change("请补充费用测算。");
        Dialogs.Find("#return-confirm").Click();

        page.WaitForAssertion(() => Assert.Contains("请补充费用测算。", page.Find("#return-reason").TextContent));
        Assert.Empty(page.FindAll("#return-motion"));
    }

    [Fact]
    public async Task Detail_OfAnotherDelegatesDraft_IsNotFound()
    {
        var sponsor = await Db.ActorAsync("delegate15");
        var id = await Motions.DraftAsync(sponsor, new MotionInput("草稿", "还没写完。"));
        SignInAs("delegate16");
        RenderProviders();
        var notFound = false;
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().OnNotFound += (_, _) => notFound = true;

        var page = Render<MotionPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.True(notFound));
        Assert.Empty(page.FindAll("#motion-text"));
        Assert.DoesNotContain("还没写完", page.Markup);
    }
}
