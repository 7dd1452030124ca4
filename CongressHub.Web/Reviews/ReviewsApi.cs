using System.Globalization;
using CongressHub.Domain.Common;
using CongressHub.Domain.Reviews;
using CongressHub.Web.Api;

namespace CongressHub.Web.Reviews;

/// <summary>A round's results as CSV: one row per report, no rater names.</summary>
public static class ReviewsApi
{
    public static void MapReviewsApi(this RouteGroupBuilder api) =>
        api.MapGet("/reviews/{id:int}/results.csv", async (HttpContext ctx, ReviewService reviews, int id) =>
        {
            var view = await reviews.ResultsAsync(ApiActor.Of(ctx), id);
            return await CsvDownload.CreateAsync($"review-results-{view.Year}.csv", async csv =>
            {
                await csv.WriteRowAsync(new object?[] { "kind", "rank", "reporter", "raters", "satisfied", "basically_satisfied", "not_satisfied", "satisfaction_rate", "standing" }
                    .Concat(view.Criteria.Select(c => "avg_" + c)));
                foreach (var row in view.StreetOffice.Concat(view.Departments).Concat(view.Officials))
                {
                    var r = row.Result;
                    await csv.WriteRowAsync(new object?[]
                        {
                            r.Kind.Label(), row.Rank == 0 ? "" : row.Rank.ToString(CultureInfo.InvariantCulture), r.Title, r.Raters, r.Satisfied,
                            r.BasicallySatisfied, r.NotSatisfied, r.SatisfactionRate?.ToString("0.0", CultureInfo.InvariantCulture) ?? "", row.Standing.ToString(),
                        }
                        .Concat(r.AverageScores.Select(a => (object?)(a?.ToString("0.00", CultureInfo.InvariantCulture) ?? ""))));
                }
            });
        }).WithTags("Reviews").WithSummary("A work-report review's results per report as CSV")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
}
