using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace CongressHub.Tests.Nodes;

/// <summary>
/// Two nodes of the app, each its own process on its own port, sharing PostgreSQL and Redis, as behind a load balancer
/// with sticky sessions: what happens through one node shows on the other's screens.
/// </summary>
[Collection(NodesCollection.Name)]
public class TwoNodeTests(NodePair nodes) : IClassFixture<NodePair>
{
    [Fact]
    public async Task DelegatePageOnB_ShowsAgendaChangeAndVoteResultMadeThroughA_AndBallotsThroughBothNodesCountOnce()
    {
        var convener = await nodes.A.TokenAsync("convener");
        var id = await nodes.A.LiveSessionIdAsync(convener);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(BrowserFixture.LaunchOptions);
        var phone = await NodeSteps.PhoneOnAsync(browser, nodes.B, id, "delegate01");
        var tokens = await NodeSteps.DelegateTokensAsync(nodes, 24);
        await NodeSteps.CheckInAsync(nodes, id, tokens);
        var snapshot = await nodes.A.LiveAsync(id, convener);
        var item = snapshot.Items.First(i => i.MotionId is null && i.Id != snapshot.CurrentItemId);

        var started = await nodes.A.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/items/{item.Id}/start", convener);
        await Assertions.Expect(phone.Locator("#current-item")).ToContainTextAsync(item.Title);
        var voteId = await NodeSteps.OpenSecretVoteAsync(nodes.A, snapshot, convener);
        await Assertions.Expect(phone.Locator("#vote-question")).ToBeVisibleAsync();
        var yes = await NodeSteps.CastThroughBothNodesAsync(nodes, voteId, tokens, i => i < 14);
        var closed = await nodes.A.SendAsync(HttpMethod.Post, $"/api/votes/{voteId}/close", convener);
        var result = await closed.Content.ReadFromJsonAsync<JsonElement>();
        var seenOnB = await AppFactory.GetJsonAsync(nodes.B.Http, $"/api/votes/{voteId}", convener);

        Assert.Equal(HttpStatusCode.NoContent, started.StatusCode);
        Assert.Equal((14, 10, 24), (result.GetProperty("yes").GetInt32(), result.GetProperty("no").GetInt32(), result.GetProperty("cast").GetInt32()));
        Assert.Equal(yes, result.GetProperty("yes").GetInt32());
        Assert.Equal(24, seenOnB.GetProperty("voted").GetInt32());
        await Assertions.Expect(phone.Locator("#vote-verdict")).ToHaveTextAsync("通过");
        await phone.ScreenshotAsync("nodes-delegate-on-b-vote-result");
    }

    [Fact]
    public async Task HubClientOnA_ReceivesAChangeMadeThroughB()
    {
        var convener = await nodes.B.TokenAsync("convener");
        var id = await nodes.B.LiveSessionIdAsync(convener);
        var snapshot = await nodes.B.LiveAsync(id, convener);
        var item = snapshot.Items.Last(i => i.MotionId is null && i.Id != snapshot.CurrentItemId && i.Status == AgendaItemStatus.Pending);
        var received = new TaskCompletionSource<SessionSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = nodes.A.Hub(await nodes.A.TokenAsync("delegate30"));
        hub.On<SessionSnapshot>("SessionChanged", s =>
        {
            if (s.CurrentItemId == item.Id)
            {
                received.TrySetResult(s);
            }
        });
        await hub.StartAsync();
        var joined = await hub.InvokeAsync<SessionSnapshot>("JoinSession", id);

        var started = await nodes.B.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/items/{item.Id}/start", convener);
        var seen = await received.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, started.StatusCode);
        Assert.NotEqual(item.Id, joined.CurrentItemId);
        Assert.True(seen.Sequence > joined.Sequence, "A state built on node B after the change is numbered after the one node A gave on joining.");
    }

    [Fact]
    public async Task SignInThroughA_IsValidOnB_AndASignInFormFromAIsAcceptedByB()
    {
        using var handler = new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false };
        using var toA = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(nodes.A.Url) };
        using var toB = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(nodes.B.Url) };

        // The form and its antiforgery token come from node A; the post goes to node B (one key ring for both).
        var form = await toA.GetStringAsync("/signin");
        var signedIn = await toB.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppFactory.Antiforgery(form),
            ["_handler"] = "password",
            ["Input.UserName"] = "convener",
            ["Input.Password"] = Domain.Seeding.DemoSeeder.Password,
        }));
        var dashboardOnA = await toA.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboardOnA.StatusCode);
    }

    [Fact]
    public async Task PublicSiteBudget_IsCountedAcrossBothNodes()
    {
        // A resident address of its own, so that another run's count in the shared Redis does not meet this one.
        var resident = $"198.51.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(1, 255)}";
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < NodeProcess.PublicRequestsPerMinute; i++)
        {
            statuses.Add(await PublicPageAsync(i % 2 == 0 ? nodes.A : nodes.B, resident));
        }
        var onA = await PublicPageAsync(nodes.A, resident);
        var onB = await PublicPageAsync(nodes.B, resident);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        // Each node has seen half the budget: only the count they share refuses the next request.
        Assert.Equal(HttpStatusCode.TooManyRequests, onA);
        Assert.Equal(HttpStatusCode.TooManyRequests, onB);
    }

    private static async Task<HttpStatusCode> PublicPageAsync(NodeProcess node, string resident)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/s/shiyan");
        request.Headers.Add("X-Forwarded-For", resident);
        using var response = await node.Http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Fact]
    public async Task RetiringADelegateThroughA_SignsTheirCardDeviceOutOnB_WithoutWaitingForBToForget()
    {
        var convener = await nodes.A.TokenAsync("convener");
        var code = await nodes.IssueCardAsync("convener", "delegate40");
        var card = await nodes.B.Http.PostAsJsonAsync("/api/auth/token", new { code });
        var device = (await card.Content.ReadFromJsonAsync<AppFactory.TokenBody>())!.AccessToken;
        // Node B now remembers the device's security stamp for 30 s.
        var me = await AppFactory.GetJsonAsync(nodes.B.Http, "/api/me", device);

        var retired = await nodes.A.SendAsync(HttpMethod.Post, $"/api/directory/delegates/{me.GetProperty("delegateId").GetInt32()}/retire?reason=moved", convener);

        Assert.Equal(HttpStatusCode.NoContent, retired.StatusCode);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((await nodes.B.SendAsync(HttpMethod.Get, "/api/me", device)).StatusCode != HttpStatusCode.Unauthorized)
        {
            Assert.False(timeout.IsCancellationRequested, "Node B still takes the retired delegate's card: the revocation did not cross.");
            // Each look is a request to node B; the condition is its answer.
            await Task.Delay(50, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Health_LiveAndReady_ReportDatabaseAndRedis()
    {
        var live = await nodes.A.Http.GetAsync("/health/live");
        var ready = await nodes.B.Http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }
}
