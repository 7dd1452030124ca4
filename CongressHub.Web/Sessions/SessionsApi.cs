using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Web.Api;
using CongressHub.Web.Realtime;

namespace CongressHub.Web.Sessions;

/// <summary>Sessions for devices: the list, the live snapshot, and a delegate's own check-in.</summary>
public static class SessionsApi
{
    public static void MapSessionsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/sessions").WithTags("Sessions");

        g.MapGet("/", async (HttpContext ctx, SessionService sessions) =>
            TypedResults.Ok(await sessions.ListSessionsAsync(ApiActor.Of(ctx))))
            .WithSummary("The sessions of the caller's street (drafts only for conveners)");

        g.MapGet("/{id:int}/live", async (HttpContext ctx, SnapshotBuilder snapshots, CongressNotifier notifier, int id) =>
            TypedResults.Ok(await notifier.ReadAsync(id, ct => snapshots.ReadAsync(ApiActor.Of(ctx), id, ct))))
            .WithSummary("The session snapshot: status, agenda with the current item, quorum, speakers");

        g.MapPost("/{id:int}/attendance", async (HttpContext ctx, SessionService sessions, int id) =>
        {
            await sessions.CheckInAsync(ApiActor.Of(ctx), id);
            return TypedResults.NoContent();
        }).WithSummary("Checks the calling delegate in (idempotent); 409 before publication or after adjournment");

        g.MapPost("/{id:int}/items/{itemId:int}/start", async (HttpContext ctx, SessionService sessions, int id, int itemId) =>
        {
            await sessions.StartItemAsync(ApiActor.Of(ctx), id, itemId);
            return TypedResults.NoContent();
        }).WithSummary("Convener: makes the item current (the previous current item is finished)");

        g.MapPost("/{id:int}/items/current/finish", async (HttpContext ctx, SessionService sessions, int id) =>
        {
            await sessions.FinishItemAsync(ApiActor.Of(ctx), id);
            return TypedResults.NoContent();
        }).WithSummary("Convener: finishes the current item");
    }
}
