using System.Net;
using System.Text.RegularExpressions;
using CongressHub.Domain.Seeding;
using CongressHub.Tests.Support;
using CongressHub.Web.Hosting;

namespace CongressHub.Tests.Common;

public partial class SecurityHeadersTests(AppFixture app) : AppTest(app)
{
    [Theory]
    [InlineData("/signin")]
    [InlineData("/s/shiyan")]
    [InlineData("/api/sessions")]
    [InlineData("/app.css")]
    [InlineData("/print.js")]
    [InlineData("/no-such-page")]
    public async Task EveryKindOfResponse_CarriesTheSecurityHeaders(string url)
    {
        var response = await Client.GetAsync(url);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("style-src 'self' 'unsafe-inline'", csp);
        Assert.Contains("connect-src 'self'", csp);
        Assert.Contains("img-src 'self' data:", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("base-uri 'self'", csp);
        Assert.Contains("form-action 'self'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.DoesNotContain("'unsafe-inline'", csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task WorkingPage_AllowsExactlyItsInlineImportMap_AndNoOtherInlineScript()
    {
        await AppFactory.PostSignInAsync(Client, "convener", DemoSeeder.Password);

        var response = await Client.GetAsync("/dashboard");
        var html = await response.Content.ReadAsStringAsync();

        var inline = InlineScript().Matches(html).Select(m => m.Groups["body"].Value).ToList();
        var importMap = Assert.Single(inline);
        Assert.Contains("\"imports\"", importMap);
        Assert.Contains($"'{SecurityHeaders.HashOf(importMap)}'", Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task ApiError_CarriesTheSecurityHeaders()
    {
        var response = await Client.GetAsync("/api/votes/999999");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} without {name}.");

    /// <summary>A script element with content, not a <c>src</c>: what a CSP without 'unsafe-inline' must allow by hash.</summary>
    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>(?<body>.+?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
