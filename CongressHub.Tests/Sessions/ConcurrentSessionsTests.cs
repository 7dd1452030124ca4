using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Sessions;

/// <summary>Several sessions of one street live at once, as in a session week on several nodes.</summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class ConcurrentSessionsTests
{
    [Fact]
    public async Task FinishingTheFollowUpReport_InTenSessionsAtOnce_EveryStartSucceeds()
    {
        await using var db = await TestDatabase.CreateAsync();
        var sessions = db.Get<SessionService>();
        var snapshots = db.Get<SnapshotBuilder>();
        var convener = await db.ActorAsync("convener");
        var ids = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            var id = await sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, $"分会场 {i + 1}", db.Clock.GetUtcNow().UtcDateTime, $"第 {i + 1} 会场"), withTemplate: true);
            await sessions.PublishAsync(convener, id);
            await sessions.StartAsync(convener, id);
            ids.Add(id);
        }

        // Each session starts its follow-up report and then the next item, which finishes the report: all ten report
        // the same opinions back at the same moment.
        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            var items = (await snapshots.ReadAsync(convener, id)).Items;
            await sessions.StartItemAsync(convener, id, items[0].Id);
            await sessions.StartItemAsync(convener, id, items[1].Id);
        })));

        foreach (var id in ids)
        {
            var snapshot = await snapshots.ReadAsync(convener, id);
            Assert.Equal(snapshot.Items[1].Id, snapshot.CurrentItemId);
            Assert.Equal(AgendaItemStatus.Done, snapshot.Items[0].Status);
        }
    }
}
