using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Support;
using Microsoft.Playwright;

namespace CongressHub.Tests.Nodes;

/// <summary>Steps that the several-node tests share: delegates checking in and voting through both nodes, a phone on a node.</summary>
internal static class NodeSteps
{
    /// <summary>Tokens of delegate02…delegate(n+1), taken alternately from each node.</summary>
    public static async Task<List<string>> DelegateTokensAsync(NodePair nodes, int count)
    {
        var tokens = new List<string>();
        for (var i = 0; i < count; i++)
        {
            tokens.Add(await (i % 2 == 0 ? nodes.A : nodes.B).TokenAsync($"delegate{i + 2:D2}"));
        }
        return tokens;
    }

    /// <summary>Every delegate checks in, alternately through each node, all at once.</summary>
    public static async Task CheckInAsync(NodePair nodes, int sessionId, IReadOnlyList<string> tokens)
    {
        var responses = await Task.WhenAll(tokens.Select((t, i) =>
            (i % 2 == 0 ? nodes.A : nodes.B).SendAsync(HttpMethod.Post, $"/api/sessions/{sessionId}/attendance", t)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
    }

    public static async Task<int> OpenSecretVoteAsync(NodeProcess node, SessionSnapshot snapshot, string convener)
    {
        var motionId = snapshot.Items.Last(i => i.MotionId is not null).MotionId!.Value;
        var opened = await node.SendAsync(HttpMethod.Post, $"/api/motions/{motionId}/votes", convener, new { secret = true, majority = "half-of-cast" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>
    /// Each delegate sends the same ballot to both nodes at the same moment: exactly one of the two is counted (201),
    /// the other refused as a second ballot (409). Returns how many said yes.
    /// </summary>
    public static async Task<int> CastThroughBothNodesAsync(NodePair nodes, int voteId, IReadOnlyList<string> tokens, Func<int, bool> yes)
    {
        var pairs = await Task.WhenAll(tokens.Select(async (t, i) =>
        {
            var body = new { choice = yes(i) ? "yes" : "no" };
            var both = await Task.WhenAll(
                nodes.A.SendAsync(HttpMethod.Post, $"/api/votes/{voteId}/ballots", t, body),
                nodes.B.SendAsync(HttpMethod.Post, $"/api/votes/{voteId}/ballots", t, body));
            return both.Select(r => r.StatusCode).Order().ToArray();
        }));
        Assert.All(pairs, p => Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], p));
        return tokens.Where((_, i) => yes(i)).Count();
    }

    /// <summary>A delegate's phone signed in on <paramref name="node"/>, on the live session, checked in.</summary>
    public static async Task<IPage> PhoneOnAsync(IBrowser browser, NodeProcess node, int sessionId, string delegateName)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = node.Url,
            ViewportSize = new ViewportSize { Width = 360, Height = 780 },
            IsMobile = true,
            HasTouch = true,
        });
        var page = await context.NewPageAsync();
        await page.SignInAsync(delegateName);
        await page.GotoAsync($"/sessions/{sessionId}");
        await page.WaitForCircuitAsync();
        await page.Locator("#check-in").ClickAsync();
        await Assertions.Expect(page.Locator("#checked-in")).ToBeVisibleAsync();
        return page;
    }
}
