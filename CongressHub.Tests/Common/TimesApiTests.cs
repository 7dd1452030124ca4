using System.Text.Json;
using System.Text.RegularExpressions;
using CongressHub.Domain.Common;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Common;

/// <summary>
/// Every time the API and the hub send carries its offset (CONTRACTS.md, "Times"), so that a client in any zone reads
/// the same moment; and the installation's zone is one setting that is checked at start-up.
/// </summary>
public partial class TimesApiTests : LoopbackAppTest
{
    [Fact]
    public async Task SessionsLiveAndVote_Answers_CarryAnOffsetOnEveryTime()
    {
        var token = await AppFactory.TokenAsync(Client, "convener");
        var sessions = await AppFactory.GetJsonAsync(Client, "/api/sessions", token);
        var live = sessions.EnumerateArray().Single(s => s.GetProperty("status").GetString() == "live").GetProperty("id").GetInt32();
        var voteId = await PublishedVoteOfShiyanAsync();

        var snapshot = await AppFactory.GetJsonAsync(Client, $"/api/sessions/{live}/live", token);
        var vote = await AppFactory.GetJsonAsync(Client, $"/api/votes/{voteId}", token);

        AssertTimesCarryOffsets(sessions, "scheduledUtc");
        AssertTimesCarryOffsets(snapshot, "scheduledUtc");
        AssertTimesCarryOffsets(vote, "openedUtc", "closedUtc");
    }

    [Fact]
    public async Task HubSnapshot_CarriesAnOffsetOnEveryTime()
    {
        var token = await AppFactory.TokenAsync(Client, "convener");
        var sessions = await AppFactory.GetJsonAsync(Client, "/api/sessions", token);
        var live = sessions.EnumerateArray().Single(s => s.GetProperty("status").GetString() == "live").GetProperty("id").GetInt32();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(BaseUrl + "/hubs/congress", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await hub.StartAsync(TestContext.Current.CancellationToken);

        var snapshot = await hub.InvokeAsync<JsonElement>("JoinSession", live, TestContext.Current.CancellationToken);

        AssertTimesCarryOffsets(snapshot, "scheduledUtc", "builtUtc");
    }

    [Fact]
    public async Task Start_WithAnUnknownTimeZone_FailsNamingTheSetting()
    {
        var before = SessionTime.Zone;
        await using var app = await AppFactory.CreateAsync();
        await using var misconfigured = app.WithWebHostBuilder(b => b.UseSetting(SessionTime.Setting, "Mars/Olympus_Mons"));

        var error = Assert.ThrowsAny<Exception>(() => misconfigured.CreateClient());

        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains("Congress:TimeZone", messages, StringComparison.Ordinal);
        Assert.Contains("Mars/Olympus_Mons", messages, StringComparison.Ordinal);
        Assert.Equal(before.Id, SessionTime.Zone.Id);
    }

    /// <summary>Every property named <paramref name="required"/> appears at least once; every property ending in Utc that holds a string is a time with Z or an offset.</summary>
    private static void AssertTimesCarryOffsets(JsonElement json, params string[] required)
    {
        var times = new List<(string Name, string Value)>();
        Collect(json, times);
        foreach (var name in required)
        {
            Assert.Contains(times, t => t.Name == name);
        }
        Assert.All(times, t => Assert.Matches(WithOffset(), t.Value));
    }

    private static void Collect(JsonElement json, List<(string, string)> times)
    {
        if (json.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in json.EnumerateObject())
            {
                if (p.Name.EndsWith("Utc", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.String)
                {
                    times.Add((p.Name, p.Value.GetString()!));
                }
                Collect(p.Value, times);
            }
        }
        else if (json.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in json.EnumerateArray())
            {
                Collect(e, times);
            }
        }
    }

    private async Task<int> PublishedVoteOfShiyanAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync();
        return await db.Votes.Where(v => v.State == VoteState.Published && v.ClosedUtc != null && db.Streets.Any(s => s.Id == v.StreetId && s.Slug == "shiyan"))
            .Select(v => v.Id).FirstAsync();
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")]
    private static partial Regex WithOffset();
}
