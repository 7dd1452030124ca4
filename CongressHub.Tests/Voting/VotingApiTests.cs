using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using CongressHub.Web.Realtime;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Voting;

/// <summary>The device contract for votes: open on a motion, cast, close (the same result every time), publish, and the hub.</summary>
public class VotingApiTests : IAsyncLifetime
{
    private AppFactory _app = null!;
    private HttpClient _client = null!;
    private string _baseUrl = "";
    private string _convener = "";
    private int _session;
    private int _motion;

    public async ValueTask InitializeAsync()
    {
        _app = await AppFactory.CreateAsync();
        _baseUrl = _app.StartOnLoopback();
        _client = new HttpClient { BaseAddress = new Uri(_baseUrl) };
        _convener = await AppFactory.TokenAsync(_client, "convener");
        var sessions = await AppFactory.GetJsonAsync(_client, "/api/sessions", _convener);
        _session = sessions.EnumerateArray().Single(s => s.GetProperty("status").GetString() == "live").GetProperty("id").GetInt32();
        var live = await AppFactory.GetJsonAsync(_client, $"/api/sessions/{_session}/live", _convener);
        _motion = live.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("motionId").ValueKind == JsonValueKind.Number).GetProperty("motionId").GetInt32();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task OpenVote_WithoutQuorum_Is409_ByADelegate_Is403_BadRule_Is400()
    {
        var noQuorum = await Post($"/api/motions/{_motion}/votes", _convener, new { secret = true, majority = "half-of-all" });
        var byDelegate = await Post($"/api/motions/{_motion}/votes", await AppFactory.TokenAsync(_client, "delegate01"), new { secret = true, majority = "half-of-all" });
        var badRule = await Post($"/api/motions/{_motion}/votes", _convener, new { secret = true, majority = "most" });
        var otherStreet = await Post($"/api/motions/{_motion}/votes", await AppFactory.TokenAsync(_client, "convener2"), new { secret = true, majority = "half-of-all" });

        await AssertProblemAsync(noQuorum, HttpStatusCode.Conflict, "法定人数");
        await AssertProblemAsync(byDelegate, HttpStatusCode.Forbidden);
        await AssertProblemAsync(badRule, HttpStatusCode.BadRequest, "half-of-cast");
        await AssertProblemAsync(otherStreet, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ballots_ThroughTheApi_FollowTheContract_AndCloseReturnsTheSameResultEveryTime()
    {
        var tokens = await CheckInAsync(24);
        var absent = await AppFactory.TokenAsync(_client, "delegate30");
        var opened = await Post($"/api/motions/{_motion}/votes", _convener, new { secret = false, majority = "half-of-present" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var voteId = JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        Assert.Equal($"/api/votes/{voteId}", opened.Headers.Location?.ToString());

        var first = await Post($"/api/votes/{voteId}/ballots", tokens[0], new { choice = "yes" });
        var twice = await Post($"/api/votes/{voteId}/ballots", tokens[0], new { choice = "no" });
        var unknown = await Post($"/api/votes/{voteId}/ballots", tokens[1], new { choice = "maybe" });
        var notPresent = await Post($"/api/votes/{voteId}/ballots", absent, new { choice = "yes" });
        var otherStreet = await Post($"/api/votes/{voteId}/ballots", await AppFactory.TokenAsync(_client, "delegate41"), new { choice = "yes" });
        var anonymous = await _client.PostAsync($"/api/votes/{voteId}/ballots", JsonContent.Create(new { choice = "yes" }), TestContext.Current.CancellationToken);
        for (var i = 1; i < 14; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Post($"/api/votes/{voteId}/ballots", tokens[i], new { choice = i < 13 ? "yes" : "no" })).StatusCode);
        }
        var running = await AppFactory.GetJsonAsync(_client, $"/api/votes/{voteId}", tokens[20]);
        var close1 = await Post($"/api/votes/{voteId}/close", _convener);
        var close2 = await Post($"/api/votes/{voteId}/close", _convener);
        var late = await Post($"/api/votes/{voteId}/ballots", tokens[20], new { choice = "yes" });
        var published = await Post($"/api/votes/{voteId}/publish", _convener);
        var live = await AppFactory.GetJsonAsync(_client, $"/api/sessions/{_session}/live", tokens[2]);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertProblemAsync(twice, HttpStatusCode.Conflict, "已经投过票");
        await AssertProblemAsync(unknown, HttpStatusCode.BadRequest);
        await AssertProblemAsync(notPresent, HttpStatusCode.Forbidden, "签到");
        await AssertProblemAsync(otherStreet, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal((14, 24, 13), (running.GetProperty("voted").GetInt32(), running.GetProperty("eligible").GetInt32(), running.GetProperty("yes").GetInt32()));
        Assert.Equal("half-of-present", running.GetProperty("majority").GetString());
        var r1 = await close1.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(r1, await close2.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var result = JsonDocument.Parse(r1).RootElement;
        // 2 × 13 > 24 present: more than half of those present.
        Assert.Equal(("closed", 13, 1, 0, 14, 24, true), (result.GetProperty("state").GetString(), result.GetProperty("yes").GetInt32(), result.GetProperty("no").GetInt32(),
            result.GetProperty("abstain").GetInt32(), result.GetProperty("cast").GetInt32(), result.GetProperty("present").GetInt32(), result.GetProperty("adopted").GetBoolean()));
        await AssertProblemAsync(late, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, published.StatusCode);
        var item = live.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("motionId").ValueKind == JsonValueKind.Number);
        Assert.Equal(voteId, item.GetProperty("voteId").GetInt32());
        Assert.Equal(item.GetProperty("id").GetInt32(), live.GetProperty("currentItemId").GetInt32());
    }

    [Fact]
    public async Task Hub_SendsVoteChanged_WithCounts_AndTheFinalResultOnClose()
    {
        var tokens = await CheckInAsync(22);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(_baseUrl + "/hubs/congress", o => o.AccessTokenProvider = () => Task.FromResult<string?>(tokens[21]))
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            .Build();
        var final = new TaskCompletionSource<VoteSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<VoteSnapshot>();
        hub.On<VoteSnapshot>("VoteChanged", v =>
        {
            lock (seen)
            {
                seen.Add(v);
            }
            if (v.Vote.State == VoteState.Closed)
            {
                final.TrySetResult(v);
            }
        });
        await hub.StartAsync(TestContext.Current.CancellationToken);
        await hub.InvokeAsync<SessionSnapshot>("JoinSession", _session, TestContext.Current.CancellationToken);

        var opened = await Post($"/api/motions/{_motion}/votes", _convener, new { secret = true, majority = "yes-over-no" });
        var voteId = JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        await Task.WhenAll(tokens.Take(10).Select((t, i) => Post($"/api/votes/{voteId}/ballots", t, new { choice = i < 7 ? "yes" : "no" })));
        await Post($"/api/votes/{voteId}/close", _convener);
        var result = await final.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal((voteId, 7, 3, true), (result.Vote.Id, result.Vote.Yes, result.Vote.No, result.Vote.Adopted));
        lock (seen)
        {
            Assert.All(seen.Where(s => s.Vote.State == VoteState.Open), s => Assert.Null(s.Vote.Yes));
            Assert.True(seen.Select(s => s.Sequence).SequenceEqual(seen.Select(s => s.Sequence).Order()));
        }
    }

    [Fact]
    public async Task A_Paper_Vote_Through_The_Api_Issues_Counts_And_Closes_When_The_Tellers_Agree()
    {
        var tokens = await CheckInAsync(22);
        var tellerIds = new List<int>();
        foreach (var token in tokens.TakeLast(2))
        {
            tellerIds.Add((await AppFactory.GetJsonAsync(_client, "/api/me", token)).GetProperty("delegateId").GetInt32());
        }
        var opened = await Post($"/api/motions/{_motion}/votes", _convener, new { secret = false, majority = "half-of-cast" });
        var voteId = JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();

        var noTellers = await Post($"/api/votes/{voteId}/paper", _convener, new { rest = true });
        await AssertProblemAsync(noTellers, HttpStatusCode.Conflict, "计票人");
        Assert.Equal(HttpStatusCode.NoContent, (await AppFactory.SendAsync(_client, HttpMethod.Put, $"/api/votes/{voteId}/tellers", _convener, new { delegateIds = tellerIds })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Post($"/api/votes/{voteId}/ballots", tokens[0], new { choice = "yes" })).StatusCode);
        var missing = await AppFactory.SendAsync(_client, HttpMethod.Put, $"/api/votes/{voteId}/hands", _convener, new { yes = 3 });
        await AssertProblemAsync(missing, HttpStatusCode.BadRequest, "abstain");
        var issued = await Post($"/api/votes/{voteId}/paper", _convener, new { rest = true });
        Assert.Equal(21, (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("issued").GetInt32());
        await AssertProblemAsync(await Post($"/api/votes/{voteId}/ballots", tokens[1], new { choice = "no" }), HttpStatusCode.Conflict, "纸质选票");
        await AssertProblemAsync(await Post($"/api/votes/{voteId}/close", _convener), HttpStatusCode.Conflict, "计票");
        Assert.Equal(HttpStatusCode.NoContent, (await Post($"/api/votes/{voteId}/counting", _convener)).StatusCode);

        var count = new { returned = 21, invalid = 1, yes = 12, no = 6, abstain = 2 };
        await AssertProblemAsync(await Post($"/api/votes/{voteId}/paper-counts", tokens[0], count), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await Post($"/api/votes/{voteId}/paper-counts", tokens[^1], new { returned = 21 }), HttpStatusCode.BadRequest);
        var first = await Post($"/api/votes/{voteId}/paper-counts", tokens[^1], count);
        var disagree = await Post($"/api/votes/{voteId}/paper-counts", tokens[^2], count with { yes = 11 });
        var agree = await Post($"/api/votes/{voteId}/paper-counts", tokens[^2], count);

        Assert.Equal("waiting-for-second", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        await AssertProblemAsync(disagree, HttpStatusCode.Conflict, "赞成");
        Assert.Equal("closed", (await agree.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        var vote = await AppFactory.GetJsonAsync(_client, $"/api/votes/{voteId}", _convener);
        Assert.Equal((13, 6, 2), (vote.GetProperty("yes").GetInt32(), vote.GetProperty("no").GetInt32(), vote.GetProperty("abstain").GetInt32()));
        Assert.Equal(21, vote.GetProperty("channels").GetProperty("paper").GetInt32());
    }

    private async Task<List<string>> CheckInAsync(int count)
    {
        var tokens = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var token = await AppFactory.TokenAsync(_client, $"delegate{i:D2}");
            Assert.Equal(HttpStatusCode.NoContent, (await AppFactory.SendAsync(_client, HttpMethod.Post, $"/api/sessions/{_session}/attendance", token)).StatusCode);
            tokens.Add(token);
        }
        return tokens;
    }

    private Task<HttpResponseMessage> Post(string url, string token, object? body = null) => AppFactory.SendAsync(_client, HttpMethod.Post, url, token, body);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? titleContains = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (titleContains is not null)
        {
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Contains(titleContains, problem.GetProperty("title").GetString());
        }
    }
}
