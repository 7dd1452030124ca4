using System.Text.Json;
using CongressHub.Domain.Common;
using CongressHub.Domain.Voting;
using CongressHub.Web.Api;
using Microsoft.Extensions.Localization;

namespace CongressHub.Web.Voting;

public sealed record OpenVoteRequest(bool? Secret, string? Majority);

public sealed record BallotRequest(string? Choice, int[]? Candidates);

public sealed record CreatedVote(int Id);

/// <summary>Voting for devices: delegates cast ballots; a convener's console or automation opens, closes and publishes.</summary>
public static class VotingApi
{
    public static void MapVotingApi(this RouteGroupBuilder api)
    {
        var motions = api.MapGroup("/motions").WithTags("Votes");
        motions.MapPost("/{id:int}/votes", async (HttpContext ctx, VotingService voting, IStringLocalizer<SharedResource> L, int id, OpenVoteRequest? request) =>
        {
            var rule = default(MajorityRule);
            var errors = new Dictionary<string, string[]>();
            if (request?.Secret is null)
            {
                errors["secret"] = [L["Api.SecretRequired"]];
            }
            if (!Majority.TryParse(request?.Majority, out rule))
            {
                errors["majority"] = [string.Format(L["Api.MajorityUnknown"], string.Join(", ", Majority.ApiNames))];
            }
            if (errors.Count > 0)
            {
                return (IResult)TypedResults.ValidationProblem(errors, title: string.Join(" ", errors.Values.SelectMany(v => v)));
            }
            var voteId = await voting.OpenOnMotionAsync(ApiActor.Of(ctx), id, request!.Secret!.Value, rule);
            return TypedResults.Created($"/api/votes/{voteId}", new CreatedVote(voteId));
        })
        .WithSummary("Convener: prepares and opens the vote on an admitted motion; 409 without quorum or when the motion is not admitted")
        .Produces<CreatedVote>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict);

        var votes = api.MapGroup("/votes").WithTags("Votes");
        votes.MapGet("/{id:int}", async (HttpContext ctx, VotingService voting, int id) =>
            TypedResults.Ok(await voting.GetAsync(ApiActor.Of(ctx), id)))
            .WithSummary("State and counts; per-choice numbers for a named vote while open and for every vote once closed");

        votes.MapPost("/{id:int}/ballots", async (HttpContext ctx, VotingService voting, IStringLocalizer<SharedResource> L, int id, BallotRequest? request) =>
        {
            if (request?.Candidates is not null)
            {
                await voting.CastMarksAsync(ApiActor.Of(ctx), id, request.Candidates);
                return (IResult)TypedResults.Created($"/api/votes/{id}");
            }
            if (!Majority.TryParseChoice(request?.Choice, out var choice))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["choice"] = [L["Api.ChoiceUnknown"]] }, title: L["Api.ChoiceUnknown"]);
            }
            await voting.CastAsync(ApiActor.Of(ctx), id, choice);
            return TypedResults.Created($"/api/votes/{id}");
        })
        .WithSummary("Delegate: casts a ballot { choice: yes | no | abstain } or, in an election, { candidates: [ids] }; final once cast")
        .Produces(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict);

        votes.MapPost("/{id:int}/close", async (HttpContext ctx, VotingService voting, int id) =>
            TypedResults.Ok(await voting.CloseAsync(ApiActor.Of(ctx), id)))
            .WithSummary("Convener: closes the vote; the same result on every call");

        votes.MapPost("/{id:int}/publish", async (HttpContext ctx, VotingService voting, int id) =>
        {
            await voting.PublishAsync(ApiActor.Of(ctx), id);
            return TypedResults.NoContent();
        }).WithSummary("Convener: publishes the closed vote's result");

        votes.MapGet("/{id:int}/recount", async (HttpContext ctx, VotingService voting, int id) =>
            TypedResults.Ok(await voting.RecountAsync(ApiActor.Of(ctx), id)))
            .WithSummary("Convener: recomputes the result from the stored ballots beside the stored one");
    }
}
