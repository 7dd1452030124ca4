using CongressHub.Web.Attachments;
using CongressHub.Web.Directory;
using CongressHub.Web.Documents;
using CongressHub.Web.Motions;
using CongressHub.Web.Reviews;
using CongressHub.Web.Sessions;
using CongressHub.Web.Tracking;
using CongressHub.Web.Voting;

namespace CongressHub.Web.Api;

public static class CongressApi
{
    /// <summary>Every device endpoint lives under /api, needs a signed-in caller, and answers problem details.</summary>
    public static void MapCongressApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().AddEndpointFilter<ApiErrors>();
        api.DeclareApiResponses();
        api.MapGet("/me", (HttpContext ctx) =>
        {
            var actor = ApiActor.Of(ctx);
            return TypedResults.Ok(new { actor.UserId, actor.DisplayName, actor.StreetId, Roles = actor.Roles.Order().ToArray(), actor.DelegateId, actor.OfficerId, actor.CommunityId });
        }).WithTags("Auth").WithSummary("Who the token or cookie belongs to");
        api.MapDirectoryApi();
        api.MapSessionsApi();
        api.MapMotionsApi();
        api.MapVotingApi();
        api.MapFollowUpApi();
        api.MapHallApi();
        api.MapReviewsApi();
        api.MapDocumentsApi();
        api.MapAttachmentsApi();
    }
}
