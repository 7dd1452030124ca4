using System.Globalization;
using CongressHub.Domain.Common;
using CongressHub.Domain.Tracking;
using CongressHub.Web.Api;

namespace CongressHub.Web.Tracking;

/// <summary>The quarter's opinion report as CSV, one opinion per row, without personal data.</summary>
public static class FollowUpApi
{
    public static void MapFollowUpApi(this RouteGroupBuilder api) =>
        api.MapGet("/sessions/{id:int}/opinion-report.csv", async (HttpContext ctx, FollowUpService followUp, int id) =>
        {
            var report = await followUp.OpinionReportAsync(ApiActor.Of(ctx), id);
            return await CsvDownload.CreateAsync($"opinion-report-{report.Year}-Q{report.Quarter}.csv", async csv =>
            {
                await csv.WriteRowAsync(["id", "community", "month", "category", "level", "state", "department", "merged", "text"]);
                foreach (var i in report.Items)
                {
                    await csv.WriteRowAsync([i.Id, i.Community, i.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), i.Category.Label(), i.Level.Label(),
                        i.State.Label(), i.Department ?? "", i.MergedCount, i.Text]);
                }
            });
        }).WithTags("Follow-up").WithSummary("The compiled opinion report of the session's quarter as CSV")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
}
