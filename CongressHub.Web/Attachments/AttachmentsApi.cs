using System.Net.Http.Headers;
using CongressHub.Domain.Attachments;
using CongressHub.Domain.Common;
using CongressHub.Web.Api;

namespace CongressHub.Web.Attachments;

/// <summary>
/// Files on records. Reading follows the record: a public record's files are served to anyone (no account), others to
/// whoever may read the record, by cookie or token; everything else answers 404.
/// </summary>
public static class AttachmentsApi
{
    public static void MapAttachmentsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/attachments").WithTags("Attachments");

        g.MapGet("/{id:int}", (HttpContext ctx, AttachmentService attachments, int id) => ServeAsync(ctx, attachments, id, thumbnail: false))
            .AllowTokenOrNone()
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream", additionalContentTypes: ["image/jpeg", "image/png", "application/pdf"])
            .WithSummary("A file: images shown inline, other files downloaded; 404 unless the caller may read its record");

        g.MapGet("/{id:int}/thumbnail", (HttpContext ctx, AttachmentService attachments, int id) => ServeAsync(ctx, attachments, id, thumbnail: true))
            .AllowTokenOrNone()
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .WithSummary("An image's thumbnail (JPEG, at most 320 px); 404 for other files");

        g.MapGet("/{record}/{recordId:int}", async (HttpContext ctx, AttachmentService attachments, string record, int recordId) =>
            TypedResults.Ok(await attachments.ListAsync(Actor.FromPrincipal(ctx.User), Kind(record), recordId, ctx.RequestAborted)))
            .AllowTokenOrNone()
            .WithSummary("A record's files (record: agenda-items, motions, work-reports, tracked-items) and whether the caller may add and delete them");

        g.MapPost("/{record}/{recordId:int}", async (HttpContext ctx, AttachmentService attachments, string record, int recordId, IFormFile file) =>
        {
            if (file.Length > AttachmentFiles.MaxBytes)
            {
                throw AttachmentFiles.TooLarge(file.FileName);
            }
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ctx.RequestAborted);
            var id = await attachments.AddAsync(ApiActor.Of(ctx), Kind(record), recordId, file.FileName, buffer.ToArray(), ctx.RequestAborted);
            return TypedResults.Created($"/api/attachments/{id}", new { id });
        })
            // Devices send a bearer token, which a forged cross-site form cannot; the sign-in cookie is SameSite=Lax.
            .DisableAntiforgery()
            .WithSummary("Attaches a file (multipart field \"file\", at most 10 MB; photos, PDF, .docx, .xlsx, told by content) to a record the caller may edit");

        g.MapDelete("/{id:int}", async (HttpContext ctx, AttachmentService attachments, int id) =>
        {
            await attachments.DeleteAsync(ApiActor.Of(ctx), id, ctx.RequestAborted);
            return TypedResults.NoContent();
        }).WithSummary("Deletes a file, by someone who may edit its record");
    }

    /// <summary>The record kind as a URL names it; an unknown name is a record that does not exist.</summary>
    public static AttachmentRecord Kind(string record) => record switch
    {
        "agenda-items" => AttachmentRecord.AgendaItem,
        "motions" => AttachmentRecord.Motion,
        "work-reports" => AttachmentRecord.WorkReport,
        "tracked-items" => AttachmentRecord.TrackedItem,
        _ => throw new NotFoundException(),
    };

    public static string FileUrl(int id) => $"/api/attachments/{id}";

    public static string ThumbnailUrl(int id) => $"/api/attachments/{id}/thumbnail";

    private static async Task<IResult> ServeAsync(HttpContext ctx, AttachmentService attachments, int id, bool thumbnail)
    {
        var file = await attachments.DownloadAsync(Actor.FromPrincipal(ctx.User), id, thumbnail, ctx.RequestAborted);
        var h = ctx.Response.Headers;
        h.XContentTypeOptions = "nosniff";
        h.CacheControl = "private, no-cache";
        // Images (re-encoded, never SVG) open in the browser; anything else is only ever a download.
        h.ContentDisposition = new ContentDispositionHeaderValue(file.IsImage ? "inline" : "attachment") { FileNameStar = file.FileName }.ToString();
        return Results.File(file.Bytes, file.ContentType);
    }
}
