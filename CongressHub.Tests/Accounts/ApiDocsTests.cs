using System.Net;
using System.Text.Json;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Accounts;

/// <summary>The OpenAPI document integrators build against: the bearer scheme, and the responses each operation really gives.</summary>
public class ApiDocsTests : IAsyncLifetime
{
    private AppFactory _app = null!;
    private HttpClient _client = null!;
    private JsonElement _document;

    public async ValueTask InitializeAsync()
    {
        _app = await AppFactory.CreateAsync();
        _client = _app.CreateClient();
        var response = await _client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private IEnumerable<(string Path, string Method, JsonElement Operation)> Operations() =>
        _document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (p.Name, o.Name.ToUpperInvariant(), o.Value)));

    private JsonElement Operation(string path, string method) =>
        Operations().Single(o => o.Path == path && o.Method == method).Operation;

    private static IReadOnlyList<string> Responses(JsonElement operation) =>
        operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();

    private static bool NeedsToken(JsonElement operation) =>
        operation.TryGetProperty("security", out var security)
        && security.EnumerateArray().Any(r => r.TryGetProperty("bearer", out _));

    [Fact]
    public void Document_DeclaresTheBearerScheme_OnEveryOperationThatNeedsAToken_AndNotOnTheTokenEndpointOrTheGatewaysReceipts()
    {
        var scheme = _document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        var gateway = _document.GetProperty("components").GetProperty("securitySchemes").GetProperty("smsGateway");
        var operations = Operations().ToList();
        var receipts = Operation("/api/notices/sms-receipts", "POST");

        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        Assert.Equal(("apiKey", "header", "Authorization"), (gateway.GetProperty("type").GetString(), gateway.GetProperty("in").GetString(), gateway.GetProperty("name").GetString()));
        Assert.True(operations.Count > 40, $"only {operations.Count} operations documented");
        Assert.False(NeedsToken(Operation("/api/auth/token", "POST")));
        Assert.False(NeedsToken(receipts));
        Assert.True(receipts.GetProperty("security").EnumerateArray().Single().TryGetProperty("smsGateway", out _));
        Assert.Superset(new HashSet<string> { "200", "400", "401" }, Responses(receipts).ToHashSet());
        Assert.All(operations.Where(o => o.Path is not ("/api/auth/token" or "/api/notices/sms-receipts")), o =>
        {
            Assert.True(NeedsToken(o.Operation), $"{o.Method} {o.Path} does not name the bearer scheme");
            Assert.Contains("401", Responses(o.Operation));
        });
    }

    [Fact]
    public void Document_GivesEveryOperationASuccessResponse_AndProblemDetailsForItsErrors()
    {
        Assert.All(Operations(), o =>
        {
            var responses = Responses(o.Operation);
            Assert.True(responses.Any(r => r.StartsWith('2')), $"{o.Method} {o.Path} has no 2xx response: {string.Join(", ", responses)}");
            foreach (var error in responses.Where(r => r[0] is '4' or '5'))
            {
                var content = o.Operation.GetProperty("responses").GetProperty(error).GetProperty("content");
                Assert.True(content.TryGetProperty("application/problem+json", out _), $"{o.Method} {o.Path} {error} is not problem details");
            }
        });
        var ballot = Responses(Operation("/api/votes/{id}/ballots", "POST"));
        Assert.Superset(new HashSet<string> { "201", "400", "401", "403", "404", "409" }, ballot.ToHashSet());
        Assert.Contains("429", Responses(Operation("/api/auth/token", "POST")));
        Assert.Contains("422", Responses(Operation("/api/sessions/{id}/questions/{itemId}/answer", "POST")));
        var me = Operation("/api/me", "GET");
        Assert.True(me.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").TryGetProperty("schema", out _));
    }

    [Fact]
    public async Task ListedErrors_AreTheOnesRealRequestsGet()
    {
        var convener = await AppFactory.TokenAsync(_client, "convener");
        var delegateToken = await AppFactory.TokenAsync(_client, "delegate01");
        var motions = await AppFactory.GetJsonAsync(_client, "/api/motions", convener);
        var motion = motions.EnumerateArray().First().GetProperty("id").GetInt32();

        var anonymous = await _client.GetAsync("/api/me", TestContext.Current.CancellationToken);
        var notConvener = await AppFactory.SendAsync(_client, HttpMethod.Post, $"/api/motions/{motion}/votes", delegateToken, new { secret = true, majority = "half-of-all" });
        var badRule = await AppFactory.SendAsync(_client, HttpMethod.Post, $"/api/motions/{motion}/votes", convener, new { secret = true, majority = "most" });
        var unknownVote = await AppFactory.SendAsync(_client, HttpMethod.Get, "/api/votes/999999", convener);
        var noToken = await _client.PostAsync("/api/votes/1/ballots", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("401", Responses(Operation("/api/me", "GET")));
        Assert.Equal(HttpStatusCode.Forbidden, notConvener.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRule.StatusCode);
        Assert.Superset(new HashSet<string> { "400", "403" }, Responses(Operation("/api/motions/{id}/votes", "POST")).ToHashSet());
        Assert.Equal(HttpStatusCode.NotFound, unknownVote.StatusCode);
        Assert.Contains("404", Responses(Operation("/api/votes/{id}", "GET")));
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("Production", null, HttpStatusCode.NotFound)]
    [InlineData("Production", "false", HttpStatusCode.NotFound)]
    [InlineData("Production", "true", HttpStatusCode.OK)]
    [InlineData("Development", null, HttpStatusCode.OK)]
    public async Task ApiPage_IsServedInDevelopment_AndInProductionOnlyWhenTurnedOn(string environment, string? setting, HttpStatusCode expected)
    {
        var settings = new Dictionary<string, string> { ["environment"] = environment };
        if (setting is not null)
        {
            settings["Api:Reference"] = setting;
        }
        await using var app = await AppFactory.CreateAsync(settings: settings);
        using var client = app.CreateClient();

        var page = await client.GetAsync("/scalar", TestContext.Current.CancellationToken);
        var document = await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(expected, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }
}
