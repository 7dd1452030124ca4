using System.Xml.Linq;
using CongressHub.Domain.Streets;

namespace CongressHub.Web.Streets;

public static class PublicEndpoints
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";

    /// <summary><c>/sitemap.xml</c>: every public page of every street. Each public page added later adds itself here.</summary>
    public static void MapPublicEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/sitemap.xml", async (HttpContext ctx, StreetService streets, Domain.Sessions.SessionService sessions, Domain.Reviews.ReviewService reviews) =>
        {
            var root = $"{ctx.Request.Scheme}://{ctx.Request.Host}";
            var urls = new List<string> { root + "/" };
            foreach (var s in await streets.ListPublicAsync(ctx.RequestAborted))
            {
                urls.Add($"{root}/s/{s.Slug}");
                urls.Add($"{root}/s/{s.Slug}/committee");
                urls.Add($"{root}/s/{s.Slug}/opinions");
                urls.Add($"{root}/s/{s.Slug}/opinions/new");
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
        }).ExcludeFromDescription();
}
