using System.Net;
using CongressHub.Domain.Streets;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Streets;

/// <summary>The sitemap over HTTP: an index of one sitemap for the home and one per street, each street's pages in its own.</summary>
public class SitemapTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Index_ListsTheHomesSitemapAndEveryStreetsSitemap()
    {
        var sitemaps = (await PublicSitemap.SitemapsAsync(Client)).Select(s => new Uri(s).AbsolutePath).ToList();
        var home = await PublicSitemap.LocationsAsync(Client, "/sitemap-0.xml");

        Assert.Equal(["/sitemap-0.xml", "/sitemap-shiyan.xml", "/sitemap-xinghai.xml"], sitemaps);
        Assert.Equal(["http://localhost/"], home);
    }

    [Fact]
    public async Task StreetSitemap_ListsItsOwnResolutionsAndPages_AndNoneOfAnotherStreet()
    {
        var shiyan = (await PublicSitemap.LocationsAsync(Client, "/sitemap-shiyan.xml")).Select(u => new Uri(u).AbsolutePath).ToList();
        var xinghai = (await PublicSitemap.LocationsAsync(Client, "/sitemap-xinghai.xml")).Select(u => new Uri(u).AbsolutePath).ToList();

        Assert.Contains($"/s/shiyan/resolutions/{App.DemoResolution(1)}", shiyan);
        Assert.Contains($"/s/shiyan/resolutions/{App.DemoResolution(3)}", shiyan);
        Assert.DoesNotContain($"/s/shiyan/resolutions/{App.DemoResolution(7)}", shiyan);
        Assert.Contains(shiyan, p => p.StartsWith("/s/shiyan/delegates/", StringComparison.Ordinal));
        Assert.Contains(shiyan, p => p.StartsWith("/s/shiyan/projects/", StringComparison.Ordinal));
        Assert.All(shiyan, p => Assert.True(p == "/s/shiyan" || p.StartsWith("/s/shiyan/", StringComparison.Ordinal), p));
        Assert.Contains("/s/xinghai/opinions", xinghai);
        Assert.All(xinghai, p => Assert.True(p == "/s/xinghai" || p.StartsWith("/s/xinghai/", StringComparison.Ordinal), p));
        Assert.Equal(shiyan.Count, shiyan.Distinct().Count());
    }

    [Theory]
    [InlineData("/sitemap-nowhere.xml")]
    [InlineData("/sitemap-shiyan.2.xml")]
    [InlineData("/sitemap-shiyan.1.xml")]
    [InlineData("/sitemap-shiyan.x.xml")]
    [InlineData("/sitemap-Shiyan.xml")]
    [InlineData("/sitemap-.xml")]
    public async Task UnknownStreetOrPart_IsNotFound(string url)
    {
        var response = await Client.GetAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task StreetSitemap_IsKeptLikeThePublicPages_AndANotFoundIsNot()
    {
        await Client.GetAsync("/sitemap-xinghai.xml", TestContext.Current.CancellationToken);
        await Client.GetAsync("/sitemap-nowhere.xml", TestContext.Current.CancellationToken);

        var kept = await Client.GetAsync("/sitemap-xinghai.xml?utm_source=x", TestContext.Current.CancellationToken);
        var missing = await Client.GetAsync("/sitemap-nowhere.xml", TestContext.Current.CancellationToken);

        // The output cache answers a kept page with its age.
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.NotNull(kept.Headers.Age);
        Assert.Equal("application/xml", kept.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Null(missing.Headers.Age);
    }

    [Fact]
    public async Task AKeptSitemap_IsNotServedForItsAddressInOtherCase()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/sitemap-xinghai.xml", TestContext.Current.CancellationToken)).StatusCode);

        var response = await Client.GetAsync("/sitemap-Xinghai.xml", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PastTheLimit_AStreetsPagesContinueInNumberedSitemaps_EachPageOnceAndNoFileOverTheLimit()
    {
        await using var small = await AppFactory.CreateAsync(settings: new Dictionary<string, string> { ["Sitemap:UrlsPerFile"] = "10" });
        using var client = small.CreateClient();
        var all = (await small.Services.GetRequiredService<SitemapService>().StreetPathsAsync("shiyan", TestContext.Current.CancellationToken))!;
        var expected = (all.Count + 9) / 10;

        var sitemaps = (await PublicSitemap.SitemapsAsync(client)).Select(s => new Uri(s).AbsolutePath).Where(s => s.StartsWith("/sitemap-shiyan", StringComparison.Ordinal)).ToList();
        var parts = new List<IReadOnlyList<string>>();
        foreach (var sitemap in sitemaps)
        {
            parts.Add((await PublicSitemap.LocationsAsync(client, sitemap)).Select(u => new Uri(u).AbsolutePath).ToList());
        }
        var beyond = await client.GetAsync($"/sitemap-shiyan.{expected + 1}.xml", TestContext.Current.CancellationToken);

        Assert.True(all.Count > 20, $"The demo street has {all.Count} public pages: too few to split in three.");
        Assert.Equal(["/sitemap-shiyan.xml", .. Enumerable.Range(2, expected - 1).Select(n => $"/sitemap-shiyan.{n}.xml")], sitemaps);
        Assert.All(parts, p => Assert.InRange(p.Count, 1, 10));
        Assert.Equal(all, parts.SelectMany(p => p));
        Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
    }
}
