using System.Net;
using System.Text.Json;

namespace CongressHub.Tests.Support;

/// <summary>A vote opened through the device API in the demo street's live session, with delegates checked in.</summary>
/// <param name="Session">The live session.</param>
/// <param name="Vote">The vote, open.</param>
/// <param name="Delegates">The tokens of <c>delegate01</c>… checked in before it opened, in that order.</param>
public sealed record LiveVote(int Session, int Vote, IReadOnlyList<string> Delegates)
{
    /// <summary>Checks in <paramref name="present"/> delegates, then opens a vote on the session's motion.</summary>
    public static async Task<LiveVote> OpenAsync(HttpClient client, string convener, int present, bool secret)
    {
        var sessions = await AppFactory.GetJsonAsync(client, "/api/sessions", convener);
        var session = sessions.EnumerateArray().Single(s => s.GetProperty("status").GetString() == "live").GetProperty("id").GetInt32();
        var live = await AppFactory.GetJsonAsync(client, $"/api/sessions/{session}/live", convener);
        var motion = live.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("motionId").ValueKind == JsonValueKind.Number).GetProperty("motionId").GetInt32();
        var delegates = new List<string>();
        for (var i = 1; i <= present; i++)
        {
            var token = await AppFactory.TokenAsync(client, $"delegate{i:D2}");
            Assert.Equal(HttpStatusCode.NoContent, (await AppFactory.SendAsync(client, HttpMethod.Post, $"/api/sessions/{session}/attendance", token)).StatusCode);
            delegates.Add(token);
        }
        var opened = await AppFactory.SendAsync(client, HttpMethod.Post, $"/api/motions/{motion}/votes", convener, new { secret, majority = "half-of-present" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var vote = JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        return new LiveVote(session, vote, delegates);
    }
}
