using System.Diagnostics;
using System.Diagnostics.Metrics;
using CongressHub.Domain.Common;
using CongressHub.Web.Accounts;
using CongressHub.Web.Realtime;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace CongressHub.Web.Hosting;

/// <summary>
/// Figures for the benchmark, only when <c>Diagnostics:Enabled</c> is true (never in a normal run): memory after a
/// forced full collection (the managed heap and the process's resident memory); where a change's time goes
/// (<see cref="DiagnosticTimings"/>); the commands a request sent with <see cref="Header"/> ran, with what their plans
/// read whole (<see cref="QueryLog"/>); and the eviction of the residents' kept pages, so that a page can be timed
/// uncached again and again. The heap is also given in parts that are not held by any page: the pinned heap, where
/// the server's socket buffers live, and of it the buffers idle in the server's pool (kept after a burst of traffic
/// and given back slowly, so they depend on how busy the server was just before, not on what it holds).
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
        var pooled = PooledBuffers.Start();
        app.Lifetime.ApplicationStopping.Register(pooled.Dispose);
        app.MapGet("/diagnostics/memory", (SessionFeeds feeds, UserCircuits circuits, int? sessionId) =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            using var process = Process.GetCurrentProcess();
            var (connected, disconnected) = circuits.Count();
            return TypedResults.Ok(new
            {
                ManagedBytes = managed,
                // Generations 0–2, large and pinned objects, as the last full collection left them.
                LargeObjectBytes = info.GenerationInfo[3].SizeAfterBytes,
                PinnedObjectBytes = info.GenerationInfo[4].SizeAfterBytes,
                PooledBufferBytes = pooled.Bytes,
                WorkingSetBytes = process.WorkingSet64,
                Subscribers = sessionId is { } id ? feeds.SubscriberCount(id) : 0,
                CircuitsConnected = connected,
                CircuitsDisconnected = disconnected,
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

        // Methods the runtime has compiled so far (any tier) and the time it took: a benchmark measures only once the
        // count stops growing, so that no measured change shares the cores with the compiler.
        app.MapGet("/diagnostics/jit", () => TypedResults.Ok(new
        {
            Methods = System.Runtime.JitInfo.GetCompiledMethodCount(),
            CompilationMilliseconds = System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds,
        })).ExcludeFromDescription();

        var timings = new DiagnosticTimings();
        app.Lifetime.ApplicationStopped.Register(timings.Dispose);
        app.MapGet("/diagnostics/timings", () => TypedResults.Ok(timings.Summaries())).ExcludeFromDescription();
        app.MapDelete("/diagnostics/timings", () =>
        {
            timings.Clear();
            return TypedResults.NoContent();
        }).ExcludeFromDescription();
        // The hub's serialization of a session's state happens inside SignalR's send to the group, once per send; here
        // the same message (the newest state, through the hub's own JSON protocol) is serialized on its own and timed.
        app.MapGet("/diagnostics/serialization", async (SessionFeeds feeds, IHubProtocolResolver protocols, int sessionId, int? times) =>
        {
            var snapshot = await feeds.CurrentAsync(sessionId);
            if (snapshot is null)
            {
                return Results.NotFound();
            }
            var protocol = protocols.GetProtocol("json", null)!;
            var message = new InvocationMessage(nameof(ISessionClient.SessionChanged), [snapshot]);
            var samples = new List<double>();
            var bytes = 0;
            for (var i = 0; i < Math.Clamp(times ?? 100, 1, 10_000); i++)
            {
                var started = Stopwatch.GetTimestamp();
                bytes = protocol.GetMessageBytes(message).Length;
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            return Results.Ok(new { Bytes = bytes, Timing = TimingSummary.Of(samples) });
        }).ExcludeFromDescription();
    }

    /// <summary>The bytes idle in the server's buffer pools, from the framework's own meter.</summary>
    private sealed class PooledBuffers : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _bytes;

        public long Bytes => Interlocked.Read(ref _bytes);

        public static PooledBuffers Start()
        {
            var pooled = new PooledBuffers();
            pooled._listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Microsoft.AspNetCore.MemoryPool" && instrument.Name == "aspnetcore.memory_pool.pooled")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            pooled._listener.SetMeasurementEventCallback<long>((_, delta, _, _) => Interlocked.Add(ref pooled._bytes, delta));
            pooled._listener.Start();
            return pooled;
        }

        public void Dispose() => _listener.Dispose();
    }
}
