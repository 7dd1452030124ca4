using System.Text.Json;
using CongressHub.Domain.Common;
using CongressHub.Domain.Voting;
using CongressHub.Web.Api;
using Microsoft.Extensions.Localization;

namespace CongressHub.Web.Voting;

public sealed record OpenVoteRequest(bool? Secret, string? Majority);

public sealed record BallotRequest(string? Choice, int[]? Candidates);

public sealed record CreatedVote(int Id);

public sealed record TellersRequest(int[]? DelegateIds);

public sealed record RecordRequest(int? DelegateId, string? Choice);

public sealed record HandsRequest(int? Yes, int? No, int? Abstain);

public sealed record PaperIssueRequest(int[]? DelegateIds, bool? Rest);

public sealed record PaperCountRequest(int? Returned, int? Invalid, int? Yes, int? No, int? Abstain, Dictionary<int, int>? Marks, Dictionary<string, int>? WriteIns);

public sealed record PaperCountResult(string Outcome);

public sealed record PaperIssued(int Issued);

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

        votes.MapPut("/{id:int}/tellers", async (HttpContext ctx, CountingService counting, IStringLocalizer<SharedResource> L, int id, TellersRequest? request) =>
        {
            if (request?.DelegateIds is null)
            {
                return Missing(L, "delegateIds");
            }
            await counting.SetTellersAsync(ApiActor.Of(ctx), id, request.DelegateIds);
            return TypedResults.NoContent();
        })
        .WithSummary("Convener: names the 2–5 delegates who count the vote's paper ballots { delegateIds }, before counting starts")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesValidationProblem();

        votes.MapPost("/{id:int}/recorded", (HttpContext ctx, CountingService counting, IStringLocalizer<SharedResource> L, int id, RecordRequest? request) =>
            NamedBallotAsync(L, request, (delegateId, choice) => counting.RecordAsync(ApiActor.Of(ctx), id, delegateId, choice)))
            .WithSummary("Convener: records a delegate's choice at their request { delegateId, choice } (named votes); 409 if they already voted by any channel")
            .Produces(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        votes.MapPost("/{id:int}/hands/ticks", (HttpContext ctx, CountingService counting, IStringLocalizer<SharedResource> L, int id, RecordRequest? request) =>
            NamedBallotAsync(L, request, (delegateId, choice) => counting.TickHandAsync(ApiActor.Of(ctx), id, delegateId, choice)))
            .WithSummary("Convener: ticks a delegate who raised a hand for a choice { delegateId, choice } (named votes)")
            .Produces(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        votes.MapPut("/{id:int}/hands", async (HttpContext ctx, CountingService counting, IStringLocalizer<SharedResource> L, int id, HandsRequest? request) =>
        {
            if (request?.Yes is not { } yes || request.No is not { } no || request.Abstain is not { } abstain)
            {
                return Missing(L, "yes, no, abstain");
            }
            await counting.EnterHandsAsync(ApiActor.Of(ctx), id, yes, no, abstain);
            return TypedResults.NoContent();
        })
        .WithSummary("Convener: the counts of a show of hands { yes, no, abstain } (named votes); replaces earlier counts; 400 above the eligible voters not yet counted")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

        votes.MapPost("/{id:int}/paper", async (HttpContext ctx, CountingService counting, IStringLocalizer<SharedResource> L, int id, PaperIssueRequest? request) =>
        {
            if (request?.DelegateIds is null && request?.Rest != true)
            {
                return Missing(L, "delegateIds");
            }
            var issued = request.Rest == true
                ? await counting.IssuePaperToRestAsync(ApiActor.Of(ctx), id)
                : await counting.IssuePaperAsync(ApiActor.Of(ctx), id, request.DelegateIds!);
            return TypedResults.Ok(new PaperIssued(issued));
        })
        .WithSummary("Convener: marks delegates as having taken a paper ballot { delegateIds } or everyone not yet voted { rest: true }; they can no longer vote by phone")
        .Produces<PaperIssued>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

        votes.MapDelete("/{id:int}/paper/{delegateId:int}", async (HttpContext ctx, CountingService counting, int id, int delegateId) =>
        {
            await counting.TakeBackPaperAsync(ApiActor.Of(ctx), id, delegateId);
            return TypedResults.NoContent();
        }).WithSummary("Convener: takes an unused paper ballot back before counting");

        votes.MapPost("/{id:int}/counting", async (HttpContext ctx, CountingService counting, int id) =>
        {
            await counting.StartCountingAsync(ApiActor.Of(ctx), id);
            return TypedResults.NoContent();
        })
        .WithSummary("Convener: stops voting; the tellers count the paper ballots (Open → Counting); a secret vote beside phones needs five paper voters")
        .ProducesProblem(StatusCodes.Status409Conflict);

        votes.MapPost("/{id:int}/paper-counts", async (HttpContext ctx, CountingService counting, IStringLocalizer<SharedResource> L, int id, PaperCountRequest? request) =>
        {
            if (request?.Returned is not { } returned || request.Invalid is not { } invalid)
            {
                return Missing(L, "returned, invalid");
            }
            var count = new PaperCount(returned, invalid, request.Yes ?? 0, request.No ?? 0, request.Abstain ?? 0,
                request.Marks ?? [], request.WriteIns ?? new Dictionary<string, int>(StringComparer.Ordinal));
            var outcome = await counting.EnterPaperCountAsync(ApiActor.Of(ctx), id, count);
            return TypedResults.Ok(new PaperCountResult(outcome switch { CountOutcome.Closed => "closed", CountOutcome.Voided => "voided", _ => "waiting-for-second" }));
        })
        .WithSummary("Teller: enters the paper count { returned, invalid, yes, no, abstain } or, in an election, { returned, invalid, marks: { candidateId: n }, writeIns: { name: n } }; the second teller's must agree (409 otherwise, nothing stored); agreement closes the vote, more returned than issued voids it")
        .Produces<PaperCountResult>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict);

        votes.MapGet("/{id:int}/named-list", async (HttpContext ctx, VotingService voting, int id) =>
            TypedResults.Ok(await voting.NamedListAsync(ApiActor.Of(ctx), id)))
            .WithSummary("The named list of a named vote: each eligible delegate, the channel they voted by (recorded choices flagged) and their choice where given by name; the street once closed, the convener any time")
            .ProducesProblem(StatusCodes.Status409Conflict);

        votes.MapGet("/{id:int}/recount", async (HttpContext ctx, VotingService voting, int id) =>
            TypedResults.Ok(await voting.RecountAsync(ApiActor.Of(ctx), id)))
            .WithSummary("Convener: recomputes the result from the stored ballots beside the stored one");
    }

    private static IResult Missing(IStringLocalizer<SharedResource> L, string fields)
    {
        var message = string.Format(L["Api.FieldsRequired"], fields);
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [fields] = [message] }, title: message);
    }

    private static async Task<IResult> NamedBallotAsync(IStringLocalizer<SharedResource> L, RecordRequest? request, Func<int, VoteChoice, Task> record)
    {
        if (request?.DelegateId is not { } delegateId)
        {
            return Missing(L, "delegateId");
        }
        if (!Majority.TryParseChoice(request.Choice, out var choice))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["choice"] = [L["Api.ChoiceUnknown"]] }, title: L["Api.ChoiceUnknown"]);
        }
        await record(delegateId, choice);
        return TypedResults.Created();
    }
}
