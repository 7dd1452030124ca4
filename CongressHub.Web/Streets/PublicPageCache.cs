using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace CongressHub.Web.Streets;

/// <summary>
/// Residents' pages (<c>/s/…</c>, the feed, the sitemap's index and its sitemaps) are the same for everyone who reads them in one language,
/// so their HTML is kept in memory and served without rendering until something of the street changes: every
/// committed domain event evicts them (<see cref="Tag"/>), and a minute is the longest they live, so a notice period
/// that opens or ends with the date shows on time. Pages carrying a form (a human check and an antiforgery token
/// belong to one visitor) are never stored: they mark the request with <see cref="MarkNotStored"/>.
/// <para>A page is kept once per value of the query parameters it reads (<see cref="QueryKeysOf"/>: a search, a
/// filter, a page number), and any other query string is the same page: an address with <c>?utm=…</c> or a random
/// string finds the kept page instead of rendering it again and keeping one more copy.</para>
/// </summary>
public sealed class PublicPageCache : IOutputCachePolicy
{
    public const string Tag = "public-pages";

    private static readonly object NotStored = new();

    private static readonly ConcurrentDictionary<Type, string[]> QueryKeysByPage = new();

    public static void AddTo(IServiceCollection services) =>
        services.AddOutputCache(options =>
        {
            options.SizeLimit = 64 * 1024 * 1024;
            // Addresses are kept as written: /sitemap-Shiyan.xml is not found, and must not be served /sitemap-shiyan.xml.
            options.UseCaseSensitivePaths = true;
            options.AddBasePolicy(new PublicPageCache());
        });

    /// <summary>Called by a page that renders something for one visitor only.</summary>
    public static void MarkNotStored(HttpContext? context) => context?.Items.TryAdd(NotStored, true);

    public static bool IsPublic(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && (request.Path.StartsWithSegments("/s") || PublicEndpoints.IsSitemap(request.Path))
        && !request.Path.Value!.EndsWith("/opinions/new", StringComparison.OrdinalIgnoreCase);

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var enabled = IsPublic(context.HttpContext.Request);
        context.EnableOutputCaching = enabled;
        context.AllowCacheLookup = enabled;
        context.AllowCacheStorage = enabled;
        context.AllowLocking = true;
        if (enabled)
        {
            context.CacheVaryByRules.QueryKeys = QueryKeysOf(context.HttpContext.GetEndpoint());
            context.CacheVaryByRules.VaryByValues["culture"] = CultureInfo.CurrentUICulture.Name;
            context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(1);
            context.Tags.Add(Tag);
            var http = context.HttpContext;
            http.Response.OnStarting(() =>
            {
                // Rendering issues an antiforgery cookie whether or not the page has a form. A page that is kept has
                // none, so it goes out without the cookie (everyone would get the same one) and without no-store.
                if (http.Response.StatusCode == StatusCodes.Status200OK && !http.Items.ContainsKey(NotStored)
                    && http.Response.Headers.SetCookie.All(c => c is not null && c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)))
                {
                    http.Response.Headers.Remove(HeaderNames.SetCookie);
                    http.Response.Headers.Remove(HeaderNames.Pragma);
                    http.Response.Headers.CacheControl = "no-cache";
                }
                return Task.CompletedTask;
            });
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The query parameters a page reads (its <c>[SupplyParameterFromQuery]</c> properties), which vary what it shows;
    /// none for the feed, the sitemap and pages that read none.
    /// </summary>
    public static string[] QueryKeysOf(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type is { } page
            ? QueryKeysByPage.GetOrAdd(page, static type => [.. type
                .GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Select(p => (Property: p, Query: p.GetCustomAttribute<SupplyParameterFromQueryAttribute>()))
                .Where(x => x.Query is not null)
                .Select(x => x.Query!.Name ?? x.Property.Name)
                .Order(StringComparer.OrdinalIgnoreCase)])
            : [];

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0 || context.HttpContext.Items.ContainsKey(NotStored))
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }
}
