using CongressHub.Domain.Common;
using CongressHub.Domain.Tracking;
using CongressHub.Web.Api;

namespace CongressHub.Web.Tracking;

public sealed record OnTheSpotRequest(string? Text);

/// <summary>Answers on the spot for devices: an officer answers an item of the live session, a leader states an intention.</summary>
public static class HallApi
{
    public static void MapHallApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/sessions/{id:int}/questions/{itemId:int}").WithTags("Hall").AddEndpointFilter(UnprocessableText);

        g.MapPost("/answer", async (HttpContext ctx, HallQuestionService hall, int id, int itemId, OnTheSpotRequest? request) =>
            TypedResults.Ok(await hall.AnswerOnTheSpotAsync(ApiActor.Of(ctx), id, itemId, request?.Text)))
            .WithSummary("Officer of the item's department (a leader for any): answers a question of the live session, or an item of its follow-up report, on the spot { text }")
            .Produces<OnTheSpotResult>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        g.MapPost("/intention", async (HttpContext ctx, HallQuestionService hall, int id, int itemId, OnTheSpotRequest? request) =>
            TypedResults.Ok(await hall.StateIntentionOnTheSpotAsync(ApiActor.Of(ctx), id, itemId, request?.Text)))
            .WithSummary("Leader: states an intention on the spot { text }; the item then waits for a decision")
            .Produces<OnTheSpotResult>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>An empty or over-long text is well-formed JSON the service cannot take: 422, naming the body's <c>text</c>.</summary>
    private static async ValueTask<object?> UnprocessableText(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ValidationFailedException ex)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["text"] = ex.Errors.Select(e => e.Message).ToArray() })
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = ex.Message,
            });
        }
    }
}
