using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using CongressHub.Web.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Sessions;

/// <summary>The device contract: sessions list, live snapshot, check-in, and the hub.</summary>
public class SessionsApiTests : LoopbackAppTest
{
    [Fact]
    public async Task Sessions_List_Live_AndCheckIn_ForADelegate()
    {
        var token = await AppFactory.TokenAsync(Client, "delegate01");

        var sessions = await AppFactory.GetJsonAsync(Client, "/api/sessions", token);
        var live = sessions.EnumerateArray().Single(s => s.GetProperty("status").GetString() == "live");
        var id = live.GetProperty("id").GetInt32();
        var first = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/attendance", token);
        var again = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/attendance", token);
        var snapshot = await AppFactory.GetJsonAsync(Client, $"/api/sessions/{id}/live", token);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(8, snapshot.GetProperty("items").GetArrayLength());
        Assert.True(snapshot.GetProperty("items")[7].GetProperty("motionId").GetInt32() > 0);
        var quorum = snapshot.GetProperty("quorum");
        Assert.Equal((1, 21, false), (quorum.GetProperty("present").GetInt32(), quorum.GetProperty("required").GetInt32(), quorum.GetProperty("reached").GetBoolean()));
    }

    [Fact]
    public async Task CheckIn_Refusals_AreProblemDetailsWithTheRightStatus()
    {
        var id = await LiveSessionIdAsync();
        var convener = await SignInTests.ActorOf(App, "convener");
        var draft = await App.Services.GetRequiredService<SessionService>().CreateSessionAsync(convener,
            new SessionInput(SessionKind.Extraordinary, "临时会议", DateTime.UtcNow.AddDays(3), "礼堂"), withTemplate: true);

        var officer = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/attendance", await AppFactory.TokenAsync(Client, "officer01"));
        var otherStreet = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/attendance", await AppFactory.TokenAsync(Client, "delegate41"));
        var onDraft = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{draft}/attendance", await AppFactory.TokenAsync(Client, "delegate01"));
        var anonymous = await Client.PostAsync($"/api/sessions/{id}/attendance", null);
        var unknown = await AppFactory.SendAsync(Client, HttpMethod.Get, "/api/sessions/999999/live", await AppFactory.TokenAsync(Client, "delegate01"));

        Assert.Equal(HttpStatusCode.Forbidden, officer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherStreet.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, onDraft.StatusCode);
        Assert.Contains("临时会议", (await onDraft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.All(new[] { officer, otherStreet, onDraft, anonymous, unknown }, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
    }

    [Fact]
    public async Task Hub_JoinSession_ThenEveryChangeArrives_AndTheLastStateAlwaysDoes()
    {
        var id = await LiveSessionIdAsync();
        var token = await AppFactory.TokenAsync(Client, "delegate02");
        await using var hub = Connect(token);
        var received = new List<SessionSnapshot>();
        var finalSeen = new TaskCompletionSource();
        hub.On<SessionSnapshot>(nameof(ISessionClient.SessionChanged), s =>
        {
            lock (received)
            {
                received.Add(s);
                if (s.Quorum.Present == 20)
                {
                    finalSeen.TrySetResult();
                }
            }
        });
        await hub.StartAsync(TestContext.Current.CancellationToken);

        var joined = await hub.InvokeAsync<SessionSnapshot>("JoinSession", id, TestContext.Current.CancellationToken);
        var sessions = App.Services.GetRequiredService<SessionService>();
        var convener = await SignInTests.ActorOf(App, "convener");
        var roster = await sessions.ListAttendanceAsync(convener, id);
        await Task.WhenAll(roster.Take(20).Select(r => sessions.MarkAttendanceAsync(convener, id, r.DelegateId, AttendanceStatus.Present)));
        await finalSeen.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(0, joined.Quorum.Present);
        lock (received)
        {
            Assert.InRange(received.Count, 1, 19);
            Assert.True(received.Select(r => r.Sequence).SequenceEqual(received.Select(r => r.Sequence).Order()), "snapshots arrive in order");
            Assert.All(received, r => Assert.True(r.Sequence > joined.Sequence));
        }
    }

    [Fact]
    public async Task Hub_ClientOfAnotherStreet_IsRefused_ProjectorTokenIsAccepted()
    {
        var id = await LiveSessionIdAsync();
        await using var other = Connect(await AppFactory.TokenAsync(Client, "delegate41"));
        await other.StartAsync(TestContext.Current.CancellationToken);
        var projectorToken = await App.Services.GetRequiredService<SessionService>().GetProjectorTokenAsync(await SignInTests.ActorOf(App, "convener"), id);
        await using var projector = Connect(token: null);
        await projector.StartAsync(TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<HubException>(() => other.InvokeAsync<SessionSnapshot>("JoinSession", id, TestContext.Current.CancellationToken));
        var snapshot = await projector.InvokeAsync<SessionSnapshot>("JoinProjector", projectorToken, TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<HubException>(() => projector.InvokeAsync<SessionSnapshot>("JoinProjector", "wrong", TestContext.Current.CancellationToken));

        Assert.Equal(id, snapshot.SessionId);
    }

    private HubConnection Connect(string? token) =>
        new HubConnectionBuilder()
            .WithUrl(BaseUrl + "/hubs/congress", o => o.AccessTokenProvider = () => Task.FromResult(token))
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            .Build();

    private async Task<int> LiveSessionIdAsync()
    {
        var sessions = await AppFactory.GetJsonAsync(Client, "/api/sessions", await AppFactory.TokenAsync(Client, "convener"));
        return sessions.EnumerateArray().Single(s => s.GetProperty("status").GetString() == "live").GetProperty("id").GetInt32();
    }
}
