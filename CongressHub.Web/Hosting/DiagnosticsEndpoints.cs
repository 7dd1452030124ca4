using System.Diagnostics;
using CongressHub.Domain.Common;
using CongressHub.Web.Realtime;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace CongressHub.Web.Hosting;

/// <summary>
/// Figures for the benchmark, only when <c>Diagnostics:Enabled</c> is true (never in a normal run): memory after a
/// forced full collection; the commands a request sent with <see cref="Header"/> ran, with what their plans read whole
/// (<see cref="QueryLog"/>); and the eviction of the residents' kept pages, so that a page can be timed uncached again
/// and again.
/// </summary>
public static class DiagnosticsEndpoints
{
    /// <summary>A request carrying this header has its database commands recorded under the header's value.</summary>
    public const string Header = "X-Diagnostics-Id";

    private const int MaxIdLength = 100;

    private static bool Enabled(WebApplication app) => app.Services.GetRequiredService<IOptions<DiagnosticsOptions>>().Value.Enabled;

    /// <summary>Opens a recording for each request that carries <see cref="Header"/>; its prerendered components run inside it too.</summary>
    public static void UseQueryRecording(this WebApplication app)
    {
        if (!Enabled(app))
        {
            return;
        }
        var log = app.Services.GetRequiredService<QueryLog>();
        app.Use(async (ctx, next) =>
        {
            if (ctx.Request.Headers[Header] is [{ Length: > 0 and <= MaxIdLength } id])
            {
                using (log.Record(id))
                {
                    await next(ctx);
                }
                return;
            }
            await next(ctx);
        });
    }

    public static void MapDiagnostics(this WebApplication app)
    {
        if (!Enabled(app))
        {
            return;
        }
        app.MapGet("/diagnostics/memory", (SessionFeeds feeds, int? sessionId) =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var process = Process.GetCurrentProcess();
            return TypedResults.Ok(new
            {
                ManagedBytes = GC.GetTotalMemory(forceFullCollection: true),
                WorkingSetBytes = process.WorkingSet64,
                Subscribers = sessionId is { } id ? feeds.SubscriberCount(id) : 0,
            });
        }).ExcludeFromDescription();

        app.MapGet("/diagnostics/queries/{id}", IResult (QueryLog log, string id) =>
            log.Find(id) is { } queries
                ? TypedResults.Ok(new
                {
                    Id = id,
                    Count = queries.Count,
                    TotalMilliseconds = queries.Sum(q => q.Milliseconds),
                    TablesScanned = queries.SelectMany(q => q.TablesScanned).Distinct().Order(StringComparer.Ordinal).ToArray(),
                    Queries = queries,
                })
                : TypedResults.NotFound()).ExcludeFromDescription();

        app.MapPost("/diagnostics/evict-public-cache", async (IOutputCacheStore pages, CancellationToken ct) =>
        {
            await pages.EvictByTagAsync(Streets.PublicPageCache.Tag, ct);
            return TypedResults.NoContent();
        }).ExcludeFromDescription();
    }
}
