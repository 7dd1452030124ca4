using Bunit;
using CongressHub.Domain.Councils;
using CongressHub.Tests.Support;
using CongressHub.Web.Councils;

namespace CongressHub.Tests.Councils;

/// <summary>The staff page of a community's council decisions: the list, a decision opened, and who moderates its comments.</summary>
public class CouncilDecisionsPageTests : ComponentTest
{
    [Fact]
    public void Staff_SeeTheirDecisions_AndTheCommentsOfOneInNotice_WithoutModerating()
    {
        var staff = SignInAs("staff01");
        RenderProviders();

        var page = Render<CouncilDecisionsPage>(p => p.Add(x => x.CommunityId, staff.CommunityId!.Value));

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("#decision-list [data-decision]").Count));
        var inNotice = page.Find($"#decision-list [data-state='{CouncilDecisionState.InNotice}']").GetAttribute("data-decision");
        page.Find($"#open-{inNotice}").Click();
        page.WaitForAssertion(() => Assert.Contains("公示期间不能落实或上报", page.Find("#decision-detail").TextContent));
        Assert.Equal(2, page.FindAll("#comments-panel li.comment").Count);
        Assert.Empty(page.FindAll("[id^='approve-']"));
    }

    [Fact]
    public async Task Convener_ModeratesTheWaitingComment()
    {
        var community = (await Db.ActorAsync("staff01")).CommunityId!.Value;
        SignInAs("convener");
        RenderProviders();

        var page = Render<CouncilDecisionsPage>(p => p.Add(x => x.CommunityId, community));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("#decision-list [data-decision]").Count));
        var inNotice = page.Find($"#decision-list [data-state='{CouncilDecisionState.InNotice}']").GetAttribute("data-decision");
        page.Find($"#open-{inNotice}").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("li.comment[data-status='Pending']")));
        var id = page.Find("li.comment[data-status='Pending']").GetAttribute("data-comment");
        page.Find($"#approve-{id}").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("li.comment[data-status='Pending']")));
    }
}
