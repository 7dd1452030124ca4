using CongressHub.Domain.Motions;
using CongressHub.Web.Api;

namespace CongressHub.Web.Motions;

/// <summary>Motions for devices: the street's list and one motion with its co-signers.</summary>
public static class MotionsApi
{
    public static void MapMotionsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/motions").WithTags("Motions");

        g.MapGet("/", async (HttpContext ctx, MotionService motions) =>
            TypedResults.Ok(await motions.ListAsync(ApiActor.Of(ctx))))
            .WithSummary("The street's motions (a delegate's own drafts included, others' drafts not)");

        g.MapGet("/{id:int}", async (HttpContext ctx, MotionService motions, int id) =>
            TypedResults.Ok(await motions.GetAsync(ApiActor.Of(ctx), id)))
            .WithSummary("One motion: text (sanitized HTML and Markdown), status, sponsor, co-signers");
    }
}
