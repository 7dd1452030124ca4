using System.Net;
using System.Net.Http.Json;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Voting;

/// <summary>
/// A vote of 示例街道 seen from every kind of account that is not of that street: each endpoint answers 404, as for a
/// vote that does not exist, so that nobody can tell another street's ids from missing ones.
/// </summary>
public class VoteIsolationApiTests(AppFixture app) : AppTest(app)
{
    public static TheoryData<string> Outsiders => ["convener2", "delegate41", "officer07", "staff06", "admin", "card:delegate42"];

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task AnotherStreetsVote_IsNotFound_OnEveryEndpoint_ForEveryRole(string outsider)
    {
        var (voteId, motionId) = await PrepareVoteOfStreetOneAsync();
        var token = await TokenOfAsync(outsider);

        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["GET vote"] = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/votes/{voteId}", token),
            ["POST ballot"] = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/votes/{voteId}/ballots", token, new { choice = "yes" }),
            ["POST marks"] = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/votes/{voteId}/ballots", token, new { candidates = new[] { 1 } }),
            ["POST close"] = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/votes/{voteId}/close", token),
            ["POST publish"] = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/votes/{voteId}/publish", token),
            ["GET recount"] = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/votes/{voteId}/recount", token),
            ["POST open on motion"] = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/motions/{motionId}/votes", token, new { secret = true, majority = "half-of-all" }),
        };

        Assert.All(answers, a => Assert.True(a.Value.StatusCode == HttpStatusCode.NotFound, $"{outsider}: {a.Key} answered {(int)a.Value.StatusCode}"));
        Assert.All(answers.Values, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
    }

    [Fact]
    public async Task OwnStreetsVote_ByADelegate_IsStillForbiddenToClose_NotHidden()
    {
        var (voteId, _) = await PrepareVoteOfStreetOneAsync();
        var token = await AppFactory.TokenAsync(Client, "delegate01");

        var close = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/votes/{voteId}/close", token);
        var read = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/votes/{voteId}", token);

        Assert.Equal(HttpStatusCode.Forbidden, close.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    /// <summary>A procedural vote prepared in 示例街道's live session, and the admitted motion on its agenda.</summary>
    private async Task<(int VoteId, int MotionId)> PrepareVoteOfStreetOneAsync()
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var sessions = App.Services.GetRequiredService<SessionService>();
        var live = (await sessions.ListSessionsAsync(convener)).Single(s => s.Status == SessionStatus.Live);
        var voteId = await App.Services.GetRequiredService<VotingService>().PrepareAsync(convener, live.Id, new VoteInput(null, "通过议程", false, MajorityRule.HalfOfCast));
        var motions = await App.Services.GetRequiredService<Domain.Motions.MotionService>().ListAsync(convener);
        return (voteId, motions.First(m => m.Status == Domain.Motions.MotionStatus.Admitted).Id);
    }

    private async Task<string> TokenOfAsync(string outsider)
    {
        if (!outsider.StartsWith("card:", StringComparison.Ordinal))
        {
            return await AppFactory.TokenAsync(Client, outsider);
        }
        var delegateId = (await SignInTests.ActorOf(App, outsider["card:".Length..])).DelegateId!.Value;
        var card = await App.Services.GetRequiredService<CardService>().IssueAsync(await SignInTests.ActorOf(App, "convener2"), delegateId);
        var response = await Client.PostAsJsonAsync("/api/auth/token", new { code = card.Code });
        return (await response.Content.ReadFromJsonAsync<AppFactory.TokenBody>())!.AccessToken;
    }
}
