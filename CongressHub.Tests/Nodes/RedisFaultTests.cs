using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Support;
using CongressHub.Web.Realtime;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace CongressHub.Tests.Nodes;

/// <summary>Redis goes away in the middle of a session and comes back: nodes reconnect, screens catch up, no ballot is lost.</summary>
[Collection(NodesCollection.Name)]
public class RedisFaultTests(NodePair nodes) : IClassFixture<NodePair>
{
    [Fact]
    public async Task RedisRestartedMidSession_NodesReconnect_ScreensCatchUp_AndNoBallotIsLost()
    {
        var convener = await nodes.A.TokenAsync("convener");
        var id = await nodes.A.LiveSessionIdAsync(convener);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(BrowserFixture.LaunchOptions);
        var phone = await NodeSteps.PhoneOnAsync(browser, nodes.B, id, "delegate01");
        var states = new List<SessionSnapshot>();
        var votes = new List<VoteSnapshot>();
        await using var hub = nodes.A.Hub(await nodes.A.TokenAsync("delegate30"));
        hub.On<SessionSnapshot>("SessionChanged", s => { lock (states) { states.Add(s); } });
        hub.On<VoteSnapshot>("VoteChanged", v => { lock (votes) { votes.Add(v); } });
        await hub.StartAsync();
        await hub.InvokeAsync<SessionSnapshot>("JoinSession", id);
        var tokens = await NodeSteps.DelegateTokensAsync(nodes, 24);
        await NodeSteps.CheckInAsync(nodes, id, tokens);
        var snapshot = await nodes.A.LiveAsync(id, convener);
        var voteId = await NodeSteps.OpenSecretVoteAsync(nodes.A, snapshot, convener);
        await Assertions.Expect(phone.Locator("#vote-question")).ToBeVisibleAsync();
        await NodeSteps.CastThroughBothNodesAsync(nodes, voteId, tokens[..10], i => i < 6);

        await StopRedisAsync();
        await nodes.A.WaitForHealthAsync(ready: false);
        await nodes.B.WaitForHealthAsync(ready: false);
        // While Redis is away the nodes keep serving from the database: the others vote through both, the vote closes.
        await NodeSteps.CastThroughBothNodesAsync(nodes, voteId, tokens[10..], i => i < 8);
        var closed = await (await nodes.A.SendAsync(HttpMethod.Post, $"/api/votes/{voteId}/close", convener)).Content.ReadFromJsonAsync<JsonElement>();
        await StartRedisAsync();
        await nodes.A.WaitForHealthAsync(ready: true);
        await nodes.B.WaitForHealthAsync(ready: true);

        // The phone on B re-reads and shows the result closed on A meanwhile; A's hub client gets it too.
        Assert.Equal((14, 10, 24), (closed.GetProperty("yes").GetInt32(), closed.GetProperty("no").GetInt32(), closed.GetProperty("cast").GetInt32()));
        await Assertions.Expect(phone.Locator("#vote-verdict")).ToHaveTextAsync("通过", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        await phone.ScreenshotAsync("nodes-after-redis-restart");
        await WaitUntilAsync(() => { lock (votes) { return votes.Any(v => v.Vote.Id == voteId && v.Vote.IsClosed && v.Vote.Voted == 24); } }, "the hub client on A gets the closed vote with every ballot");
        // And the link works again: the next item, started through A, reaches the phone on B.
        var next = snapshot.Items.First(i => i.MotionId is null && i.Status == AgendaItemStatus.Pending && i.Id != snapshot.CurrentItemId);
        var started = await nodes.A.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/items/{next.Id}/start", convener);
        Assert.Equal(HttpStatusCode.NoContent, started.StatusCode);
        await Assertions.Expect(phone.Locator("#current-item")).ToContainTextAsync(next.Title);
        await WaitUntilAsync(() => { lock (states) { return states.Any(s => s.CurrentItemId == next.Id); } }, "the hub client on A gets the next item");
        var recount = await AppFactory.GetJsonAsync(nodes.B.Http, $"/api/votes/{voteId}/recount", convener);
        Assert.True(recount.GetProperty("matches").GetBoolean());
        var counted = recount.GetProperty("counted");
        Assert.Equal((14, 10), (counted.GetProperty("yes").GetInt32(), counted.GetProperty("no").GetInt32()));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, "Timed out waiting until " + what + ".");
            // Hub messages arrive on their own; this only looks at what has arrived.
            await Task.Delay(50, CancellationToken.None);
        }
    }

    private static Task StopRedisAsync() => RunAsync("redis-cli", "-p", Port, "shutdown", "nosave");

    private static Task StartRedisAsync() =>
        RunAsync("redis-server", "--port", Port, "--bind", "127.0.0.1", "--daemonize", "yes", "--dir", Folder, "--save", "", "--appendonly", "no",
            "--pidfile", Path.Combine(Folder, "redis.pid"), "--logfile", Path.Combine(Folder, "redis.log"));

    private static string Port => Environment.GetEnvironmentVariable("CONGRESSHUB_TEST_REDIS_PORT")
        ?? throw new InvalidOperationException("The Redis fault test restarts the test run's Redis: run ./test.sh (it sets CONGRESSHUB_TEST_REDIS_PORT).");

    private static string Folder => Environment.GetEnvironmentVariable("CONGRESSHUB_TEST_REDIS_DIR")
        ?? throw new InvalidOperationException("The Redis fault test restarts the test run's Redis: run ./test.sh (it sets CONGRESSHUB_TEST_REDIS_DIR).");

    private static async Task RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {await process.StandardError.ReadToEndAsync()}");
    }
}
