using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CongressHub.Domain.Common;
using CongressHub.Domain.Seeding;
using CongressHub.Tests.Support;
using CongressHub.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Hosting;

/// <summary>
/// The benchmark's view into a request (<c>Diagnostics:Enabled</c>): the queries a request sent with
/// <see cref="DiagnosticsEndpoints.Header"/> ran, and the eviction of the residents' kept pages. A normal run has neither.
/// </summary>
public class DiagnosticsTests
{
    private static readonly Dictionary<string, string> On = new() { ["Diagnostics:Enabled"] = "true" };

    [Fact]
    public async Task RecordedRequest_WithDiagnosticsOn_ListsEveryQueryOfThePage()
    {
        await using var app = await AppFactory.CreateAsync(settings: On);
        using var client = app.NewBrowserClient();

        var page = await GetRecordedAsync(client, "/s/shiyan/resolutions", "resolutions");
        var recorded = await QueriesAsync(client, "resolutions");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var queries = recorded.GetProperty("queries").EnumerateArray().ToList();
        Assert.Equal(queries.Count, recorded.GetProperty("count").GetInt32());
        Assert.Contains(queries, q => q.GetProperty("sql").GetString()!.Contains("\"Resolutions\"", StringComparison.Ordinal));
        Assert.All(queries, q => Assert.True(q.GetProperty("milliseconds").GetDouble() >= 0));
        Assert.Contains(queries, q => q.GetProperty("rows").ValueKind == JsonValueKind.Number && q.GetProperty("rows").GetInt64() > 0);
    }

    [Fact]
    public async Task RecordedRequest_OfAPageForTheSignedIn_CountsTheQueriesOfItsPrerender()
    {
        await using var app = await AppFactory.CreateAsync(settings: On);
        using var client = app.NewBrowserClient();
        await AppFactory.PostSignInAsync(client, "convener", DemoSeeder.Password);

        var page = await GetRecordedAsync(client, "/tracking", "tracking");
        var recorded = await QueriesAsync(client, "tracking");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(recorded.GetProperty("queries").EnumerateArray(), q => q.GetProperty("sql").GetString()!.Contains("\"TrackedItems\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DistrictComparison_IsReadOncePerRequest()
    {
        await using var app = await AppFactory.CreateAsync(settings: On);
        using var client = app.NewBrowserClient();
        await AppFactory.PostSignInAsync(client, "district", DemoSeeder.Password);

        var page = await GetRecordedAsync(client, "/district", "district");
        var recorded = await QueriesAsync(client, "district");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // One pass of the comparison reads the year's due counts twice, the opinions' and the resolutions', kept per
        // street and day as items move: never the items themselves, nor their histories. A page that asked for the
        // comparison twice (as it starts and again for its parameters) read them twice.
        var sql = recorded.GetProperty("queries").EnumerateArray().Select(q => q.GetProperty("sql").GetString()!).ToList();
        Assert.Equal(2, sql.Count(q => q.Contains("FROM \"DueCounts\"", StringComparison.Ordinal)));
        Assert.DoesNotContain(sql, q => q.Contains("FROM \"TrackedItems\"", StringComparison.Ordinal));
        Assert.DoesNotContain(sql, q => q.Contains("FROM \"TrackedEvents\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EvictPublicCache_MakesAKeptPageRenderAgain()
    {
        await using var app = await AppFactory.CreateAsync(settings: On);
        using var client = app.NewBrowserClient();
        await GetRecordedAsync(client, "/s/shiyan", "first");
        await GetRecordedAsync(client, "/s/shiyan", "kept");

        var evicted = await client.PostAsync("/diagnostics/evict-public-cache", null);
        await GetRecordedAsync(client, "/s/shiyan", "again");

        Assert.Equal(HttpStatusCode.NoContent, evicted.StatusCode);
        Assert.True((await QueriesAsync(client, "first")).GetProperty("count").GetInt32() > 0);
        Assert.Equal(0, (await QueriesAsync(client, "kept")).GetProperty("count").GetInt32());
        Assert.True((await QueriesAsync(client, "again")).GetProperty("count").GetInt32() > 0);
    }

    [Fact]
    public async Task Diagnostics_WhenOff_AreNotFound_AndNothingIsRecorded()
    {
        await using var app = await AppFactory.CreateAsync();
        using var client = app.NewBrowserClient();

        var page = await GetRecordedAsync(client, "/s/shiyan", "off");
        var queries = await client.GetAsync("/diagnostics/queries/off");
        var evict = await client.PostAsync("/diagnostics/evict-public-cache", null);
        var unknown = await client.PostAsync("/diagnostics/no-such-thing", null);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, queries.StatusCode);
        // A POST to an address the app does not have (the pages' antiforgery check answers it first).
        Assert.Equal(unknown.StatusCode, evict.StatusCode);
        Assert.NotEqual(HttpStatusCode.NoContent, evict.StatusCode);
        Assert.Null(app.Services.GetService<QueryLog>());
    }

    private static Task<HttpResponseMessage> GetRecordedAsync(HttpClient client, string path, string id)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(DiagnosticsEndpoints.Header, id);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonElement> QueriesAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/diagnostics/queries/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }
}
