using System.Net;
using System.Xml.Linq;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Common;

public class RoutingTests : IAsyncLifetime
{
    private AppFactory _app = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await AppFactory.CreateAsync();
        _client = _app.NewBrowserClient();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/no/such/page")]
    [InlineData("/s/nowhere")]
    public async Task UnknownPage_AnswersALocalized404Page(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("找不到页面", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownPage_InEnglish_AnswersTheEnglish404Page()
    {
        await _client.GetAsync("/culture/en");

        var response = await _client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownApiRoute_Answers404ProblemDetails()
    {
        var response = await _client.GetAsync("/api/no/such/thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownDelegateId_Answers404()
    {
        await AppFactory.PostSignInAsync(_client, "convener", "Demo!2026");

        var response = await _client.GetAsync("/directory/delegates/999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PublicStreetHome_IsStatic_AndShowsNoContactDetails()
    {
        var response = await _client.GetAsync("/s/shiyan");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("示例街道", html);
        Assert.Contains("东风社区", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("13800000001", html);
    }

    [Fact]
    public async Task Sitemap_ListsEveryStreetsPublicHome()
    {
        var xml = XDocument.Parse(await _client.GetStringAsync("/sitemap.xml"));
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

        var locs = xml.Descendants(ns + "loc").Select(e => new Uri(e.Value).AbsolutePath).ToList();

        Assert.Contains("/s/shiyan", locs);
        Assert.Contains("/s/xinghai", locs);
    }

    [Fact]
    public async Task OpenApi_ListsTheDeviceEndpoints()
    {
        var json = await _client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/auth/token", json);
        Assert.Contains("/api/directory/delegates", json);
    }
}
