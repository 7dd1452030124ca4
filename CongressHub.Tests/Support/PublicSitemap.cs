using System.Xml.Linq;

namespace CongressHub.Tests.Support;

/// <summary>The public sitemap as a search engine reads it: the index at <c>/sitemap.xml</c>, then each sitemap it lists.</summary>
public static class PublicSitemap
{
    public static readonly XNamespace Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

    /// <summary>The addresses of the sitemaps the index lists.</summary>
    public static async Task<IReadOnlyList<string>> SitemapsAsync(HttpClient client)
    {
        var index = XDocument.Parse(await client.GetStringAsync("/sitemap.xml", TestContext.Current.CancellationToken));
        Assert.Equal(Ns + "sitemapindex", index.Root!.Name);
        return index.Root.Elements(Ns + "sitemap").Select(s => s.Element(Ns + "loc")!.Value).ToList();
    }

    /// <summary>Every page's address in every sitemap the index lists.</summary>
    public static async Task<IReadOnlyList<string>> UrlsAsync(HttpClient client)
    {
        var urls = new List<string>();
        foreach (var sitemap in await SitemapsAsync(client))
        {
            urls.AddRange(await LocationsAsync(client, new Uri(sitemap).PathAndQuery));
        }
        return urls;
    }

    /// <summary>The path of every page in every sitemap (<c>/s/shiyan/resolutions</c>).</summary>
    public static async Task<IReadOnlyList<string>> PathsAsync(HttpClient client) =>
        (await UrlsAsync(client)).Select(u => new Uri(u).AbsolutePath).ToList();

    /// <summary>The addresses one sitemap lists (<c>/sitemap-shiyan.xml</c>).</summary>
    public static async Task<IReadOnlyList<string>> LocationsAsync(HttpClient client, string path)
    {
        var sitemap = XDocument.Parse(await client.GetStringAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal(Ns + "urlset", sitemap.Root!.Name);
        return sitemap.Root.Elements(Ns + "url").Select(u => u.Element(Ns + "loc")!.Value).ToList();
    }
}
