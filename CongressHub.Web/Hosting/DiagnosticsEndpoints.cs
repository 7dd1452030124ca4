using System.Diagnostics;
using System.Diagnostics.Metrics;
using CongressHub.Web.Accounts;
using CongressHub.Web.Realtime;

namespace CongressHub.Web.Hosting;

/// <summary>
/// Memory figures for the benchmark, only when <c>Diagnostics:Enabled</c> is true (never in a normal run): a forced
/// full collection, then the managed heap and the process's resident memory. The heap is also given in parts that
/// are not held by any page: the pinned heap, where the server's socket buffers live, and of it the buffers idle in
/// the server's pool (kept after a burst of traffic and given back slowly, so they depend on how busy the server
/// was just before, not on what it holds).
/// </summary>
public static class DiagnosticsEndpoints
{
    public static void MapDiagnostics(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DiagnosticsOptions>>().Value.Enabled)
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
