using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Projects;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Reviews;
using CongressHub.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Streets;

/// <summary>A street in the sitemap's index: its slug and how many public pages it has.</summary>
public sealed record SitemapStreet(string Slug, int Pages);

/// <summary>
/// The public pages of each street, for the sitemap: the index counts every street's pages (one grouped count per kind
/// of page, for all streets at once) and a street's own sitemap lists its pages reading that street's rows only. Both
/// read the same kinds with the same rules, kept side by side here so that a count and its list cannot drift apart.
/// Each public page added later adds its kind to both.
/// </summary>
public sealed class SitemapService(IDbContextFactory<CongressDbContext> dbFactory, DirectoryService directory)
{
    /// <summary>The pages every street has, before the pages of its records.</summary>
    private static readonly string[] StreetPages = ["", "/resolutions", "/committee", "/opinions", "/opinions/new"];

    /// <summary>Every street in id order with the number of its public pages.</summary>
    public async Task<IReadOnlyList<SitemapStreet>> CountPagesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var streets = await db.Streets.AsNoTracking().OrderBy(s => s.Id).Select(s => new { s.Id, s.Slug }).ToListAsync(ct);
        var terms = (await directory.CurrentTermsAsync(db, ct)).ToDictionary(t => t.Value.Id, t => t.Key);
        var termIds = terms.Keys.ToList();
        var delegates = (await db.Delegates.Where(d => termIds.Contains(d.TermId) && d.RetiredUtc == null)
            .GroupBy(d => d.TermId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => terms[x.Key], x => x.Count);
        var counts = new[]
        {
            delegates,
            await CountAsync(db.Communities.GroupBy(c => c.StreetId).Select(g => new StreetCount(g.Key, g.Count())), ct),
            await CountAsync(PublishedResolutions(db).GroupBy(r => r.StreetId).Select(g => new StreetCount(g.Key, g.Count())), ct),
            await CountAsync(PublicDecisions(db).GroupBy(d => d.StreetId).Select(g => new StreetCount(g.Key, g.Count())), ct),
            await CountAsync(PublishedMinutes(db).GroupBy(s => s.StreetId).Select(g => new StreetCount(g.Key, g.Count())), ct),
            await CountAsync(PublishedReviews(db).GroupBy(r => r.StreetId).Select(g => new StreetCount(g.Key, g.Count())), ct),
            await CountAsync(PublicProjectRounds(db).GroupBy(r => r.StreetId).Select(g => new StreetCount(g.Key, g.Count())), ct),
        };
        return streets.Select(s => new SitemapStreet(s.Slug, StreetPages.Length + counts.Sum(c => c.GetValueOrDefault(s.Id)))).ToList();
    }

    /// <summary>
    /// The paths of one street's public pages (<c>/s/shiyan/resolutions/2026-Q3-01</c>), in a fixed order so that
    /// splitting them into files gives the same files each time; null for an unknown street.
    /// </summary>
    public async Task<IReadOnlyList<string>?> StreetPathsAsync(string slug, CancellationToken ct = default)
    {
        var key = (slug ?? "").Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var street = await db.Streets.AsNoTracking().Where(s => s.Slug == key).Select(s => new { s.Id, s.Slug }).SingleOrDefaultAsync(ct);
        if (street is null)
        {
            return null;
        }
        var id = street.Id;
        var home = $"/s/{street.Slug}";
        var paths = StreetPages.Select(p => home + p).ToList();
        if (await directory.CurrentTermAsync(db, id, ct) is { } term)
        {
            paths.AddRange((await db.Delegates.Where(d => d.TermId == term.Id && d.RetiredUtc == null).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct))
                .Select(d => $"{home}/delegates/{d}"));
        }
        paths.AddRange((await db.Communities.Where(c => c.StreetId == id).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync(ct))
            .Select(c => $"{home}/c/{c}"));
        paths.AddRange((await PublishedResolutions(db).Where(r => r.StreetId == id).OrderBy(r => r.Year).ThenBy(r => r.Quarter).ThenBy(r => r.Sequence)
            .Select(r => r.Number!).ToListAsync(ct)).Select(n => $"{home}/resolutions/{n}"));
        paths.AddRange((await PublicDecisions(db).Where(d => d.StreetId == id).OrderBy(d => d.CommunityId).ThenBy(d => d.Id)
            .Select(d => new { d.CommunityId, d.Id }).ToListAsync(ct)).Select(d => CouncilDecisionLabels.PublicPath(street.Slug, d.CommunityId, d.Id)));
        paths.AddRange((await PublishedMinutes(db).Where(s => s.StreetId == id).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(ct))
            .Select(s => $"{home}/sessions/{s}/minutes"));
        paths.AddRange((await PublishedReviews(db).Where(r => r.StreetId == id).OrderBy(r => r.Year).Select(r => r.Year).ToListAsync(ct))
            .Select(y => $"{home}/evaluations/{y}"));
        paths.AddRange((await PublicProjectRounds(db).Where(r => r.StreetId == id).OrderBy(r => r.Year).Select(r => r.Year).ToListAsync(ct))
            .Select(y => $"{home}/projects/{y}"));
        return paths;
    }

    private sealed record StreetCount(int StreetId, int Count);

    private static async Task<Dictionary<int, int>> CountAsync(IQueryable<StreetCount> counts, CancellationToken ct) =>
        await counts.ToDictionaryAsync(c => c.StreetId, c => c.Count, ct);

    // What each public page shows, as its own page reads it: a draft never has a page.

    private static IQueryable<Resolution> PublishedResolutions(CongressDbContext db) =>
        db.Resolutions.Where(r => r.Status == ResolutionStatus.Published);

    private static IQueryable<CouncilDecision> PublicDecisions(CongressDbContext db) =>
        db.CouncilDecisions.Where(d => d.State != CouncilDecisionState.Draft);

    private static IQueryable<Session> PublishedMinutes(CongressDbContext db) =>
        db.Sessions.Where(s => s.Status == SessionStatus.MinutesPublished);

    private static IQueryable<ReviewRound> PublishedReviews(CongressDbContext db) =>
        db.ReviewRounds.Where(r => r.State == ReviewState.Published);

    private static IQueryable<ProjectRound> PublicProjectRounds(CongressDbContext db) =>
        db.ProjectRounds.Where(r => r.State != ProjectRoundState.Drafting);
}
