using Bunit;
using CongressHub.Domain.Committee;
using CongressHub.Tests.Support;
using CongressHub.Web.Committee;

namespace CongressHub.Tests.Committee;

public class CommitteeMembersTests : ComponentTest
{
    [Fact]
    public void TermStart_ElectedLateInTheUtcDay_ShowsTheDateInTheInstallationsZone()
    {
        // 17:30 UTC on 30 November is 01:30 on 1 December in China.
        var since = new DateTime(2026, 11, 30, 17, 30, 0, DateTimeKind.Utc);
        var view = new CommitteeView("示例街道", "shiyan", 3, [new CommitteeMemberRow(1, "王芳", true, 30, since), new CommitteeMemberRow(2, "李明", false, 28, since)]);

        var cut = Render<CommitteeMembers>(p => p.Add(x => x.View, view));

        Assert.Contains("2026-12-01起任职", cut.Markup);
    }

    [Fact]
    public void MakeUp_NamesTheCommunitiesWithoutAHead_AndTheMissingDeputy_WithEachMembersRoles()
    {
        var since = DateTime.UtcNow;
        var view = new CommitteeView("示例街道", "shiyan", 3,
            [new CommitteeMemberRow(1, "王芳", true, 30, since, CommitteeRoles.StreetSecretary), new CommitteeMemberRow(2, "李明", false, 28, since, CommitteeRoles.CommunityHead | CommitteeRoles.CppccMember, 7, "东风社区")],
            new CommitteeComposition(["朝阳社区", "和平里社区"], HasDeputy: false, HasCppccMember: true, ChairIsStreetSecretary: true));

        var cut = Render<CommitteeMembers>(p => p.Add(x => x.View, view));

        Assert.Equal("false", cut.Find("#committee-composition").GetAttribute("data-complete"));
        Assert.Contains("以下社区还没有书记或主任任委员：朝阳社区、和平里社区", cut.Find("[data-check='heads']").TextContent);
        Assert.Contains("还没有人大代表任委员", cut.Find("[data-check='deputy']").TextContent);
        Assert.Contains("有政协委员任委员", cut.Find("[data-check='cppcc']").TextContent);
        Assert.Contains("主任由街道书记担任", cut.Find("[data-check='chair']").TextContent);
        Assert.Equal("街道书记", cut.Find("[data-roles='1']").TextContent);
        Assert.Equal("东风社区书记/主任 · 政协委员", cut.Find("[data-roles='2']").TextContent);
    }
}
