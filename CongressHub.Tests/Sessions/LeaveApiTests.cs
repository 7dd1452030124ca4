using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Sessions;

/// <summary>Leave over the device API: asked and withdrawn by a delegate, listed and decided by the convener.</summary>
public class LeaveApiTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Leave_AskListGrant_RecordsTheDelegateExcused()
    {
        var id = await UpcomingAsync();
        var delegateToken = await AppFactory.TokenAsync(Client, "delegate03");
        var convenerToken = await AppFactory.TokenAsync(Client, "convener");

        var asked = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/leave", delegateToken, new { reason = "出差" });
        var list = await AppFactory.GetJsonAsync(Client, $"/api/sessions/{id}/leave-requests", convenerToken);
        var requestId = list[0].GetProperty("id").GetInt32();
        var granted = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/leave-requests/{requestId}/grant", convenerToken);
        var after = await AppFactory.GetJsonAsync(Client, $"/api/sessions/{id}/leave-requests", convenerToken);

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var body = await asked.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(("出差", "pending"), (body.GetProperty("reason").GetString(), body.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, granted.StatusCode);
        Assert.Equal("granted", after[0].GetProperty("status").GetString());
        var convener = await SignInTests.ActorOf(App, "convener");
        var rows = await App.Services.GetRequiredService<SessionService>().ListAttendanceAsync(convener, id);
        Assert.Equal(AttendanceStatus.Excused, rows.Single(r => r.Name == list[0].GetProperty("name").GetString()).Status);
    }

    [Fact]
    public async Task Leave_RefuseWithANote_ThenWithdrawAnotherAsk()
    {
        var id = await UpcomingAsync();
        var delegateToken = await AppFactory.TokenAsync(Client, "delegate03");
        var convenerToken = await AppFactory.TokenAsync(Client, "convener");
        await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/leave", delegateToken, new { reason = "出差" });
        var requestId = (await AppFactory.GetJsonAsync(Client, $"/api/sessions/{id}/leave-requests", convenerToken))[0].GetProperty("id").GetInt32();

        var refused = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/leave-requests/{requestId}/refuse", convenerToken, new { note = "请尽量出席" });
        var again = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/leave", delegateToken, new { reason = "住院" });
        var withdrawn = await AppFactory.SendAsync(Client, HttpMethod.Delete, $"/api/sessions/{id}/leave", delegateToken);
        var withdrawnTwice = await AppFactory.SendAsync(Client, HttpMethod.Delete, $"/api/sessions/{id}/leave", delegateToken);

        Assert.Equal(HttpStatusCode.NoContent, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, withdrawnTwice.StatusCode);
        Assert.Equal("application/problem+json", withdrawnTwice.Content.Headers.ContentType?.MediaType);
        var row = (await AppFactory.GetJsonAsync(Client, $"/api/sessions/{id}/leave-requests", convenerToken))[0];
        Assert.Equal(("withdrawn", "住院"), (row.GetProperty("status").GetString(), row.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Leave_Refusals_AreProblemDetailsWithTheRightStatus()
    {
        var id = await UpcomingAsync();
        var live = (await App.Services.GetRequiredService<SessionService>().ListSessionsAsync(await SignInTests.ActorOf(App, "convener"))).Single(s => s.Status == SessionStatus.Live).Id;
        var delegateToken = await AppFactory.TokenAsync(Client, "delegate03");
        await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/leave", delegateToken, new { reason = "出差" });
        var requestId = (await AppFactory.GetJsonAsync(Client, $"/api/sessions/{id}/leave-requests", await AppFactory.TokenAsync(Client, "convener")))[0].GetProperty("id").GetInt32();

        var empty = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/leave", await AppFactory.TokenAsync(Client, "delegate04"), new { reason = "  " });
        var noBody = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/leave", await AppFactory.TokenAsync(Client, "delegate04"));
        var control = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/leave", await AppFactory.TokenAsync(Client, "delegate04"), new { reason = "出差\u0007" });
        var onLive = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{live}/leave", delegateToken, new { reason = "出差" });
        var officer = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/leave", await AppFactory.TokenAsync(Client, "officer01"), new { reason = "出差" });
        var otherStreet = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/leave", await AppFactory.TokenAsync(Client, "delegate41"), new { reason = "出差" });
        var delegateGrants = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/leave-requests/{requestId}/grant", delegateToken);
        var delegateLists = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/sessions/{id}/leave-requests", delegateToken);
        var otherConvener = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/leave-requests/{requestId}/grant", await AppFactory.TokenAsync(Client, "convener2"));
        var longNote = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{id}/leave-requests/{requestId}/refuse", await AppFactory.TokenAsync(Client, "convener"), new { note = new string('说', 201) });
        var anonymous = await Client.PostAsJsonAsync($"/api/sessions/{id}/leave", new { reason = "出差" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, control.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, onLive.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, officer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherStreet.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delegateGrants.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delegateLists.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherConvener.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longNote.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.All(new[] { empty, noBody, control, onLive, officer, otherStreet, delegateGrants, delegateLists, otherConvener, longNote, anonymous },
            r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
    }

    private async Task<int> UpcomingAsync()
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var sessions = App.Services.GetRequiredService<SessionService>();
        var id = await sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, "下季度例会", DateTime.UtcNow.AddDays(14), "礼堂"), withTemplate: true);
        await sessions.PublishAsync(convener, id);
        return id;
    }
}
