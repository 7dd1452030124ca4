using System.Globalization;
using System.Text;
using CongressHub.Domain.Tracking;
using CongressHub.Web.Api;
using CsvHelper;

namespace CongressHub.Web.Hall;

/// <summary>The quarter's opinion report as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese), without personal data.</summary>
public static class HallApi
{
    public static void MapHallApi(this RouteGroupBuilder api) =>
        api.MapGet("/sessions/{id:int}/opinion-report.csv", async (HttpContext ctx, TrackingService tracking, int id) =>
        {
            var report = await tracking.OpinionReportAsync(ApiActor.Of(ctx), id);
            await using var text = new StringWriter(CultureInfo.InvariantCulture);
            await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
            {
                foreach (var header in new[] { "id", "community", "month", "category", "level", "state", "department", "merged", "text" })
                {
                    csv.WriteField(header);
                }
                await csv.NextRecordAsync();
                foreach (var i in report.Items)
                {
                    csv.WriteField(i.Id);
                    csv.WriteField(i.Community);
                    csv.WriteField(i.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture));
                    csv.WriteField(i.Category.Label());
                    csv.WriteField(i.Level.Label());
                    csv.WriteField(i.State.Label());
                    csv.WriteField(i.Department ?? "");
                    csv.WriteField(i.MergedCount);
                    csv.WriteField(i.Text);
                    await csv.NextRecordAsync();
                }
            }
            var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
            return Results.File(bytes, "text/csv; charset=utf-8", $"opinion-report-{report.Year}-Q{report.Quarter}.csv");
        }).WithTags("Follow-up").WithSummary("The compiled opinion report of the session's quarter as CSV");
}
