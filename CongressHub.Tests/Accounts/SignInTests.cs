using System.Net;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Seeding;
using CongressHub.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Accounts;

public class SignInTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task SignIn_WithDemoPassword_RedirectsToTheDashboard_WhichThenOpens()
    {
        var client = App.NewBrowserClient();

        var response = await AppFactory.PostSignInAsync(client, "convener", DemoSeeder.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard", AppFactory.Where(response));
        var dashboard = await client.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task SignIn_WrongPassword_StaysOnThePageWithALocalizedMessage()
    {
        var client = App.NewBrowserClient();

        var response = await AppFactory.PostSignInAsync(client, "convener", "wrong-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("用户名或密码不正确", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task SignIn_OneClientGuessing_IsSlowedDown_WhileTheRightPasswordWorksFromAnotherClient()
    {
        // The app's clock stands still: the guesser's wait never runs out during the test.
        await using var app = App.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new TestClock(DateTimeOffset.UtcNow))));
        var attacker = ClientAt(app, "203.0.113.7");
        for (var i = 0; i < 6; i++)
        {
            await AppFactory.PostSignInAsync(attacker, "convener", "wrong-password");
        }

        var slowed = await AppFactory.PostSignInAsync(attacker, "convener", DemoSeeder.Password);
        var convener = await AppFactory.PostSignInAsync(ClientAt(app, "198.51.100.20"), "convener", DemoSeeder.Password);

        Assert.Equal(HttpStatusCode.OK, slowed.StatusCode);
        Assert.Contains("尝试过于频繁", await slowed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, convener.StatusCode);
        Assert.Equal("/dashboard", AppFactory.Where(convener));
    }

    [Fact]
    public async Task SignIn_BehindAKnownProxy_CountsTheForwardedClient_NotTheProxy()
    {
        await using var app = App.WithWebHostBuilder(b => b
            .UseSetting("Network:KnownProxies", "10.0.0.5")
            .ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new TestClock(DateTimeOffset.UtcNow))));
        var attacker = ClientAt(app, "10.0.0.5");
        attacker.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        var convener = ClientAt(app, "10.0.0.5");
        convener.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.20");
        for (var i = 0; i < 4; i++)
        {
            await AppFactory.PostSignInAsync(attacker, "convener", "wrong-password");
        }

        var slowed = await AppFactory.PostSignInAsync(attacker, "convener", DemoSeeder.Password);
        var signedIn = await AppFactory.PostSignInAsync(convener, "convener", DemoSeeder.Password);

        Assert.Contains("尝试过于频繁", await slowed.Content.ReadAsStringAsync());
        Assert.Equal("/dashboard", AppFactory.Where(signedIn));
    }

    [Fact]
    public async Task SignIn_UnknownUser_AndWrongPassword_GiveTheSameAnswer()
    {
        var wrongPassword = await AppFactory.PostSignInAsync(ClientAt("203.0.113.8"), "convener", "wrong-password");
        var unknownUser = await AppFactory.PostSignInAsync(ClientAt("203.0.113.9"), "no-such-user", "wrong-password");

        Assert.Equal(wrongPassword.StatusCode, unknownUser.StatusCode);
        Assert.Equal(ErrorOf(await wrongPassword.Content.ReadAsStringAsync()), ErrorOf(await unknownUser.Content.ReadAsStringAsync()));
        Assert.Equal("用户名或密码不正确。", ErrorOf(await unknownUser.Content.ReadAsStringAsync()));
        Assert.Equal(wrongPassword.Headers.Select(h => h.Key).Order(), unknownUser.Headers.Select(h => h.Key).Order());
    }

    [Fact]
    public async Task SignIn_ManyFailures_NeverLockTheAccount()
    {
        var client = ClientAt("203.0.113.10");
        for (var i = 0; i < 6; i++)
        {
            await AppFactory.PostSignInAsync(client, "delegate07", "wrong-password");
        }

        await using var db = App.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Domain.Common.CongressDbContext>>().CreateDbContext();
        var account = db.Users.Single(u => u.UserName == "delegate07");
        Assert.Null(account.LockoutEnd);
        Assert.Equal(0, account.AccessFailedCount);
    }

    private HttpClient ClientAt(string address) => ClientAt(App, address);

    private static HttpClient ClientAt(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string address)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return client;
    }

    private static string ErrorOf(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "<p class=\"error\" role=\"alert\" id=\"signin-error\">([^<]*)</p>").Groups[1].Value;

    [Fact]
    public async Task SignIn_ReturnUrlElsewhere_IsIgnored()
    {
        var client = App.NewBrowserClient();
        var form = await client.GetStringAsync("/signin");

        var response = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppFactory.Antiforgery(form),
            ["_handler"] = "password",
            ["Input.UserName"] = "convener",
            ["Input.Password"] = DemoSeeder.Password,
            ["Input.ReturnUrl"] = "https://evil.example/",
        }));

        Assert.Equal("/dashboard", AppFactory.Where(response));
    }

    [Fact]
    public async Task WorkingPage_WithoutSignIn_RedirectsToSignIn()
    {
        var response = await App.NewBrowserClient().GetAsync("/directory/delegates");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", AppFactory.Where(response));
    }

    [Fact]
    public async Task ConvenerPage_AsDelegate_IsDenied()
    {
        var client = App.NewBrowserClient();
        await AppFactory.PostSignInAsync(client, "delegate01", DemoSeeder.Password);

        var response = await client.GetAsync("/directory/delegates");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/denied", AppFactory.Where(response));
    }

    [Fact]
    public async Task CardSignIn_ThenRevoke_SignsTheDeviceOutAtItsNextRequest()
    {
        using var scope = App.Services.CreateScope();
        var convener = await ActorAsync("convener");
        var delegateId = (await ActorAsync("delegate12")).DelegateId!.Value;
        var card = await App.Services.GetRequiredService<CardService>().IssueAsync(convener, delegateId);
        var phone = App.NewBrowserClient();

        var signIn = await AppFactory.PostCardSignInAsync(phone, CardCode.Format(card.Code));

        Assert.Equal("/dashboard", AppFactory.Where(signIn));
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("congresshub.auth", StringComparison.Ordinal));
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/dashboard")).StatusCode);

        await App.Services.GetRequiredService<CardService>().RevokeAsync(convener, delegateId);

        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task CardSignIn_UnknownCode_ShowsWhyAndSignsNobodyIn()
    {
        var phone = App.NewBrowserClient();

        var response = await AppFactory.PostCardSignInAsync(phone, "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZ");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("这张代表证无法登录", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var client = App.NewBrowserClient();
        await AppFactory.PostSignInAsync(client, "convener", DemoSeeder.Password);
        var page = await client.GetStringAsync("/account/password");

        var response = await client.PostAsync("/account/signout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppFactory.Antiforgery(page),
            ["returnUrl"] = "/signin",
        }));

        Assert.Equal("/signin", AppFactory.Where(response));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_IsABadRequest_AndLeavesTheSessionAlone()
    {
        // As installed (Production: the error page, not the developer's exception page).
        await using var production = App.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        var client = production.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await AppFactory.PostSignInAsync(client, "convener", DemoSeeder.Password);

        var response = await client.PostAsync("/account/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/signin" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请求已过期或不完整", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_ThenSignInWithTheNewOne_AndStaySignedIn()
    {
        var client = App.NewBrowserClient();
        await AppFactory.PostSignInAsync(client, "officer03", DemoSeeder.Password);
        var page = await client.GetStringAsync("/account/password");

        var response = await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppFactory.Antiforgery(page),
            ["_handler"] = "password",
            ["Input.Current"] = DemoSeeder.Password,
            ["Input.New"] = "Officer03New",
        }));

        Assert.Contains("密码已修改", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);
        var fresh = App.NewBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostSignInAsync(fresh, "officer03", "Officer03New")).StatusCode);
    }

    [Fact]
    public async Task LanguageSwitch_SetsEnglish_ForLaterPages()
    {
        var client = App.NewBrowserClient();

        var switched = await client.GetAsync("/culture/en?returnUrl=%2Fsignin");
        var page = await client.GetStringAsync("/signin");

        Assert.Equal("/signin", AppFactory.Where(switched));
        Assert.Contains("Sign in with card", page);
        Assert.Contains("lang=\"en\"", page);
    }

    private Task<Domain.Common.Actor> ActorAsync(string userName) => ActorOf(App, userName);

    internal static async Task<Domain.Common.Actor> ActorOf(AppFactory app, string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Domain.Accounts.CongressUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<Domain.Accounts.CongressUser>>();
        return Domain.Common.Actor.FromPrincipal(await factory.CreateAsync((await users.FindByNameAsync(userName))!))!;
    }
}
