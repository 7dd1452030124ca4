using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Web.Api;
using CongressHub.Web.Realtime;

namespace CongressHub.Web.Sessions;

public sealed record LeaveAsk(string? Reason);

public sealed record LeaveRefusal(string? Note);

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

        g.MapPost("/{id:int}/leave", async (HttpContext ctx, LeaveService leave, int id, LeaveAsk? request) =>
        {
            var actor = ApiActor.Of(ctx);
            await leave.AskAsync(actor, id, request?.Reason ?? "");
            return TypedResults.Ok(await leave.MineAsync(actor, id));
        })
        .WithSummary("Delegate: asks for leave from a published session (again while pending: changes the reason); 409 once it has started or after a grant")
        .Produces<LeaveRow>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict);

        g.MapDelete("/{id:int}/leave", async (HttpContext ctx, LeaveService leave, int id) =>
        {
            await leave.WithdrawAsync(ApiActor.Of(ctx), id);
            return TypedResults.NoContent();
        }).WithSummary("Delegate: withdraws a pending leave request; 409 when none is pending");

        g.MapGet("/{id:int}/leave-requests", async (HttpContext ctx, LeaveService leave, int id) =>
            TypedResults.Ok(await leave.ListAsync(ApiActor.Of(ctx), id)))
            .WithSummary("Convener: the session's leave requests, pending first");

        g.MapPost("/{id:int}/leave-requests/{requestId:int}/grant", async (HttpContext ctx, LeaveService leave, int id, int requestId) =>
        {
            await leave.GrantAsync(ApiActor.Of(ctx), id, requestId);
            return TypedResults.NoContent();
        }).WithSummary("Convener: grants a pending request; the delegate is recorded as excused");

        g.MapPost("/{id:int}/leave-requests/{requestId:int}/refuse", async (HttpContext ctx, LeaveService leave, int id, int requestId, LeaveRefusal? request) =>
        {
            await leave.RefuseAsync(ApiActor.Of(ctx), id, requestId, request?.Note);
            return TypedResults.NoContent();
        }).WithSummary("Convener: refuses a pending request, with an optional note");
    }
}
