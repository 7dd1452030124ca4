using CongressHub.Web.Api;

namespace CongressHub.Web.Documents;

/// <summary>
/// Word, Excel and .zip downloads of the records a street office files. Each answers with the same rights as the
/// record's page: the services check them, and a record of another street (or none) is a 404 problem.
/// </summary>
public static class DocumentsApi
{
    public static void MapDocumentsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Documents");

        Map(g, "/sessions/{id:int}/notice.docx", "Convener: the session's meeting notice (会议通知) as Word",
            (files, actor, id, ct) => files.NoticeAsync(actor, id, ct), WordDocument.ContentType);
        Map(g, "/sessions/{id:int}/agenda.docx", "Convener: the session's agenda (议程) as Word",
            (files, actor, id, ct) => files.AgendaAsync(actor, id, ct), WordDocument.ContentType);
        Map(g, "/sessions/{id:int}/minutes.docx", "Convener: the session's minutes as Word; 409 while it has none",
            (files, actor, id, ct) => files.MinutesAsync(actor, id, ct), WordDocument.ContentType)
            .ProducesProblem(StatusCodes.Status409Conflict);
        Map(g, "/sessions/{id:int}/votes.xlsx", "Convener: each closed vote's rule, channels, counts and result; who voted how for named votes only",
            (files, actor, id, ct) => files.VotesAsync(actor, id, ct), Workbook.ContentType);
        Map(g, "/sessions/{id:int}/opinion-report.docx", "The compiled opinion report of the session's quarter as Word",
            (files, actor, id, ct) => files.OpinionReportWordAsync(actor, id, ct), WordDocument.ContentType);
        Map(g, "/sessions/{id:int}/opinion-report.xlsx", "The compiled opinion report of the session's quarter as Excel",
            (files, actor, id, ct) => files.OpinionReportExcelAsync(actor, id, ct), Workbook.ContentType);
        Map(g, "/sessions/{id:int}/archive.zip", "Convener: every document of the session in one .zip, with the audit chain's anchor",
            (files, actor, id, ct) => files.ArchiveAsync(actor, id, ct), "application/zip");
        Map(g, "/resolutions/{id:int}/resolution.docx", "A resolution as Word (a draft only for conveners)",
            (files, actor, id, ct) => files.ResolutionAsync(actor, id, ct), WordDocument.ContentType);
        Map(g, "/reviews/reports/{id:int}/report.docx", "A work report as Word (its writer; others once submitted and released)",
            (files, actor, id, ct) => files.WorkReportAsync(actor, id, ct), WordDocument.ContentType);
        Map(g, "/reviews/{id:int}/results.docx", "A work-report review's results as Word",
            (files, actor, id, ct) => files.ReviewResultsWordAsync(actor, id, ct), WordDocument.ContentType);
        Map(g, "/reviews/{id:int}/results.xlsx", "A work-report review's results as Excel",
            (files, actor, id, ct) => files.ReviewResultsExcelAsync(actor, id, ct), Workbook.ContentType);
        Map(g, "/delegates/{id:int}/record.docx", "A delegate's record of service (代表履职档案) as Word: the delegate's own, any of the street's for the convener",
            (files, actor, id, ct) => files.DelegateRecordAsync(actor, id, ct), WordDocument.ContentType);
        g.MapGet("/delegates/records.zip", async (HttpContext ctx, DocumentFiles files, CancellationToken ct) =>
        {
            var file = await files.TermRecordsAsync(ApiActor.Of(ctx), ct);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        })
        .WithSummary("Convener: every delegate's record of service of the current term, one Word document each, in one .zip")
        .Produces<byte[]>(StatusCodes.Status200OK, "application/zip");
        Map(g, "/directory/terms/{id:int}/roster.xlsx", "Convener: the term's roster as Excel",
            (files, actor, id, ct) => files.RosterAsync(actor, id, ct), Workbook.ContentType);
    }

    private static RouteHandlerBuilder Map(RouteGroupBuilder g, string pattern, string summary,
        Func<DocumentFiles, Domain.Common.Actor, int, CancellationToken, Task<DocumentFile>> make, string contentType) =>
        g.MapGet(pattern, async (HttpContext ctx, DocumentFiles files, int id, CancellationToken ct) =>
        {
            var file = await make(files, ApiActor.Of(ctx), id, ct);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        })
        .WithSummary(summary)
        .Produces<byte[]>(StatusCodes.Status200OK, contentType);
}
