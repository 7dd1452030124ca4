using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CongressHub.Domain.Accounts;
using CongressHub.Domain.Directory;
using CongressHub.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Accounts;

public class TokenApiTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Token_FromPassword_GivesAccessToTheApi()
    {
        var response = await Client.PostAsJsonAsync("/api/auth/token", new { userName = "convener", password = "Demo!2026" });
        var body = await response.Content.ReadFromJsonAsync<AppFactory.TokenBody>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body!.ExpiresAt > DateTimeOffset.UtcNow.AddHours(11));
        var me = await AppFactory.GetJsonAsync(Client, "/api/me", body.AccessToken);
        Assert.Equal("Convener", me.GetProperty("roles")[0].GetString());
    }

    [Fact]
    public async Task Token_FromCardCode_ActsAsThatDelegate()
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var delegate09 = await SignInTests.ActorOf(App, "delegate09");
        var card = await App.Services.GetRequiredService<CardService>().IssueAsync(convener, delegate09.DelegateId!.Value);

        var response = await Client.PostAsJsonAsync("/api/auth/token", new { code = card.Code });
        var body = await response.Content.ReadFromJsonAsync<AppFactory.TokenBody>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(card.TermEndsOn.AddDays(1), DateOnly.FromDateTime(body!.ExpiresAt.UtcDateTime));
        var me = await AppFactory.GetJsonAsync(Client, "/api/me", body.AccessToken);
        Assert.Equal(delegate09.DelegateId, me.GetProperty("delegateId").GetInt32());
    }

    [Fact]
    public async Task Token_OfARevokedCard_StopsWorking()
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var id = (await SignInTests.ActorOf(App, "delegate10")).DelegateId!.Value;
        var cards = App.Services.GetRequiredService<CardService>();
        var card = await cards.IssueAsync(convener, id);
        var token = (await (await Client.PostAsJsonAsync("/api/auth/token", new { code = card.Code })).Content.ReadFromJsonAsync<AppFactory.TokenBody>())!.AccessToken;

        var before = await AppFactory.SendAsync(Client, HttpMethod.Get, "/api/me", token);
        await cards.RevokeAsync(convener, id);

        var response = await AppFactory.SendAsync(Client, HttpMethod.Get, "/api/me", token);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_OfARetiredDelegate_StopsWorkingAtOnce()
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var id = (await SignInTests.ActorOf(App, "delegate11")).DelegateId!.Value;
        var card = await App.Services.GetRequiredService<CardService>().IssueAsync(convener, id);
        var token = (await (await Client.PostAsJsonAsync("/api/auth/token", new { code = card.Code })).Content.ReadFromJsonAsync<AppFactory.TokenBody>())!.AccessToken;
        var before = await AppFactory.SendAsync(Client, HttpMethod.Get, "/api/me", token);

        await App.Services.GetRequiredService<DirectoryService>().RetireDelegateAsync(convener, id, "moved away");

        var response = await AppFactory.SendAsync(Client, HttpMethod.Get, "/api/me", token);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"userName\":\"convener\",\"password\":\"nope\"}", HttpStatusCode.Unauthorized)]
    [InlineData("{\"userName\":\"nobody\",\"password\":\"Demo!2026\"}", HttpStatusCode.Unauthorized)]
    [InlineData("{\"userName\":\"con\\u0000vener\",\"password\":\"Demo!2026\"}", HttpStatusCode.Unauthorized)]
    [InlineData("{\"code\":\"0000-0000-0000-0000-0000-0000-00\"}", HttpStatusCode.Unauthorized)]
    [InlineData("{}", HttpStatusCode.BadRequest)]
    [InlineData("{\"userName\":\"convener\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"userName\":\"convener\",\"password\":\"x\",\"code\":\"y\"}", HttpStatusCode.BadRequest)]
    [InlineData("not json", HttpStatusCode.BadRequest)]
    public async Task Token_BadRequests_AnswerProblemDetails(string json, HttpStatusCode expected)
    {
        var response = await Client.PostAsync("/api/auth/token", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Token_GuessingFromOneClient_Is429WithRetryAfter_UntilTheWaitIsOver_OnTheAppsClock()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        await using var app = App.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, "203.0.113.7");
        for (var i = 0; i < SignInThrottle.FreePerPair; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/token", new { userName = "delegate30", password = "wrong" })).StatusCode);
        }

        var throttled = await client.PostAsJsonAsync("/api/auth/token", new { userName = "delegate30", password = "Demo!2026" });
        var unknownThrottled = await PostFromAsync(app, "203.0.113.8", "nobody", SignInThrottle.FreePerPair);
        clock.Advance(throttled.Headers.RetryAfter!.Delta!.Value);
        var later = await client.PostAsJsonAsync("/api/auth/token", new { userName = "delegate30", password = "Demo!2026" });

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter.Delta);
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.TooManyRequests, unknownThrottled.StatusCode);
        Assert.Equal(TitleOf(await throttled.Content.ReadAsStringAsync()), TitleOf(await unknownThrottled.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Token_UnknownUser_AndWrongPassword_GiveTheSameAnswer()
    {
        var wrongPassword = await Client.PostAsJsonAsync("/api/auth/token", new { userName = "convener", password = "wrong" });
        var unknownUser = await Client.PostAsJsonAsync("/api/auth/token", new { userName = "no-such-user", password = "wrong" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(wrongPassword.StatusCode, unknownUser.StatusCode);
        Assert.Equal(wrongPassword.Content.Headers.ContentType?.ToString(), unknownUser.Content.Headers.ContentType?.ToString());
        Assert.Equal(WithoutTrace(await wrongPassword.Content.ReadAsStringAsync()), WithoutTrace(await unknownUser.Content.ReadAsStringAsync()));
    }

    private static async Task<HttpResponseMessage> PostFromAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string address, string userName, int failures)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        for (var i = 0; i < failures; i++)
        {
            await client.PostAsJsonAsync("/api/auth/token", new { userName, password = "wrong" });
        }
        return await client.PostAsJsonAsync("/api/auth/token", new { userName, password = "wrong" });
    }

    private static string? TitleOf(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("title").GetString();

    /// <summary>A problem's body without its trace id, which differs for every request.</summary>
    private static string WithoutTrace(string problem)
    {
        var fields = JsonDocument.Parse(problem).RootElement.EnumerateObject().Where(p => p.Name != "traceId").Select(p => p.Name + "=" + p.Value.GetRawText());
        return string.Join("\n", fields);
    }

    [Fact]
    public async Task Api_WithoutToken_Answers401ProblemNotARedirect()
    {
        var response = await Client.GetAsync("/api/directory/delegates");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_WithGarbageToken_Answers401()
    {
        var response = await AppFactory.SendAsync(Client, HttpMethod.Get, "/api/me", "garbage");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
