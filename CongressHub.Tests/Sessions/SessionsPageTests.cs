using System.Net;
using CongressHub.Domain.Seeding;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Sessions;

public class SessionsPageTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Sessions_ForTheCityAdmin_ExplainsThatSessionsBelongToAStreet_WithLinks()
    {
        await AppFactory.PostSignInAsync(Client, "admin", DemoSeeder.Password);

        var response = await Client.GetAsync("/sessions");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("会议属于各街道的居民代表会议", html);
        Assert.Contains("href=\"/admin/streets\"", html);
        Assert.Contains("href=\"/dashboard\"", html);
    }

    [Fact]
    public async Task Sessions_ForAConvener_ListsTheStreetsSessions()
    {
        await AppFactory.PostSignInAsync(Client, "convener", DemoSeeder.Password);

        var html = await Client.GetStringAsync("/sessions");

        Assert.Contains("session-table", html);
        Assert.DoesNotContain("会议属于各街道的居民代表会议", html);
    }
}
