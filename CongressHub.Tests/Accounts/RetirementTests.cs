using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Live;
using CongressHub.Domain.Seeding;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Support;
using CongressHub.Web.Accounts;
using CongressHub.Web.Realtime;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Accounts;

/// <summary>Retiring a delegate ends every right at once: tokens, cookies, open pages, hub connections and every read.</summary>
public class RetirementTests : LoopbackAppTest
{
    [Fact]
    public async Task Retire_ClosesTheDelegatesOpenHubConnection_WhichReceivesNothingMore()
    {
        var id = await LiveSessionIdAsync();
        await using var retiring = Connect(await AppFactory.TokenAsync(Client, "delegate03"));
        await using var staying = Connect(await AppFactory.TokenAsync(Client, "delegate04"));
        var afterClose = new List<SessionSnapshot>();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        retiring.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        retiring.On<SessionSnapshot>(nameof(ISessionClient.SessionChanged), s =>
        {
            if (closed.Task.IsCompleted)
            {
                lock (afterClose)
                {
                    afterClose.Add(s);
                }
            }
        });
        var item = new TaskCompletionSource<SessionSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        await retiring.StartAsync(TestContext.Current.CancellationToken);
        await staying.StartAsync(TestContext.Current.CancellationToken);
        var joined = await retiring.InvokeAsync<SessionSnapshot>("JoinSession", id, TestContext.Current.CancellationToken);
        await staying.InvokeAsync<SessionSnapshot>("JoinSession", id, TestContext.Current.CancellationToken);
        var next = joined.Items.First(i => i.MotionId is null && i.Id != joined.CurrentItemId);
        staying.On<SessionSnapshot>(nameof(ISessionClient.SessionChanged), s =>
        {
            if (s.CurrentItemId == next.Id)
            {
                item.TrySetResult(s);
            }
        });
        var convener = await SignInTests.ActorOf(App, "convener");

        await App.Services.GetRequiredService<DirectoryService>().RetireDelegateAsync(convener, (await SignInTests.ActorOf(App, "delegate03")).DelegateId!.Value, "moved away");
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await App.Services.GetRequiredService<SessionService>().StartItemAsync(convener, id, next.Id);
        await item.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(HubConnectionState.Disconnected, retiring.State);
        lock (afterClose)
        {
            Assert.Empty(afterClose);
        }
        Assert.Equal(HubConnectionState.Connected, staying.State);
    }

    [Fact]
    public async Task Retire_RefusesTheDelegatesTokenAndEveryRead_AndANewSignIn()
    {
        var id = await LiveSessionIdAsync();
        // delegate05 signs in with a password and has no card: nothing but retirement itself signs them out.
        var token = await AppFactory.TokenAsync(Client, "delegate05");
        string[] reads = ["/api/me", $"/api/sessions/{id}/live", "/api/motions", $"/api/sessions/{id}/opinion-report.csv"];
        var before = new List<HttpStatusCode>();
        foreach (var url in reads)
        {
            before.Add((await AppFactory.SendAsync(Client, HttpMethod.Get, url, token)).StatusCode);
        }

        await RetireAsync("delegate05");

        Assert.All(before, status => Assert.Equal(HttpStatusCode.OK, status));
        foreach (var url in reads)
        {
            var response = await AppFactory.SendAsync(Client, HttpMethod.Get, url, token);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{url} answered {response.StatusCode}");
        }
        var again = await Client.PostAsJsonAsync("/api/auth/token", new { userName = "delegate05", password = DemoSeeder.Password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        await using var hub = Connect(token);
        await hub.StartAsync(TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => hub.InvokeAsync<SessionSnapshot>("JoinSession", id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Retire_SignsTheDelegatesCookieOut_AndThePasswordNoLongerSignsIn()
    {
        using var browser = CookieClient();
        var signedIn = await PostSignInAsync(browser, "delegate06");
        var before = await browser.GetAsync("/dashboard", TestContext.Current.CancellationToken);

        await RetireAsync("delegate06");

        var after = await browser.GetAsync("/dashboard", TestContext.Current.CancellationToken);
        Assert.Equal("/dashboard", AppFactory.Where(signedIn));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/signin", AppFactory.Where(after));
        using var fresh = CookieClient();
        var refused = await PostSignInAsync(fresh, "delegate06");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("用户名或密码不正确", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Retire_SignsOutTheDelegatesOpenPages()
    {
        var circuits = App.Services.GetRequiredService<UserCircuits>();
        var userId = (await SignInTests.ActorOf(App, "delegate07")).UserId;
        var signedOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await circuits.OpenedAsync("page-of-delegate07", userId, () => signedOut.TrySetResult(), () => Task.CompletedTask);

        await RetireAsync("delegate07");

        await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    private async Task RetireAsync(string userName)
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var delegateId = (await SignInTests.ActorOf(App, userName)).DelegateId!.Value;
        await App.Services.GetRequiredService<DirectoryService>().RetireDelegateAsync(convener, delegateId, "moved away");
    }

    private HttpClient CookieClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(BaseUrl) };

    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string userName) =>
        await AppFactory.PostSignInAsync(client, userName, DemoSeeder.Password);

    private HubConnection Connect(string token) =>
        new HubConnectionBuilder()
            .WithUrl(BaseUrl + "/hubs/congress", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            .Build();

    private async Task<int> LiveSessionIdAsync()
    {
        var sessions = await AppFactory.GetJsonAsync(Client, "/api/sessions", await AppFactory.TokenAsync(Client, "convener"));
        return sessions.EnumerateArray().Single(s => s.GetProperty("status").GetString() == "live").GetProperty("id").GetInt32();
    }
}
