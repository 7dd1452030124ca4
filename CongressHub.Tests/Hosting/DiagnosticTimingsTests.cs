using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Hosting;

/// <summary>The benchmark's figures of where a change's time goes: served only when diagnostics are on.</summary>
public class DiagnosticTimingsTests
{
    [Fact]
    public async Task Timings_InANormalRun_AreNotServed()
    {
        await using var app = await AppFactory.CreateAsync();
        using var client = app.CreateClient();

        var timings = await client.GetAsync("/diagnostics/timings", TestContext.Current.CancellationToken);
        var jit = await client.GetAsync("/diagnostics/jit", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, timings.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, jit.StatusCode);
    }

    [Fact]
    public async Task CheckIn_WithDiagnosticsOn_ItsCommitIsTimed_AndTheLiveStatesSerialization()
    {
        await using var app = await AppFactory.CreateAsync(settings: new Dictionary<string, string> { ["Diagnostics:Enabled"] = "true" });
        using var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        var token = await AppFactory.TokenAsync(client, "delegate01");
        var sessions = await AppFactory.GetJsonAsync(client, "/api/sessions", token);
        var id = sessions.EnumerateArray().Single(s => s.GetProperty("status").GetString() == "live").GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/diagnostics/timings", ct)).StatusCode);

        var checkIn = await AppFactory.SendAsync(client, HttpMethod.Post, $"/api/sessions/{id}/attendance", token);
        var serialization = await client.GetFromJsonAsync<JsonElement>($"/diagnostics/serialization?sessionId={id}&times=3", ct);
        var timings = await client.GetFromJsonAsync<Dictionary<string, JsonElement>>("/diagnostics/timings", ct);
        var jit = await client.GetFromJsonAsync<JsonElement>("/diagnostics/jit", ct);

        Assert.Equal(HttpStatusCode.NoContent, checkIn.StatusCode);
        Assert.Contains("congresshub.change.duration commit", timings!.Keys);
        Assert.True(timings["congresshub.change.duration commit"].GetProperty("count").GetInt32() >= 1);
        Assert.True(serialization.GetProperty("bytes").GetInt32() > 0);
        Assert.Equal(3, serialization.GetProperty("timing").GetProperty("count").GetInt32());
        Assert.True(jit.GetProperty("methods").GetInt64() > 0);
    }
}
