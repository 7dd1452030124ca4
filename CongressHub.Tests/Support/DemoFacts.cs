using CongressHub.Domain.Common;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Support;

/// <summary>
/// What the demo street of an app under test holds that follows the day it was seeded: the numbers of last quarter's
/// resolutions and the year of last year's evaluation. Read from the app's database, so tests name them on any day.
/// </summary>
public static class DemoFacts
{
    /// <summary>The number of the demo street's <paramref name="sequence"/>-th resolution of last quarter (1: done, 2: in progress, 3: in its notice).</summary>
    public static string DemoResolution(this AppFactory app, int sequence)
    {
        using var db = Context(app);
        var first = db.Resolutions.Where(r => r.Number != null && db.Streets.Any(s => s.Id == r.StreetId && s.Slug == "shiyan"))
            .OrderBy(r => r.AdoptedUtc).Select(r => new { r.Year, r.Quarter }).First();
        return Resolution.FormatNumber(first.Year, first.Quarter, sequence);
    }

    /// <summary>The year of the demo street's published evaluation of its officers' work (last year).</summary>
    public static int DemoReviewYear(this AppFactory app)
    {
        using var db = Context(app);
        return db.ReviewRounds.Where(r => r.State == ReviewState.Published && db.Streets.Any(s => s.Id == r.StreetId && s.Slug == "shiyan"))
            .Min(r => r.Year);
    }

    /// <summary>Replaces <c>{resolution:N}</c>, <c>{paper-election}</c> and <c>{evaluation-year}</c> in a path with the demo's values.</summary>
    public static string DemoPath(this AppFactory app, string path)
    {
        for (var n = 1; n <= 3; n++)
        {
            path = path.Replace($"{{resolution:{n}}}", app.DemoResolution(n), StringComparison.Ordinal);
        }
        if (path.Contains("{paper-election}", StringComparison.Ordinal))
        {
            using var db = Context(app);
            var election = db.Votes.Where(v => v.Question == "居务监督委员会委员补选" && db.Streets.Any(s => s.Id == v.StreetId && s.Slug == "shiyan")).Select(v => v.Id).Single();
            path = path.Replace("{paper-election}", election.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
        return path.Replace("{evaluation-year}", app.DemoReviewYear().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static CongressDbContext Context(AppFactory app) =>
        app.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContext();
}
