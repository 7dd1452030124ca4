using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CongressHub.Domain.Accounts;
using CongressHub.Domain.Seeding;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Accounts;

/// <summary>
/// A reset password over HTTP: the old one stops, the one-time password signs in once and opens nothing but the
/// change-password page, devices get no token with it, and after the change only the new password works.
/// </summary>
public class PasswordResetTests : FreshAppTest
{
    private const string Officer = "officer10";

    [Fact]
    public async Task Reset_SignsTheOpenSessionOut_AndTheOldPasswordFails()
    {
        var open = App.NewBrowserClient();
        await AppFactory.PostSignInAsync(open, Officer, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.OK, (await open.GetAsync("/dashboard")).StatusCode);

        await ResetAsync();

        Assert.StartsWith("/signin", AppFactory.Where(await open.GetAsync("/dashboard")));
        var again = await AppFactory.PostSignInAsync(App.NewBrowserClient(), Officer, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("用户名或密码不正确", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OneTimePassword_SignsIn_ToTheChangePage_WhichEveryOtherPageRedirectsTo()
    {
        var oneTime = await ResetAsync();

        var signIn = await AppFactory.PostSignInAsync(Client, Officer, oneTime);

        Assert.Equal("/account/password", AppFactory.Where(signIn));
        var page = await Client.GetAsync("/account/password");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("您的密码已被重置", await page.Content.ReadAsStringAsync());
        foreach (var other in new[] { "/dashboard", "/tracking/work", "/sessions", "/s/xinghai", "/" })
        {
            var response = await Client.GetAsync(other);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/password", AppFactory.Where(response));
        }
    }

    [Fact]
    public async Task OneTimePassword_GetsNoToken_AndTheApiRefusesItsCookie_With403ProblemDetails()
    {
        var oneTime = await ResetAsync();

        var token = await Client.PostAsJsonAsync("/api/auth/token", new { userName = Officer, password = oneTime }, TestContext.Current.CancellationToken);
        await AppFactory.PostSignInAsync(Client, Officer, oneTime);
        var api = await Client.GetAsync("/api/me");

        foreach (var refused in new[] { token, api })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.Contains("须先在网页上登录并设置新密码", problem.GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task ChangingThePassword_OpensTheApp_AndTheOneTimePasswordNoLongerWorks()
    {
        var oneTime = await ResetAsync();
        await AppFactory.PostSignInAsync(Client, Officer, oneTime);
        var form = await Client.GetStringAsync("/account/password");

        var changed = await Client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppFactory.Antiforgery(form),
            ["_handler"] = "password",
            ["Input.Current"] = oneTime,
            ["Input.New"] = "Officer10Own",
        }));

        Assert.Contains("密码已修改", await changed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/dashboard")).StatusCode);
        var reused = await AppFactory.PostSignInAsync(App.NewBrowserClient(), Officer, oneTime);
        Assert.Contains("用户名或密码不正确", await reused.Content.ReadAsStringAsync());
        Assert.Equal("/dashboard", AppFactory.Where(await AppFactory.PostSignInAsync(App.NewBrowserClient(), Officer, "Officer10Own")));
        await AppFactory.TokenAsync(App.NewBrowserClient(), Officer, "Officer10Own");
    }

    [Fact]
    public async Task ChangePage_AfterReset_LetsThePersonSignOutInstead()
    {
        var oneTime = await ResetAsync();
        await AppFactory.PostSignInAsync(Client, Officer, oneTime);
        var form = await Client.GetStringAsync("/account/password");

        var response = await Client.PostAsync("/account/signout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppFactory.Antiforgery(form),
            ["returnUrl"] = "/signin",
        }));

        Assert.Equal("/signin", AppFactory.Where(response));
        Assert.StartsWith("/signin", AppFactory.Where(await Client.GetAsync("/dashboard")));
    }

    private async Task<string> ResetAsync()
    {
        var convener = await SignInTests.ActorOf(App, "convener2");
        var officer = await SignInTests.ActorOf(App, Officer);
        return await App.Services.GetRequiredService<AccountService>().ResetPasswordAsync(convener, officer.UserId);
    }
}
