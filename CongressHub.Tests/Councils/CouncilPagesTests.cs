using Bunit;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Support;
using CongressHub.Web.Councils;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Councils;

/// <summary>The council page as a community's staff keep it: members, rules and calling a meeting on the accepted topics.</summary>
public class CouncilPagesTests : ComponentTest
{
    [Fact]
    public async Task CouncilPage_ShowsTheMembersAndQuorum_AddsAMember_AndCallsAMeetingOnTheAcceptedTopics()
    {
        SignInAs("staff01");
        RenderProviders();
        var community = (await Db.ActorAsync("staff01")).CommunityId!.Value;
        var page = Render<CouncilPage>(p => p.Add(x => x.CommunityId, community));
        page.WaitForAssertion(() => Assert.Equal(8, page.FindAll("#member-table tbody tr").Count));
        Assert.Contains("在任成员 8 人，开会须到会 5 人", page.Find("#council-quorum-now").TextContent);

        page.Find("#add-member").Click();
        Dialogs.WaitForAssertion(() => Assert.NotNull(Dialogs.Find("#member-save")));
        Dialogs.Find("#member-name").Change("新成员");
        Dialogs.Find("#member-account").Change("nobody");
        Dialogs.Find("#member-save").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("本街道没有账号“nobody”", Dialogs.Markup));
        Dialogs.Find("#member-account").Change("");
        Dialogs.Find("#member-save").Click();
        page.WaitForAssertion(() => Assert.Equal(9, page.FindAll("#member-table tbody tr").Count));
        Assert.Contains("在任成员 9 人，开会须到会 5 人", page.Find("#council-quorum-now").TextContent);

        page.Find("#call-meeting").Click();
        Dialogs.WaitForAssertion(() => Assert.NotNull(Dialogs.Find("#meeting-save")));
        await using var db = Db.NewContext();
        var ready = await db.Topics.Where(t => t.CommunityId == community && t.State == TopicState.Accepted).OrderBy(t => t.CreatedUtc).ToListAsync();
        var parking = ready.Single(t => t.MeetingKind == CouncilMeetingKind.TopicDiscussion);
        // The accepted topics are offered; the one already on next week's decision meeting is not.
        Dialogs.WaitForAssertion(() => Assert.Equal(ready.Select(t => t.Id.ToString()), Dialogs.FindAll("#meeting-topics [data-topic]").Select(e => e.GetAttribute("data-topic"))));
        Assert.DoesNotContain("中心广场晚间照明", Dialogs.Find("#meeting-topics").TextContent);
        var box = Dialogs.Find($"[data-topic='{parking.Id}']");
        (box.TagName == "INPUT" ? box : box.QuerySelector("input")!).Change(true);
        Dialogs.Find("#meeting-title").Change("停车议事决策会");
        Dialogs.Find("#meeting-place").Change("社区议事厅");
        Dialogs.Find("#meeting-save").Click();

        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("#meeting-save")));
        var meeting = await db.Sessions.SingleAsync(s => s.CommunityId == community && s.Title == "停车议事决策会");
        Assert.Equal(SessionKind.CouncilDecision, meeting.Kind);
        Assert.Equal([(parking.Title, (int?)parking.Id)], (await db.AgendaItems.Where(i => i.SessionId == meeting.Id).Select(i => new { i.Title, i.TopicId }).ToListAsync()).Select(i => (i.Title, i.TopicId)));
        Assert.Equal(TopicState.Scheduled, (await db.Topics.AsNoTracking().SingleAsync(t => t.Id == parking.Id)).State);
    }
}
