using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;

namespace CongressHub.Web.Hosting;

/// <summary>
/// The headers every response carries (pages, API, static files, errors): a Content-Security-Policy that lets a page
/// run only the app's own script files, <c>nosniff</c>, and a referrer policy that keeps paths inside the site.
/// </summary>
/// <remarks>
/// The one inline script is the import map the framework writes into working pages (<c>&lt;ImportMap /&gt;</c>); it
/// is allowed by the SHA-256 of exactly what the framework renders, taken from the same <see cref="ImportMapDefinition"/>
/// the component reads from its endpoint, so a new build with new fingerprints gets its own hash. Inline styles stay
/// allowed: MudBlazor sets them on its elements and the theme writes a style element.
/// </remarks>
public sealed class SecurityHeaders(EndpointDataSource endpoints)
{
    private string? _scriptSources;

    /// <summary>The policy for a request to <paramref name="host"/> (the hub's WebSocket goes back to the same host).</summary>
    public string PolicyFor(HostString host)
    {
        var socket = host.HasValue ? $" ws://{host} wss://{host}" : "";
        return $"default-src 'self'; script-src {ScriptSources()}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + $"font-src 'self' data:; connect-src 'self'{socket}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    /// <summary>
    /// The policy of the API page (<c>/scalar</c>, not served in production unless turned on): the same, except that
    /// its inline start-up script may run. Its script file still comes from this server only.
    /// </summary>
    public string ApiPagePolicyFor(HostString host) =>
        PolicyFor(host).Replace($"script-src {ScriptSources()};", "script-src 'self' 'unsafe-inline';", StringComparison.Ordinal);

    /// <summary><c>'self'</c> and the hash of the import map, once the endpoints that render it are known.</summary>
    private string ScriptSources()
    {
        if (_scriptSources is { } known)
        {
            return known;
        }
        // The component takes the endpoint's import map, or builds it from the endpoint's static assets.
        var importMap = endpoints.Endpoints.Select(e => e.Metadata.GetMetadata<ImportMapDefinition>()).FirstOrDefault(m => m is not null)
            ?? endpoints.Endpoints.Select(e => e.Metadata.GetMetadata<ResourceAssetCollection>()).Where(r => r is not null)
                .Select(r => ImportMapDefinition.FromResourceCollection(r!)).FirstOrDefault();
        if (importMap is null)
        {
            return "'self'";
        }
        return _scriptSources = $"'self' '{HashOf(importMap.ToString())}'";
    }

    /// <summary>A CSP hash source (<c>sha256-…</c>) of an inline script's text.</summary>
    public static string HashOf(string inlineScript) =>
        "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inlineScript)));

    public static void UseSecurityHeaders(IApplicationBuilder app)
    {
        var headers = app.ApplicationServices.GetRequiredService<SecurityHeaders>();
        app.Use((ctx, next) =>
        {
            // Set when the response starts, so that error pages and re-executed status pages carry them too.
            ctx.Response.OnStarting(() =>
            {
                var h = ctx.Response.Headers;
                h.ContentSecurityPolicy = ctx.Request.Path.StartsWithSegments(Api.OpenApiSetup.ReferencePath)
                    ? headers.ApiPagePolicyFor(ctx.Request.Host)
                    : headers.PolicyFor(ctx.Request.Host);
                h.XContentTypeOptions = "nosniff";
                h["Referrer-Policy"] = "strict-origin-when-cross-origin";
                return Task.CompletedTask;
            });
            return next(ctx);
        });
    }
}
