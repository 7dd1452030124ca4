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

    public static void MapPublicEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sitemap.xml", SitemapAsync).ExcludeFromDescription();
        app.MapGet("/s/{slug}/feed.atom", FeedAsync).ExcludeFromDescription();
    }

    /// <summary><c>/sitemap.xml</c>: every public page of every street. Each public page added later adds itself here.</summary>
    private static async Task<IResult> SitemapAsync(HttpContext ctx, StreetService streets, Domain.Sessions.SessionService sessions, Domain.Reviews.ReviewService reviews,
        ResolutionService resolutions, Domain.Councils.TopicService topics, Domain.Councils.CouncilDecisionService decisions, PublicLinks links,
        Domain.Records.DelegateRecordService records)
    {
        var root = links.Root(ctx.Request);
        var urls = new List<string> { root + "/" };
        foreach (var s in await streets.ListPublicAsync(ctx.RequestAborted))
        {
            urls.Add($"{root}/s/{s.Slug}");
            urls.Add($"{root}/s/{s.Slug}/resolutions");
            urls.Add($"{root}/s/{s.Slug}/committee");
            urls.Add($"{root}/s/{s.Slug}/opinions");
            urls.Add($"{root}/s/{s.Slug}/opinions/new");
        }
        foreach (var (slug, id) in await records.ListPublicAsync(ctx.RequestAborted))
        {
            urls.Add($"{root}/s/{slug}/delegates/{id}");
        }
        foreach (var c in await topics.PublicCommunitiesAsync(ct: ctx.RequestAborted))
        {
            urls.Add($"{root}/s/{c.StreetSlug}/c/{c.CommunityId}");
        }
        foreach (var (slug, number) in await resolutions.ListPublishedNumbersAsync(ctx.RequestAborted))
        {
            urls.Add($"{root}/s/{slug}/resolutions/{number}");
        }
        foreach (var path in await decisions.ListPublicPathsAsync(ctx.RequestAborted))
        {
            urls.Add(root + path);
        }
        foreach (var m in await sessions.ListPublishedMinutesAsync(ct: ctx.RequestAborted))
        {
            urls.Add($"{root}/s/{m.StreetSlug}/sessions/{m.SessionId}/minutes");
        }
        foreach (var (slug, year) in await reviews.ListPublishedAsync(ct: ctx.RequestAborted))
        {
            urls.Add($"{root}/s/{slug}/evaluations/{year}");
        }
        var doc = new XDocument(new XElement(Sitemap + "urlset", urls.Select(u => new XElement(Sitemap + "url", new XElement(Sitemap + "loc", u)))));
        return Results.Text(doc.Declaration + doc.ToString(), "application/xml; charset=utf-8");
    }

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
