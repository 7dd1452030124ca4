using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Streets;

/// <summary>
/// The residents' public site against one hostile client: a budget of requests per address, counted by the address a
/// configured proxy reports and by nothing a client says itself, and absolute links from the configured public address.
/// </summary>
public class PublicSiteLimitTests
{
    [Fact]
    public async Task PastTheBudget_AClientGets429_WithRetryAfterAndAShortLocalizedText()
    {
        await using var app = await AppFactory.CreateAsync(settings: new Dictionary<string, string> { ["Limits:PublicRequestsPerMinute"] = "3" });
        using var client = Loopback(app);

        var allowed = await GetAllAsync(client, "/s/shiyan", "/s/shiyan/resolutions", "/sitemap.xml");
        var refused = await GetAsync(client, "/s/shiyan/committee", accept: "text/html");
        var refusedApi = await GetAsync(client, "/s/shiyan/feed.atom", accept: "application/json", culture: "en");
        var signIn = await GetAsync(client, "/signin");

        Assert.All(allowed, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says how long to wait");
        Assert.Equal("text/plain", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("请求过于频繁", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedApi.StatusCode);
        Assert.Equal("application/problem+json", refusedApi.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many requests", await refusedApi.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        // The working pages and the sign-in are not the public site: not counted, not refused.
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    [Fact]
    public async Task ForwardedFor_FromAnAddressThatIsNotAKnownProxy_IsIgnored()
    {
        // 192.0.2.10 is the only proxy believed; the test's requests come from 127.0.0.1.
        await using var app = await AppFactory.CreateAsync(settings: new Dictionary<string, string>
        {
            ["Limits:PublicRequestsPerMinute"] = "3",
            ["Network:KnownProxies"] = "192.0.2.10",
        });
        using var client = Loopback(app);

        var allowed = new List<HttpStatusCode>();
        for (var i = 1; i <= 3; i++)
        {
            allowed.Add((await GetAsync(client, "/s/shiyan", forwardedFor: $"203.0.113.{i}")).StatusCode);
        }
        var claimingAnotherAddress = await GetAsync(client, "/s/shiyan", forwardedFor: "203.0.113.99");

        Assert.All(allowed, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, claimingAnotherAddress.StatusCode);
    }

    [Fact]
    public async Task ForwardedFor_FromAKnownProxy_CountsEachResidentByTheirOwnAddress()
    {
        await using var app = await AppFactory.CreateAsync(settings: new Dictionary<string, string>
        {
            ["Limits:PublicRequestsPerMinute"] = "3",
            ["Network:KnownProxies"] = "127.0.0.1",
        });
        using var client = Loopback(app);

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            first.Add((await GetAsync(client, "/s/shiyan", forwardedFor: "203.0.113.1")).StatusCode);
        }
        var firstAgain = await GetAsync(client, "/s/shiyan", forwardedFor: "203.0.113.1");
        var neighbour = await GetAsync(client, "/s/shiyan", forwardedFor: "203.0.113.2");

        Assert.All(first, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, firstAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, neighbour.StatusCode);
    }

    [Fact]
    public async Task FeedSitemapAndLinkCards_UseTheConfiguredPublicAddress()
    {
        await using var app = await AppFactory.CreateAsync(settings: new Dictionary<string, string> { ["Congress:PublicBaseUrl"] = "https://congress.example.gov.cn/" });
        using var client = app.CreateClient();

        var sitemaps = await PublicSitemap.SitemapsAsync(client);
        var locations = await PublicSitemap.UrlsAsync(client);
        var feed = XDocument.Parse(await client.GetStringAsync("/s/shiyan/feed.atom", TestContext.Current.CancellationToken));
        var page = await client.GetStringAsync("/s/shiyan/resolutions?q=x", TestContext.Current.CancellationToken);

        Assert.Contains("https://congress.example.gov.cn/sitemap-shiyan.xml", sitemaps);
        Assert.Contains("https://congress.example.gov.cn/s/shiyan/resolutions", locations);
        Assert.All(locations, l => Assert.StartsWith("https://congress.example.gov.cn/", l, StringComparison.Ordinal));
        var links = feed.Descendants().Where(e => e.Name.LocalName is "link").Select(e => e.Attribute("href")!.Value)
            .Concat(feed.Descendants().Where(e => e.Name.LocalName is "id").Select(e => e.Value)).ToList();
        Assert.Contains("https://congress.example.gov.cn/s/shiyan/feed.atom", links);
        Assert.All(links, l => Assert.StartsWith("https://congress.example.gov.cn/s/shiyan", l, StringComparison.Ordinal));
        Assert.Contains("<meta property=\"og:url\" content=\"https://congress.example.gov.cn/s/shiyan/resolutions\" />", page);
        Assert.Contains("<link rel=\"canonical\" href=\"https://congress.example.gov.cn/s/shiyan/resolutions\" />", page);
    }

    [Fact]
    public async Task WithoutAPublicAddress_LinksUseTheRequestsOwnSchemeAndHost()
    {
        await using var app = await AppFactory.CreateAsync();
        using var client = app.CreateClient();

        var sitemaps = await PublicSitemap.SitemapsAsync(client);
        var locations = await PublicSitemap.UrlsAsync(client);

        Assert.Contains("http://localhost/sitemap-shiyan.xml", sitemaps);
        Assert.Contains("http://localhost/s/shiyan", locations);
    }

    [Theory]
    [InlineData("Network:KnownProxies", "10.0.0.300")]
    [InlineData("Network:KnownNetworks", "10.0.0.0")]
    [InlineData("Congress:PublicBaseUrl", "congress.example.gov.cn")]
    [InlineData("Limits:PublicRequestsPerMinute", "-1")]
    [InlineData("Limits:HubConnectionsPerToken", "0")]
    [InlineData("Limits:CircuitsPerUser", "many")]
    public async Task Start_WithAWrongNetworkOrLimitSetting_FailsNamingTheSetting(string setting, string value)
    {
        await using var app = await AppFactory.CreateAsync(settings: new Dictionary<string, string> { [setting] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains(setting, messages, StringComparison.Ordinal);
        Assert.Contains(value, messages, StringComparison.Ordinal);
    }

    private static HttpClient Loopback(AppFactory app) => new() { BaseAddress = new Uri(app.StartOnLoopback()) };

    private static async Task<List<HttpStatusCode>> GetAllAsync(HttpClient client, params string[] urls)
    {
        var statuses = new List<HttpStatusCode>();
        foreach (var url in urls)
        {
            statuses.Add((await GetAsync(client, url)).StatusCode);
        }
        return statuses;
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? forwardedFor = null, string? accept = null, string? culture = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, culture is null ? url : $"{url}?culture={culture}&ui-culture={culture}");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        if (accept is not null)
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        }
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException a)
            {
                foreach (var inner in a.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
