using System.Globalization;
using System.Text;
using CongressHub.Domain.Reviews;
using CongressHub.Web.Api;
using CsvHelper;

namespace CongressHub.Web.Reviews;

/// <summary>A round's results as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese): one row per report, no rater names.</summary>
public static class ReviewsApi
{
    public static void MapReviewsApi(this RouteGroupBuilder api) =>
        api.MapGet("/reviews/{id:int}/results.csv", async (HttpContext ctx, ReviewService reviews, int id) =>
        {
            var view = await reviews.ResultsAsync(ApiActor.Of(ctx), id);
            await using var text = new StringWriter(CultureInfo.InvariantCulture);
            await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
            {
                foreach (var header in new[] { "kind", "rank", "reporter", "raters", "satisfied", "basically_satisfied", "not_satisfied", "satisfaction_rate", "standing" }
                    .Concat(view.Criteria.Select(c => "avg_" + c)))
                {
                    csv.WriteField(header);
                }
                await csv.NextRecordAsync();
                foreach (var row in view.StreetOffice.Concat(view.Departments).Concat(view.Officials))
                {
                    var r = row.Result;
                    csv.WriteField(r.Kind.Label());
                    csv.WriteField(row.Rank == 0 ? "" : row.Rank.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(r.Title);
                    csv.WriteField(r.Raters);
                    csv.WriteField(r.Satisfied);
                    csv.WriteField(r.BasicallySatisfied);
                    csv.WriteField(r.NotSatisfied);
                    csv.WriteField(r.SatisfactionRate?.ToString("0.0", CultureInfo.InvariantCulture) ?? "");
                    csv.WriteField(row.Standing.ToString());
                    foreach (var avg in r.AverageScores)
                    {
                        csv.WriteField(avg?.ToString("0.00", CultureInfo.InvariantCulture) ?? "");
                    }
                    await csv.NextRecordAsync();
                }
            }
            var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
            return Results.File(bytes, "text/csv; charset=utf-8", $"review-results-{view.Year}.csv");
        }).WithTags("Reviews").WithSummary("A work-report review's results per report as CSV");
}
