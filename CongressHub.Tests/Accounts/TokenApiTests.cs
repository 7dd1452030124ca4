using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CongressHub.Domain.Directory;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Accounts;

public class TokenApiTests : AppTest
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
    public async Task Token_FiveWrongPasswords_LockTheAccount()
    {
        for (var i = 0; i < 5; i++)
        {
            await Client.PostAsJsonAsync("/api/auth/token", new { userName = "delegate30", password = "wrong" });
        }

        var response = await Client.PostAsJsonAsync("/api/auth/token", new { userName = "delegate30", password = "Demo!2026" });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
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
