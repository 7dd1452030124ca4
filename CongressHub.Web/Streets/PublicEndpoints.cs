using System.Globalization;
using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using CongressHub.Domain.Common;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Streets;
using CongressHub.Web.Hosting;
using Microsoft.Extensions.Localization;

namespace CongressHub.Web.Streets;

public static class PublicEndpoints
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";

    /// <summary>The most URLs the sitemap protocol allows in one file (and the most sitemaps in one index).</summary>
    public const int MaxUrlsPerSitemap = 50_000;

    /// <summary>The sitemap of the site's own pages (its home). A street's slug starts with a letter, so no street has this name.</summary>
    public const string SiteSitemap = "0";

    public static void MapPublicEndpoints(this IEndpointRouteBuilder app)
    {
        // Lowered only by tests, to split a street's pages without writing 50,000 rows; never above the protocol's limit.
        var perFile = Math.Clamp(app.ServiceProvider.GetRequiredService<IConfiguration>().GetValue("Sitemap:UrlsPerFile", MaxUrlsPerSitemap), 1, MaxUrlsPerSitemap);
        app.MapGet("/sitemap.xml", (HttpContext ctx, SitemapService sitemaps, PublicLinks links) => SitemapIndexAsync(ctx, sitemaps, links, perFile)).ExcludeFromDescription();
        app.MapGet("/sitemap-{name}.xml", (string name, HttpContext ctx, SitemapService sitemaps, PublicLinks links) => SitemapAsync(name, ctx, sitemaps, links, perFile))
            .ExcludeFromDescription();
        app.MapGet("/s/{slug}/feed.atom", FeedAsync).ExcludeFromDescription();
    }

    /// <summary>
    /// Whether a path is the sitemap's index or one of its sitemaps. They sit at the site's root because a sitemap may
    /// only list addresses under its own folder.
    /// </summary>
    public static bool IsSitemap(PathString path) =>
        path.Value is { } p && p.StartsWith("/sitemap", StringComparison.OrdinalIgnoreCase) && p.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)
        && p.IndexOf('/', 1) < 0;

    /// <summary>
    /// <c>/sitemap.xml</c>: an index of sitemaps, one for the site's home and one per street (<c>/sitemap-{street}.xml</c>),
    /// so that a city of many streets and years never puts more than the protocol's 50,000 addresses in one file; a street
    /// with more than that continues in <c>/sitemap-{street}.2.xml</c>, <c>.3</c>… The index reads how many pages each
    /// street has (a grouped count per kind of page), not the pages themselves.
    /// </summary>
    private static async Task<IResult> SitemapIndexAsync(HttpContext ctx, SitemapService sitemaps, PublicLinks links, int perFile)
    {
        var root = links.Root(ctx.Request);
        var files = new List<string> { $"{root}/sitemap-{SiteSitemap}.xml" };
        foreach (var street in await sitemaps.CountPagesAsync(ctx.RequestAborted))
        {
            files.AddRange(Enumerable.Range(1, Parts(street.Pages, perFile)).Select(n => $"{root}/sitemap-{FileName(street.Slug, n)}.xml"));
        }
        return Xml(new XElement(Sitemap + "sitemapindex", files.Select(f => new XElement(Sitemap + "sitemap", new XElement(Sitemap + "loc", f)))));
    }

    /// <summary>
    /// <c>/sitemap-{street}.xml</c> (and <c>.2</c>… past the limit): every public page of one street, reading that
    /// street's rows only; <c>/sitemap-0.xml</c>: the site's home. Each public page added later adds itself to
    /// <see cref="SitemapService"/>. An unknown street or part is not found.
    /// </summary>
    private static async Task<IResult> SitemapAsync(string name, HttpContext ctx, SitemapService sitemaps, PublicLinks links, int perFile)
    {
        var root = links.Root(ctx.Request);
        if (name == SiteSitemap)
        {
            return UrlSet([root + "/"]);
        }
        var dot = name.IndexOf('.');
        var slug = dot < 0 ? name : name[..dot];
        var part = 1;
        // Part 1 has one address only: "shiyan.1" is not it.
        if (!Street.IsValidSlug(slug)
            || dot >= 0 && !(int.TryParse(name.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out part) && part >= 2)
            || await sitemaps.StreetPathsAsync(slug, ctx.RequestAborted) is not { } paths
            || part > Parts(paths.Count, perFile))
        {
            return Results.NotFound();
        }
        return UrlSet(paths.Skip((part - 1) * perFile).Take(perFile).Select(p => root + p));
    }

    private static int Parts(int pages, int perFile) => Math.Max(1, (pages + perFile - 1) / perFile);

    private static string FileName(string slug, int part) => part == 1 ? slug : $"{slug}.{part}";

    private static IResult UrlSet(IEnumerable<string> urls) =>
        Xml(new XElement(Sitemap + "urlset", urls.Select(u => new XElement(Sitemap + "url", new XElement(Sitemap + "loc", u)))));

    private static IResult Xml(XElement root) =>
        Results.Text("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.ToString(SaveOptions.DisableFormatting), "application/xml; charset=utf-8");

    /// <summary>
    /// <c>/s/{street}/feed.atom</c>: the street's published resolutions and the openings of their public notices, as
    /// Atom 1.0 for ordinary feed readers. Drafts never appear: the feed reads published resolutions only.
    /// </summary>
    private static async Task<IResult> FeedAsync(string slug, HttpContext ctx, ResolutionService resolutions, PublicLinks links, IStringLocalizer<SharedResource> l)
    {
        var data = await resolutions.FeedAsync(slug, ctx.RequestAborted);
        if (data is null)
        {
            return Results.NotFound(); // the status-code page answers with the localized not-found page
        }
        var root = links.Root(ctx.Request);
        var home = $"{root}/s/{data.StreetSlug}";
        var feed = new SyndicationFeed(l["Feed.Title", data.StreetName], l["Feed.Subtitle", data.StreetName], new Uri(home), $"{home}/feed.atom", new DateTimeOffset(data.UpdatedUtc, TimeSpan.Zero))
        {
            Language = l["Feed.Language"],
        };
        feed.Links.Add(new SyndicationLink(new Uri($"{home}/feed.atom"), "self", null, "application/atom+xml", 0));
        feed.Authors.Add(new SyndicationPerson { Name = data.StreetName });
        if (data.Anchor is { } anchor)
        {
            // The audit chain's head as of last midnight: a reader that keeps the feed keeps a copy of it outside the database.
            feed.ElementExtensions.Add(new XElement(AuditNs + "anchor", new XAttribute("sequence", anchor.Sequence), anchor.Hash));
        }
        feed.Items = data.Entries.Select(e =>
        {
            var url = $"{home}/resolutions/{e.Number}";
            var title = e.IsNotice
                ? l["Feed.NoticeTitle", e.Number, e.Title, SessionTime.FormatDate(e.NoticeEndsOn!.Value)]
                : l["Feed.ResolutionTitle", e.Number, e.Title];
            var item = new SyndicationItem(title, e.Summary, new Uri(e.IsNotice ? url + "#notice" : url), e.IsNotice ? url + "#notice" : url,
                new DateTimeOffset(e.UpdatedUtc, TimeSpan.Zero))
            {
                PublishDate = new DateTimeOffset(e.PublishedUtc, TimeSpan.Zero),
            };
            item.Authors.Add(new SyndicationPerson { Name = data.StreetName });
            return item;
        }).ToList();

        using var buffer = new MemoryStream();
        await using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = true, Async = true }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }
        return Results.Bytes(buffer.ToArray(), "application/atom+xml; charset=utf-8");
    }

    private static readonly XNamespace AuditNs = "urn:congresshub:audit";
}
