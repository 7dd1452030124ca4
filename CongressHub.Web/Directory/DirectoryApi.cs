using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CongressHub.Web.Directory;

public sealed record DelegateBody(string? Name, string? Category, int? CommunityId, string? Phone);

/// <summary>The convener's directory for devices and scripts: delegates and communities of the caller's street.</summary>
public static class DirectoryApi
{
    public static void MapDirectoryApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/directory").WithTags("Directory");

        g.MapGet("/communities", async (HttpContext ctx, DirectoryService directory) =>
            TypedResults.Ok(await directory.ListCommunitiesAsync(ApiActor.Of(ctx))));

        g.MapGet("/delegates", async (HttpContext ctx, DirectoryService directory, int? termId, string? search, int page = 0, int pageSize = 25) =>
            TypedResults.Ok(await directory.ListDelegatesAsync(ApiActor.Of(ctx), new DelegateQuery(termId, search, Page: page, PageSize: pageSize))));

        g.MapGet("/delegates/{id:int}", async (HttpContext ctx, DirectoryService directory, int id) =>
            TypedResults.Ok(await directory.GetDelegateAsync(ApiActor.Of(ctx), id)));

        g.MapPost("/delegates", async Task<Created<DelegateRow>> (HttpContext ctx, DirectoryService directory, DelegateBody body, int? termId) =>
        {
            var actor = ApiActor.Of(ctx);
            var term = termId ?? (await directory.GetCurrentTermAsync(actor))?.Id ?? throw new NotFoundException();
            var id = await directory.CreateDelegateAsync(actor, term, ToInput(body));
            return TypedResults.Created($"/api/directory/delegates/{id}", await directory.GetDelegateAsync(actor, id));
        });

        g.MapPut("/delegates/{id:int}", async (HttpContext ctx, DirectoryService directory, int id, DelegateBody body) =>
        {
            var actor = ApiActor.Of(ctx);
            await directory.UpdateDelegateAsync(actor, id, ToInput(body));
            return TypedResults.Ok(await directory.GetDelegateAsync(actor, id));
        });

        g.MapPost("/delegates/{id:int}/retire", async (HttpContext ctx, DirectoryService directory, int id, string? reason) =>
        {
            await directory.RetireDelegateAsync(ApiActor.Of(ctx), id, reason);
            return TypedResults.NoContent();
        });

        g.MapGet("/terms/{termId:int}/roster.csv", async (HttpContext ctx, RosterImportService roster, int termId) =>
            TypedResults.File(await roster.ExportAsync(ApiActor.Of(ctx), termId), "text/csv; charset=utf-8", $"roster-term-{termId}.csv"))
            .WithSummary("The term's roster as CSV (UTF-8 with BOM)")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");

        g.MapPost("/terms/{termId:int}/roster/preview", async (HttpContext ctx, RosterImportService roster, int termId) =>
            TypedResults.Ok(await roster.PreviewAsync(ApiActor.Of(ctx), termId, await ReadBodyAsync(ctx))))
            .Accepts<string>("text/csv").WithSummary("Checks a CSV roster row by row; writes nothing");
    }

    private static DelegateInput ToInput(DelegateBody body)
    {
        var category = DelegateCategories.Parse(body.Category);
        if (category is null)
        {
            throw new ValidationFailedException([new FieldError(nameof(DelegateInput.Category),
                string.IsNullOrWhiteSpace(body.Category)
                    ? DomainText.Get("Validation.Required", DomainText.Get("Field.Category"))
                    : DomainText.Get("Validation.UnknownCategoryText", body.Category))]);
        }
        return new DelegateInput(body.Name ?? "", category.Value, body.CommunityId, body.Phone);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext ctx)
    {
        using var buffer = new MemoryStream();
        var limit = RosterImportService.MaxBytes + 1;
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await ctx.Request.Body.ReadAsync(chunk)) > 0 && buffer.Length < limit)
        {
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
