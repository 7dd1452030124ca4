using System.Net;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Common;

public class RoutingTests(AppFixture app) : AppTest(app)
{
    [Theory]
    [InlineData("/no/such/page")]
    [InlineData("/s/nowhere")]
    [InlineData("/s/nowhere/committee")]
    public async Task UnknownPage_AnswersALocalized404Page(string url)
    {
        var response = await Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("找不到页面", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownPage_InEnglish_AnswersTheEnglish404Page()
    {
        await Client.GetAsync("/culture/en");

        var response = await Client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownApiRoute_Answers404ProblemDetails()
    {
        var response = await Client.GetAsync("/api/no/such/thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownDelegateId_Answers404()
    {
        await AppFactory.PostSignInAsync(Client, "convener", "Demo!2026");

        var response = await Client.GetAsync("/directory/delegates/999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PublicStreetHome_IsStatic_AndShowsNoContactDetails()
    {
        var response = await Client.GetAsync("/s/shiyan");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("示例街道", html);
        Assert.Contains("东风社区", html);
        Assert.DoesNotMatch("<script(?! src=\"/print.js\" defer></script>)", html);
        Assert.DoesNotContain("13800000001", html);
    }

    [Fact]
    public async Task Sitemap_ListsEveryStreetsPublicHome()
    {
        var locs = await PublicSitemap.PathsAsync(Client);

        Assert.Contains("/s/shiyan", locs);
        Assert.Contains("/s/xinghai", locs);
        Assert.Contains("/s/shiyan/committee", locs);
    }

    [Fact]
    public async Task OpenApi_ListsTheDeviceEndpoints()
    {
        var json = await Client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/auth/token", json);
        Assert.Contains("/api/directory/delegates", json);
        Assert.Contains("/api/motions/{id}/votes", json);
        Assert.Contains("/api/votes/{id}/ballots", json);
        Assert.Contains("/api/votes/{id}/close", json);
    }
}
