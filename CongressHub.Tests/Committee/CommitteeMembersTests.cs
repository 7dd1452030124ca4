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
}
