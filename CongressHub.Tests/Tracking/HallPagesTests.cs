using Bunit;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using CongressHub.Web.Sessions;

namespace CongressHub.Tests.Tracking;

/// <summary>Questions from the floor and the follow-up report, live on the console, the projector and a delegate's phone.</summary>
public class HallPagesTests : ComponentTest
{
    private int LiveSession() =>
        Db.Get<SessionService>().ListSessionsAsync(Me).GetAwaiter().GetResult().Single(s => s.Status == SessionStatus.Live).Id;

    [Fact]
    public async Task AQuestionFromThePhone_ReachesTheConsole_AndTheProjectorWhenPutUp()
    {
        SignInAs("convener");
        RenderProviders();
        var id = LiveSession();
        var console = Render<ConsolePage>(p => p.Add(x => x.Id, id));
        var token = await Db.Get<SessionService>().GetProjectorTokenAsync(Me, id);
        var projector = Render<ProjectorPage>(p => p.Add(x => x.Token, token));
        var tracking = Db.Get<TrackingService>();
        var asker = await Db.ActorAsync("delegate05");
        var department = (await tracking.ChoicesAsync(asker)).Departments[0];

        var questionId = await Db.Get<HallQuestionService>().AskAsync(asker, id, new QuestionInput("社区卫生服务站能否延长周末开放时间？", department.Id));
        console.WaitForAssertion(() => Assert.Contains("社区卫生服务站能否延长周末开放时间？", console.Find("#questions-panel").TextContent));
        await console.InvokeAsync(() => console.Find($"[data-show-question='{questionId}']").Click());

        projector.WaitForAssertion(() =>
        {
            Assert.Contains("社区卫生服务站能否延长周末开放时间？", projector.Find("#projector-question").TextContent);
            Assert.Contains(department.Name, projector.Find("#projector-question").TextContent);
        });
    }

    [Fact]
    public async Task DuringTheFollowUpReport_ADelegateRatesAnItem_AndTheRatingShows()
    {
        var me = SignInAs("delegate06");
        RenderProviders();
        var id = LiveSession();
        var convener = await Db.ActorAsync("convener");
        var sessions = Db.Get<SessionService>();
        var snapshots = Db.Get<SnapshotBuilder>();
        await sessions.CheckInAsync(me, id);
        var followUp = (await snapshots.ReadAsync(convener, id)).Items.Single(i => i.Type == AgendaItemType.FollowUpReport);
        var page = Render<Web.Sessions.LivePage>(p => p.Add(x => x.Id, id));

        await sessions.StartItemAsync(convener, id, followUp.Id);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#followup-card [data-rate='1']")));
        var row = page.Find("#followup-card .followup-row:has([data-rate])");
        var itemId = row.GetAttribute("data-followup");
        await page.InvokeAsync(() => page.Find($"#followup-card [data-followup='{itemId}'] [data-rate='2']").Click());

        page.WaitForAssertion(() =>
        {
            var rated = page.Find($"#followup-card [data-followup='{itemId}']");
            Assert.Contains("您的评价：基本满意", rated.TextContent);
            Assert.Contains("基本满意 1", rated.TextContent);
        });
    }

    [Fact]
    public async Task APhoneOpenedDuringTheFollowUpReport_ShowsWhatItsDelegateRatedBefore()
    {
        var me = SignInAs("delegate07");
        RenderProviders();
        var id = LiveSession();
        var convener = await Db.ActorAsync("convener");
        var sessions = Db.Get<SessionService>();
        await sessions.CheckInAsync(me, id);
        var followUp = (await Db.Get<SnapshotBuilder>().ReadAsync(convener, id)).Items.Single(i => i.Type == AgendaItemType.FollowUpReport);
        await sessions.StartItemAsync(convener, id, followUp.Id);
        var rows = (await Db.Get<SnapshotBuilder>().ReadAsync(me, id)).FollowUp;
        var rated = rows.First(r => r.Rateable);
        await Db.Get<FollowUpService>().RateAsync(me, id, rated.Id, Satisfaction.NotSatisfied);

        // A second phone of the same delegate, or the first one reloaded.
        var page = Render<Web.Sessions.LivePage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() =>
        {
            Assert.Contains("您的评价：不满意", page.Find($"#followup-card [data-followup='{rated.Id}']").TextContent);
            Assert.Empty(page.FindAll($"#followup-card [data-followup='{rated.Id}'] [data-rate]"));
            Assert.NotEmpty(page.FindAll("#followup-card [data-rate='1']"));
        });
    }
}
